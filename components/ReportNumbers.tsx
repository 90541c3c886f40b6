import { EVIDENCE_COLUMNS, type EvidenceRow } from '@/utils/evidence';
import { t } from '@/utils/i18n';

/**
 * Every number with the export's own columns and codes, so a printed row can be matched with
 * the CSV and JSON files cell by cell. The header is repeated on every printed page.
 */
export function ReportNumbers(props: { rows: EvidenceRow[] }) {
  return (
    <table className="report-table numbers" aria-label={t('reportNumbersLabel')}>
      <thead>
        <tr>
          {EVIDENCE_COLUMNS.map((c) => (
            <th scope="col" key={c} className="mono">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.phone_number_id} data-phone-number-id={row.phone_number_id}>
            {EVIDENCE_COLUMNS.map((c) => (
              <td key={c}>{row[c]}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
