import type { ChainVerdict } from '@/utils/audit/chain';
import type { AuditEntry, AuditRecord } from '@/utils/audit/entry';
import { formatDateTime, formatNumber, t, tPlural } from '@/utils/i18n';
import type { StoredDataReport } from '@/utils/storage';
import { ChainCheck } from './ChainCheck';

/**
 * The local record of every state-changing call, newest first, with the check of its hash
 * chain and exports. Retention trims are records of the chain, summed up in the rule's line.
 */
export function AuditLog(props: {
  entries: AuditRecord[];
  /** The chain's check; absent while it runs. */
  verdict?: ChainVerdict;
  /** The retention rule, and what it has removed so far. */
  retention?: StoredDataReport['auditRetention'];
  locale: string;
  onExportCsv(): void;
  onExportJson(): void;
}) {
  const brokenId = props.verdict?.state === 'broken' ? props.verdict.record.id : undefined;
  const rows = props.entries.filter((e): e is AuditRecord & AuditEntry => !('kind' in e)).reverse();
  return (
    <section aria-labelledby="audit-heading" className="stack">
      <h2 id="audit-heading">{t('auditHeading')}</h2>
      <p className="hint">{t('auditIntro')}</p>
      {props.retention && (
        <p className="hint">
          {tPlural('auditRetention', props.retention.limit, [
            formatNumber(props.retention.limit, props.locale),
            formatNumber(props.retention.batch, props.locale),
          ])}
          {props.retention.removed > 0 &&
            ` ${tPlural('auditRetentionRemoved', props.retention.removed, [
              formatNumber(props.retention.removed, props.locale),
              props.retention.removedThrough
                ? formatDateTime(props.retention.removedThrough, props.locale)
                : '',
            ])}`}
        </p>
      )}
      {props.entries.length > 0 && <ChainCheck verdict={props.verdict} locale={props.locale} />}
      <div className="row">
        <button type="button" onClick={props.onExportCsv} disabled={rows.length === 0}>
          {t('auditExportCsv')}
        </button>
        <button type="button" onClick={props.onExportJson} disabled={rows.length === 0}>
          {t('auditExportJson')}
        </button>
      </div>
      {rows.length === 0 ? (
        <p role="status">{t('auditEmpty')}</p>
      ) : (
        <table className="numbers">
          <caption className="visually-hidden">{t('auditHeading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('auditColTime')}</th>
              <th scope="col">{t('columnNumber')}</th>
              <th scope="col">{t('auditColAction')}</th>
              <th scope="col">{t('auditColRegions')}</th>
              <th scope="col">{t('auditColResult')}</th>
              <th scope="col">{t('supportTrace')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={e.at}>{formatDateTime(e.at, props.locale)}</time>
                </td>
                <td>{e.displayPhoneNumber ?? e.phoneNumberId}</td>
                <td>{e.action}</td>
                <td>
                  {e.regionBefore ?? ''}
                  {e.regionAfter ? ` → ${e.regionAfter}` : ''}
                </td>
                <td>
                  {e.result}
                  {e.errorCode !== undefined ? ` (${e.errorCode})` : ''}
                  {e.id === brokenId && (
                    <strong className="broken"> {t('auditChainRowBroken')}</strong>
                  )}
                </td>
                <td className="mono">{e.fbtraceId ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
