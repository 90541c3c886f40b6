import { canonicalJson, sha256Hex } from './canonical';
import type { AuditEntry, AuditRecord, ChainedEntry, TrimMarker } from './entry';

/**
 * The change history is a hash chain: every record carries `prevHash`, the hash of the record
 * before it, and `hash`, the SHA-256 of its own canonical JSON (./canonical.ts) with every
 * member except `hash` itself (so `prevHash` is covered). Editing, removing, adding or
 * reordering a record breaks a link that verifyChain finds. Rewriting the whole chain does
 * not, which is why the head hash (the newest record's hash) is shown and exported: a later
 * head that does not descend from an earlier one shows against an earlier printout.
 * Pure functions over plain data; only WebCrypto is used.
 */

/** What the first record of a history links to when nothing was ever removed. */
export const GENESIS_HASH = '0'.repeat(64);

export const isTrim = (record: AuditRecord): record is TrimMarker =>
  'kind' in record && record.kind === 'trim';

export const isCall = (record: AuditRecord): record is ChainedEntry => !isTrim(record);

/** The hash a record must carry: SHA-256 of its canonical JSON without `hash`. */
export function recordHash(record: AuditRecord | Omit<AuditRecord, 'hash'>): Promise<string> {
  const { hash: _ignored, ...content } = record as AuditRecord;
  return sha256Hex(canonicalJson(content));
}

/** Links a record to the one before it and seals it with its hash. */
async function seal<T extends AuditEntry | Omit<TrimMarker, 'prevHash' | 'hash'>>(
  content: T,
  prevHash: string,
): Promise<T & { prevHash: string; hash: string }> {
  const linked = { ...content, prevHash };
  return { ...linked, hash: await recordHash(linked as Omit<AuditRecord, 'hash'>) };
}

/** Chains calls in order, the first linked to `prevHash` (used when the history is upgraded). */
export async function chainEntries(
  entries: readonly AuditEntry[],
  prevHash = GENESIS_HASH,
): Promise<ChainedEntry[]> {
  const chained: ChainedEntry[] = [];
  let previous = prevHash;
  for (const entry of entries) {
    const sealed = await seal(entry, previous);
    chained.push(sealed);
    previous = sealed.hash;
  }
  return chained;
}

/** The hash the next record links to: the newest record's, or GENESIS_HASH for none. */
export const headHash = (records: readonly AuditRecord[]) => records.at(-1)?.hash ?? GENESIS_HASH;

export interface Trim {
  /** Calls removed. */
  removed: number;
  /** Time of the newest call removed. */
  removedThrough?: string;
}

/**
 * Appends a call, keeping at most `limit` calls. When older calls must go, the oldest `batch`
 * calls (or as many as needed) go at once, so the chain gains one trim marker per `batch`
 * calls rather than one per call. Everything before the oldest kept call is removed and a trim
 * marker is chained, naming what was removed and the hash of the last removed record, which
 * the oldest kept record still links to.
 * @example await appendToChain([], call, 2000) // { records: [chained call], trim: null }
 */
export async function appendToChain(
  records: readonly AuditRecord[],
  entry: AuditEntry,
  limit: number,
  batch = 1,
): Promise<{ records: AuditRecord[]; trim: Trim | null }> {
  const calls = records.filter(isCall);
  const over = calls.length + 1 - limit;
  const cut = over > 0 ? Math.min(calls.length, over + Math.max(0, batch - 1)) : 0;
  let kept = [...records];
  let trim: Trim | null = null;
  if (cut > 0) {
    const firstKept = calls[cut];
    const start = firstKept ? records.indexOf(firstKept) : records.length;
    const removed = records.slice(0, start);
    const removedCalls = removed.filter(isCall);
    const marker = await seal(
      {
        kind: 'trim' as const,
        id: `trim-${entry.id}`,
        at: entry.at,
        removed: removedCalls.length,
        removedFrom: removedCalls[0]?.at,
        removedThrough: removedCalls.at(-1)?.at,
        lastRemovedHash: headHash(removed),
      },
      headHash(records),
    );
    kept = [...records.slice(start), marker];
    trim = { removed: removedCalls.length, removedThrough: removedCalls.at(-1)?.at };
  }
  const sealed = await seal(entry, headHash(kept));
  return { records: [...kept, sealed], trim };
}

/** How a link fails, in the order verifyChain checks them. */
export type ChainProblem =
  /** The record's content no longer gives the hash it was sealed with. */
  | 'edited'
  /** The record links to one that is not in the history (a record before it was removed). */
  | 'removed'
  /** The record links to one further back: records between them were added. */
  | 'added'
  /** The record links to one that comes after it: records were moved. */
  | 'reordered';

export type ChainVerdict =
  | {
      state: 'intact';
      /** The newest record's hash (GENESIS_HASH for an empty history). */
      headHash: string;
      /** Records in the chain: calls and trims. */
      count: number;
      calls: number;
      trims: number;
    }
  | {
      state: 'broken';
      /** 1-based position of the first record that does not verify, oldest first. */
      position: number;
      count: number;
      problem: ChainProblem;
      record: AuditRecord;
      /** What the record should carry (its recomputed hash, or the hash it should link to). */
      expected: string;
      /** What it carries. */
      found: string;
      /** The newest record's hash as stored. */
      headHash: string;
    };

/**
 * Checks every record of a stored history, oldest first: its own hash, then its link to the
 * record before (the first record links to GENESIS_HASH, or to the last record removed by the
 * newest retention trim). Reports the first record that does not verify.
 */
export async function verifyChain(records: readonly AuditRecord[]): Promise<ChainVerdict> {
  const recomputed = await Promise.all(records.map(recordHash));
  const positionOf = new Map(records.map((r, i) => [r.hash, i] as const));
  const newestTrim = records.filter(isTrim).at(-1);
  const start = newestTrim?.lastRemovedHash ?? GENESIS_HASH;
  const broken = (
    i: number,
    problem: ChainProblem,
    expected: string,
    found: string,
  ): ChainVerdict => ({
    state: 'broken',
    position: i + 1,
    count: records.length,
    problem,
    record: records[i] as AuditRecord,
    expected,
    found,
    headHash: headHash(records),
  });

  for (const [i, record] of records.entries()) {
    const own = recomputed[i] as string;
    if (own !== record.hash) return broken(i, 'edited', own, record.hash);
    const expected = i === 0 ? start : (records[i - 1] as AuditRecord).hash;
    if (record.prevHash === expected) continue;
    const linked = positionOf.get(record.prevHash);
    const problem = linked === undefined ? 'removed' : linked > i ? 'reordered' : 'added';
    return broken(i, problem, expected, record.prevHash);
  }
  const trims = records.filter(isTrim).length;
  return {
    state: 'intact',
    headHash: headHash(records),
    count: records.length,
    calls: records.length - trims,
    trims,
  };
}
