import type { SummaryCounts } from '@/utils/evidence/report';
import { t } from '@/utils/i18n';

export interface CountsRow extends SummaryCounts {
  key: string;
  label: string;
}

/** A summary table of the evidence report: numbers per group, split by policy result. */
export function ReportCountsTable(props: {
  caption: string;
  groupHeader: string;
  rows: CountsRow[];
  total: SummaryCounts;
  locale: string;
}) {
  const { caption, groupHeader, rows, total, locale } = props;
  const n = (value: number) => value.toLocaleString(locale);
  const cells = (c: SummaryCounts) => (
    <>
      <td className="num">{n(c.numbers)}</td>
      <td className="num">{n(c.compliant)}</td>
      <td className="num">{n(c.nonCompliant)}</td>
      <td className="num">{n(c.unknown)}</td>
      <td className="num">{n(c.noPolicy)}</td>
    </>
  );
  return (
    <table className="report-table counts">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{groupHeader}</th>
          <th scope="col">{t('reportColNumbers')}</th>
          <th scope="col">{t('fleetPolicyCompliant')}</th>
          <th scope="col">{t('fleetPolicyNonCompliant')}</th>
          <th scope="col">{t('fleetPolicyUnknown')}</th>
          <th scope="col">{t('fleetPolicyNone')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-key={row.key}>
            <th scope="row">{row.label}</th>
            {cells(row)}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('reportAllNumbers')}</th>
          {cells(total)}
        </tr>
      </tfoot>
    </table>
  );
}
