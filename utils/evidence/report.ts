import { sha256Hex } from '../audit/canonical';
import { type ChainVerdict, verifyChain } from '../audit/chain';
import type { AuditRecord } from '../audit/entry';
import type { ScanState } from '../fleet/model';
import type { Policy, PolicyResult } from '../policy';
import { type EvidenceRow, evidenceRows, toEvidenceJson } from './index';

/**
 * The evidence report as data: what the printable report shows, built from the background's
 * typed replies by pure functions (WebCrypto for the hashes), so the page only lays it out.
 */

/** A time range, [from, to) in ms since epoch. */
export interface ReportPeriod {
  from: number;
  to: number;
  /** The days chosen, YYYY-MM-DD in the reader's time zone, both included. */
  fromDay: string;
  toDay: string;
}

export const DEFAULT_PERIOD_DAYS = 30;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight at the start of a local YYYY-MM-DD, or undefined for anything else. */
function localMidnight(day: string | null): number | undefined {
  const m = DAY.exec(day ?? '');
  if (!m) return undefined;
  const [, y, mo, d] = m.map(Number) as [number, number, number, number];
  const date = new Date(y, mo - 1, d);
  // 2026-02-31 rolls over to March: not a day anyone chose.
  return date.getMonth() === mo - 1 && date.getDate() === d ? date.getTime() : undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** @example localDay(Date.parse('2026-12-02T10:00:00')) // '2026-12-02' */
export const localDay = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/**
 * The period a report covers, from its page's URL (`?from=2026-11-02&to=2026-12-02`, local days,
 * both included); the last 30 days up to today when either is missing, invalid or reversed.
 * @example periodFromSearch('', Date.parse('2026-12-02T10:00:00')).fromDay // '2026-11-02'
 */
export function periodFromSearch(search: string, now: number): ReportPeriod {
  const params = new URLSearchParams(search);
  const fromDay = params.get('from');
  const toDay = params.get('to');
  const from = localMidnight(fromDay);
  const toStart = localMidnight(toDay);
  if (from !== undefined && toStart !== undefined && from <= toStart && fromDay && toDay)
    return { from, to: nextMidnight(toStart), fromDay, toDay };
  const today = localMidnight(localDay(now)) as number;
  const start = new Date(today);
  start.setDate(start.getDate() - DEFAULT_PERIOD_DAYS);
  return {
    from: start.getTime(),
    to: nextMidnight(today),
    fromDay: localDay(start.getTime()),
    toDay: localDay(today),
  };
}

/** The next local midnight (a day is not always 24 hours, across a clock change). */
function nextMidnight(midnight: number): number {
  const d = new Date(midnight);
  d.setDate(d.getDate() + 1);
  return d.getTime();
}

/** @example searchFromPeriod({ fromDay: '2026-11-02', toDay: '2026-12-02' }) // '?from=2026-11-02&to=2026-12-02' */
export const searchFromPeriod = (p: Pick<ReportPeriod, 'fromDay' | 'toDay'>) =>
  `?from=${p.fromDay}&to=${p.toDay}`;

/** Numbers per policy result: how many, and of them compliant or not. */
export interface SummaryCounts {
  numbers: number;
  compliant: number;
  nonCompliant: number;
  /** Storage could not be told (not read, failed, or a value Residency does not know). */
  unknown: number;
  /** No rule covers the WABA. */
  noPolicy: number;
}

/** A storage state as the export codes it: `storage_status` and `storage_region` ('' = not read). */
export interface StorageGroup extends SummaryCounts {
  status: string;
  region: string;
}

export interface WabaGroup extends SummaryCounts {
  wabaId: string;
  wabaName: string;
}

export interface EvidenceReport {
  /** Every number, the rows of the CSV and JSON export. */
  rows: EvidenceRow[];
  byStorage: StorageGroup[];
  byWaba: WabaGroup[];
  totals: SummaryCounts;
  /** The change history's records (calls and retention trims) whose time is in the period. */
  history: AuditRecord[];
  /** The JSON export, canonical: the bytes the hash is of. */
  evidenceJson: string;
  /** SHA-256 of evidenceJson's UTF-8 bytes, 64 lowercase hex digits. */
  evidenceSha256: string;
  /** The whole history's check (a chain is verified whole, not a period of it). */
  chain: ChainVerdict;
  /** False while numbers are still pending or the scan stopped: the report then says so. */
  scanComplete: boolean;
}

const RESULT_FIELD = {
  compliant: 'compliant',
  'non-compliant': 'nonCompliant',
  unknown: 'unknown',
  'no-policy': 'noPolicy',
} as const satisfies Record<PolicyResult, keyof SummaryCounts>;

const noCounts = (): SummaryCounts => ({
  numbers: 0,
  compliant: 0,
  nonCompliant: 0,
  unknown: 0,
  noPolicy: 0,
});

function count(into: SummaryCounts, row: EvidenceRow) {
  into.numbers += 1;
  into[RESULT_FIELD[row.policy_result as PolicyResult] ?? 'unknown'] += 1;
}

// In-country regions first (by code), then default storage, No Storage, the rest, not read.
const STORAGE_ORDER = [
  'in-country',
  'in-country-unknown-region',
  'default',
  'no-storage',
  'unknown',
];
const storageRank = (status: string) => {
  const i = STORAGE_ORDER.indexOf(status);
  return i === -1 ? STORAGE_ORDER.length : i;
};

/**
 * Numbers per storage state and region, per WABA (in the scan's order) and in all, each split
 * by policy result.
 */
export function summarize(
  rows: readonly EvidenceRow[],
  wabas: readonly { id: string; name?: string }[],
) {
  const totals = noCounts();
  const storage = new Map<string, StorageGroup>();
  const byWaba = new Map<string, WabaGroup>(
    wabas.map((w) => [w.id, { wabaId: w.id, wabaName: w.name ?? '', ...noCounts() }]),
  );
  for (const row of rows) {
    count(totals, row);
    const key = `${row.storage_status}\u0000${row.storage_region}`;
    const s = storage.get(key) ?? {
      status: row.storage_status,
      region: row.storage_region,
      ...noCounts(),
    };
    count(s, row);
    storage.set(key, s);
    const w = byWaba.get(row.waba_id) ?? {
      wabaId: row.waba_id,
      wabaName: row.waba_name,
      ...noCounts(),
    };
    count(w, row);
    byWaba.set(row.waba_id, w);
  }
  const byStorage = [...storage.values()].sort(
    (a, b) =>
      storageRank(a.status) - storageRank(b.status) ||
      (a.region < b.region ? -1 : a.region > b.region ? 1 : 0),
  );
  return { totals, byStorage, byWaba: [...byWaba.values()] };
}

/** Records whose time falls in the period, oldest first, as stored. */
export const historyIn = (records: readonly AuditRecord[], period: ReportPeriod) =>
  records.filter((r) => {
    const at = Date.parse(r.at);
    return at >= period.from && at < period.to;
  });

/**
 * Everything the report shows but who ran it and when.
 * @example const report = await buildEvidenceReport({ scan, policy, records, period });
 *   report.evidenceSha256 // equals `sha256sum` of the JSON export of the same scan and policy
 */
export async function buildEvidenceReport(input: {
  scan: ScanState;
  policy: Policy;
  records: readonly AuditRecord[];
  period: ReportPeriod;
}): Promise<EvidenceReport> {
  const { scan, policy, records, period } = input;
  const rows = evidenceRows(scan, policy);
  const evidenceJson = toEvidenceJson(scan, policy);
  const [evidenceSha256, chain] = await Promise.all([
    sha256Hex(evidenceJson),
    verifyChain(records),
  ]);
  return {
    rows,
    ...summarize(rows, scan.wabas),
    history: historyIn(records, period),
    evidenceJson,
    evidenceSha256,
    chain,
    scanComplete: scan.phase === 'done' && scan.rows.every((r) => r.state !== 'pending'),
  };
}
