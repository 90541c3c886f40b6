import type { AuditRecord } from '@/utils/audit/entry';
import { callStorageWords, describeCall } from '@/utils/audit/readable';
import { t } from '@/utils/i18n';

/** The change history entries of the report's period, oldest first, with their chain hashes. */
export function ReportHistory(props: {
  records: AuditRecord[];
  /** The id of the heading that names the table. */
  labelledBy: string;
  locale: string;
}) {
  const { records, labelledBy, locale } = props;
  if (records.length === 0) return <p>{t('reportHistoryEmpty')}</p>;
  return (
    <table className="report-table history" aria-labelledby={labelledBy}>
      <thead>
        <tr>
          <th scope="col">{t('auditColTime')}</th>
          <th scope="col">{t('reportColNumber')}</th>
          <th scope="col">{t('auditColAction')}</th>
          <th scope="col">{t('auditColStorage')}</th>
          <th scope="col">{t('auditColResult')}</th>
          <th scope="col">{t('reportColErrorCode')}</th>
          <th scope="col">{t('reportColTrace')}</th>
          <th scope="col">{t('reportColHash')}</th>
        </tr>
      </thead>
      <tbody>
        {records.map((r) => (
          <tr key={r.hash}>
            <td className="mono">{r.at}</td>
            {'kind' in r ? (
              <td colSpan={6}>{t('reportTrim', [r.removed.toLocaleString(locale)])}</td>
            ) : (
              <>
                <td className="mono">{r.displayPhoneNumber ?? r.phoneNumberId}</td>
                <td>{describeCall(r, locale).action}</td>
                <td>{callStorageWords(r, locale) ?? '–'}</td>
                <td>{describeCall(r, locale).result}</td>
                <td className="mono">{r.errorCode ?? ''}</td>
                <td className="mono">{r.fbtraceId ?? ''}</td>
              </>
            )}
            <td className="mono hash">{r.hash}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
