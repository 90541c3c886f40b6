import { EVIDENCE_COLUMNS, type EvidenceColumn, type EvidenceRow } from '@/utils/evidence';
import { t } from '@/utils/i18n';

/**
 * Column widths in percent of the page: twenty columns fit a landscape page only when the
 * long codes (IDs, times, trace IDs) get the room they need and short ones little, so a row
 * takes one or two lines rather than four.
 */
const WIDTHS: Record<EvidenceColumn, number> = {
  waba_id: 6.5,
  waba_name: 5,
  phone_number_id: 6.5,
  display_phone_number: 6.5,
  phone_e164_digits: 5.5,
  verified_name: 5,
  registration: 5,
  platform_type: 4.5,
  storage_status: 4.5,
  storage_region: 2.5,
  storage_status_raw: 8,
  quality_rating: 3,
  policy_result: 5.5,
  policy_rule: 2.5,
  read_state: 2.5,
  read_at_utc: 9,
  api_version: 3,
  fb_trace_id: 8,
  error_code: 2.5,
  error_message: 4.5,
};

/**
 * Every number with the export's own columns and codes, so a printed row can be matched with
 * the CSV and JSON files cell by cell. The header is repeated on every printed page.
 */
export function ReportNumbers(props: { rows: EvidenceRow[] }) {
  return (
    <table className="report-table numbers" aria-label={t('reportNumbersLabel')}>
      <colgroup>
        {EVIDENCE_COLUMNS.map((c) => (
          <col key={c} style={{ width: `${WIDTHS[c]}%` }} />
        ))}
      </colgroup>
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
