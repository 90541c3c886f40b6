import type { ChainVerdict } from './chain';
import type { AuditRecord } from './entry';

/**
 * The change history as files, for the user's records: every record with its hash and the
 * hash it links to, and the head hash with the result of the check at export time. Column
 * names and values are the same whatever the UI language. Pure, so the settings page does
 * not load storage code to export.
 */

type Column =
  | 'at'
  | 'phoneNumberId'
  | 'displayPhoneNumber'
  | 'action'
  | 'regionBefore'
  | 'regionAfter'
  | 'result'
  | 'errorCode'
  | 'fbtraceId'
  | 'flowId'
  | 'kind'
  | 'removed'
  | 'removedFrom'
  | 'removedThrough'
  | 'lastRemovedHash'
  | 'id'
  | 'prevHash'
  | 'hash';

// The first ten are the columns of 0.1.0's export, in its order, so old readers still fit.
const COLUMNS: Column[] = [
  'at',
  'phoneNumberId',
  'displayPhoneNumber',
  'action',
  'regionBefore',
  'regionAfter',
  'result',
  'errorCode',
  'fbtraceId',
  'flowId',
  'kind',
  'removed',
  'removedFrom',
  'removedThrough',
  'lastRemovedHash',
  'id',
  'prevHash',
  'hash',
];

/** One CSV cell: quoted per RFC 4180, and never read as a formula by a spreadsheet. */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The check's result in a few fixed English words, e.g. "broken at entry 3: edited". */
export function verdictText(verdict: ChainVerdict): string {
  return verdict.state === 'intact'
    ? 'intact'
    : `broken at entry ${verdict.position}: ${verdict.problem}`;
}

/**
 * One row per record, oldest first (`kind` is "call" or "trim"), then a last row of kind
 * "head": the export time, the check's result and the head hash.
 */
export function toCsv(
  records: readonly AuditRecord[],
  verdict: ChainVerdict,
  exportedAt: string,
): string {
  const row = (cells: Partial<Record<Column, unknown>>) =>
    COLUMNS.map((c) => csvCell(cells[c])).join(',');
  const rows = [
    COLUMNS.join(','),
    ...records.map((r) => row({ kind: 'kind' in r ? r.kind : 'call', ...r })),
    row({ kind: 'head', at: exportedAt, result: verdictText(verdict), hash: verdict.headHash }),
  ];
  return `${rows.join('\r\n')}\r\n`;
}

/** The records as stored, with the head hash and the check's result at export time. */
export function toJson(
  records: readonly AuditRecord[],
  verdict: ChainVerdict,
  exportedAt: string,
): string {
  const { headHash, ...check } =
    verdict.state === 'intact' ? verdict : { ...verdict, record: undefined };
  const file = {
    format: 'residency-change-history',
    exportedAt,
    headHash,
    check: { ...check, result: verdictText(verdict) },
    entries: records,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}
