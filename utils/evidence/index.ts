import { canonicalJson } from '../audit/canonical';
import { csvCell } from '../audit/export';
import type { FleetRow, ScanState } from '../fleet/model';
import { interpretStorage, registrationState, type StorageStatus } from '../graph/status';
import { phoneDigits } from '../manager-page';
import { evaluatePolicy, type Policy, type PolicyResult } from '../policy';

/**
 * The evidence export: one row per number, for auditors. Column names and values are fixed
 * English identifiers and codes, never UI text, so a file reads the same whatever language
 * Residency's UI is in. Times are UTC ISO 8601.
 */

export const EVIDENCE_COLUMNS = [
  'waba_id',
  'waba_name',
  'phone_number_id',
  'display_phone_number',
  'phone_e164_digits',
  'verified_name',
  'registration',
  'platform_type',
  'storage_status',
  'storage_region',
  'storage_status_raw',
  'quality_rating',
  'policy_result',
  'policy_rule',
  'read_state',
  'read_at_utc',
  'api_version',
  'fb_trace_id',
  'error_code',
  'error_message',
] as const;
export type EvidenceColumn = (typeof EVIDENCE_COLUMNS)[number];
export type EvidenceRow = Record<EvidenceColumn, string>;

/**
 * Where a number keeps its data as one code: a region for in-country storage, US for Meta's
 * default storage, empty when there is no place (No Storage) or it cannot be told.
 */
function storageRegion(status: StorageStatus): string {
  if (status.kind === 'in-country') return status.region;
  if (status.kind === 'default') return 'US';
  if (status.kind === 'in-country-unknown-region') return status.regionRaw;
  return '';
}

/** A row's storage, when it was read; undefined otherwise. */
export const rowStorage = (row: FleetRow): StorageStatus | undefined =>
  row.state === 'done' ? interpretStorage(row.settings) : undefined;

/** @example rowVerdict(policy, row).result // 'compliant' */
export const rowVerdict = (policy: Policy, row: FleetRow) =>
  evaluatePolicy(policy, row.wabaId, rowStorage(row));

/**
 * One evidence row for a number.
 * @example evidenceRow(row, 'Fleet Bank 01', policy).storage_region // 'BR'
 */
export function evidenceRow(row: FleetRow, wabaName: string, policy: Policy): EvidenceRow {
  const storage = rowStorage(row);
  const verdict = evaluatePolicy(policy, row.wabaId, storage);
  const display = row.phone.display_phone_number ?? '';
  return {
    waba_id: row.wabaId,
    waba_name: wabaName,
    phone_number_id: row.phoneNumberId,
    display_phone_number: display,
    phone_e164_digits: phoneDigits(display),
    verified_name: row.phone.verified_name ?? '',
    registration: registrationState(row.phone).state,
    platform_type: row.phone.platform_type ?? row.phone.host_platform ?? '',
    storage_status: storage?.kind ?? '',
    storage_region: storage ? storageRegion(storage) : '',
    storage_status_raw: row.settings?.storage_configuration?.status ?? '',
    quality_rating: row.phone.quality_rating ?? '',
    policy_result: verdict.result satisfies PolicyResult,
    policy_rule: verdict.rule ?? '',
    read_state: row.state,
    read_at_utc: row.readAt === undefined ? '' : new Date(row.readAt).toISOString(),
    api_version: row.apiVersion ?? '',
    fb_trace_id: row.traceId ?? row.error?.fbtraceId ?? '',
    error_code: row.error?.code === undefined ? '' : String(row.error.code),
    error_message: row.error?.message ?? '',
  };
}

/** Every number of a scan, in the scan's order (WABA by WABA, as the pages listed them). */
export function evidenceRows(state: ScanState, policy: Policy): EvidenceRow[] {
  const names = new Map(state.wabas.map((w) => [w.id, w.name ?? '']));
  return state.rows.map((row) => evidenceRow(row, names.get(row.wabaId) ?? '', policy));
}

/**
 * CSV for spreadsheets: UTF-8 with a byte order mark (so accents survive Excel), RFC 4180
 * quoting, CRLF lines, and no cell a spreadsheet would run as a formula (the number's
 * digits have their own column, so the display form's leading "+" costs nothing).
 */
export function toEvidenceCsv(rows: EvidenceRow[]): string {
  const lines = [
    EVIDENCE_COLUMNS.join(','),
    ...rows.map((row) => EVIDENCE_COLUMNS.map((c) => csvCell(row[c])).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** @example evidenceFileName('json', Date.parse('2026-12-02T03:04:05.678Z')) // 'residency-evidence-2026-12-02T03-04-05-678Z.json' */
export const evidenceFileName = (kind: 'csv' | 'json', at: number) =>
  `residency-evidence-${new Date(at).toISOString().replace(/[:.]/g, '-')}.${kind}`;

/**
 * The JSON export as data: the scan, the policy and its rows. Nothing in it depends on when
 * it is made, so the same scan and policy always give the same document, and an evidence
 * report and an export made from them carry the same hash.
 */
export function evidenceDocument(state: ScanState, policy: Policy) {
  return {
    format: 'residency-evidence',
    version: 2,
    scan_id: state.id,
    scan_started_at_utc: new Date(state.startedAt).toISOString(),
    scan_finished_at_utc:
      state.finishedAt === undefined ? null : new Date(state.finishedAt).toISOString(),
    policy,
    numbers: evidenceRows(state, policy),
  };
}

/**
 * The JSON export, in canonical form (sorted keys, no whitespace: utils/audit/canonical.ts),
 * exactly the bytes whose SHA-256 the evidence report prints, so anyone can match the two
 * with `sha256sum`.
 */
export function toEvidenceJson(state: ScanState, policy: Policy): string {
  return canonicalJson(evidenceDocument(state, policy));
}
