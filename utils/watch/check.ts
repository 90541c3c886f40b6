import type { ScanState } from '../fleet/model';
import { placeOf } from '../fleet/view';
import { interpretStorage, registrationState } from '../graph';
import {
  type CheckCalls,
  type SeenNumber,
  WATCH_EVENT_LIMIT,
  WATCHED_FIELDS,
  type WatchChange,
  type WatchEvent,
  type WatchGap,
  type WatchState,
} from './model';

/**
 * The watch's rules, pure: what a check saw, what changed since the check before, when a
 * check was missed, how many calls a check makes, and the bounded record of it all.
 */

/** Graph's largest page of phone_numbers (the scan reads pages this size). */
const PAGE_SIZE = 100;

/** What a finished scan saw of every number it read; failed rows are left out. */
export function seenNumbers(scan: ScanState): Record<string, SeenNumber> {
  const seen: Record<string, SeenNumber> = {};
  for (const row of scan.rows) {
    if (row.state !== 'done') continue;
    seen[row.phoneNumberId] = {
      wabaId: row.wabaId,
      number: row.phone.display_phone_number ?? row.phoneNumberId,
      storage: placeOf(interpretStorage(row.settings)) || '?',
      registration: registrationState(row.phone).state,
    };
  }
  return seen;
}

/**
 * Every watched field that differs between two checks, for numbers both saw. A number only
 * one of them saw is not a change of storage (it was added, removed, or not read: a gap says so).
 * @example compareChecks({ '1': a }, { '1': { ...a, storage: 'DE' } }, 100, 200, id)
 *   // [{ kind: 'change', field: 'storage', before: a.storage, after: 'DE', since: 100, observedAt: 200, … }]
 */
export function compareChecks(
  before: Readonly<Record<string, SeenNumber>>,
  after: Readonly<Record<string, SeenNumber>>,
  since: number,
  observedAt: number,
  newId: () => string,
): WatchChange[] {
  const changes: WatchChange[] = [];
  for (const [phoneNumberId, now] of Object.entries(after)) {
    const then = before[phoneNumberId];
    if (!then) continue;
    for (const field of WATCHED_FIELDS) {
      if (then[field] === now[field]) continue;
      changes.push({
        kind: 'change',
        id: newId(),
        phoneNumberId,
        number: now.number,
        wabaId: now.wabaId,
        field,
        before: then[field],
        after: now[field],
        observedAt,
        since,
      });
    }
  }
  return changes;
}

/** How late an alarm may be before the check counts as missed (browsers delay alarms). */
export const MISSED_GRACE_MS = 10 * 60_000;

/**
 * The time no check saw the fleet, when the last one is more than one interval (and a grace)
 * ago: the browser was closed or asleep over the time a check was due. Timestamps decide, not
 * alarms, since an alarm missed while the browser was closed fires once, late, or not at all.
 * @example missedCheckGap(9 * HOUR, 13 * HOUR, HOUR) // { from: 9 * HOUR, to: 13 * HOUR }
 */
export function missedCheckGap(
  lastCheckAt: number | undefined,
  now: number,
  intervalMs: number,
): { from: number; to: number } | null {
  if (lastCheckAt === undefined) return null;
  return now - lastCheckAt > intervalMs + MISSED_GRACE_MS ? { from: lastCheckAt, to: now } : null;
}

/**
 * The calls a check makes, from what the last scan listed: one settings read per number, the
 * number-list pages of every account (at least one each), and /me with the token's accounts.
 * @example checkCalls([{ numbers: 250 }, { numbers: 0 }]) // { numbers: 250, pages: 4, account: 2, total: 256 }
 */
export function checkCalls(wabas: readonly { numbers: number }[]): CheckCalls {
  const numbers = wabas.reduce((sum, w) => sum + w.numbers, 0);
  // A page that is exactly full is followed by one more (Graph gives a next cursor).
  const pages = wabas.reduce((sum, w) => sum + Math.floor(w.numbers / PAGE_SIZE) + 1, 0);
  const account = 2;
  return { numbers, pages, account, total: numbers + pages + account };
}

/** The calls a check of the fleet as this scan saw it would make. */
export function checkCallsOf(scan: Pick<ScanState, 'wabas' | 'rows'>): CheckCalls {
  const perWaba = new Map(scan.wabas.map((w) => [w.id, 0]));
  for (const row of scan.rows) perWaba.set(row.wabaId, (perWaba.get(row.wabaId) ?? 0) + 1);
  return checkCalls([...perWaba.values()].map((numbers) => ({ numbers })));
}

/** Whether a check may run under the cap; an unknown fleet (no scan yet) may: the cap stops it. */
export const withinCap = (calls: CheckCalls | undefined, cap: number) =>
  calls === undefined || calls.total <= cap;

/**
 * The record with new events appended, oldest first; past `limit` the oldest go and the
 * removal is counted, with the time of the newest removed, so a trim is never silent.
 */
export function recordEvents(
  state: WatchState,
  events: readonly WatchEvent[],
  limit = WATCH_EVENT_LIMIT,
): WatchState {
  if (events.length === 0) return state;
  const all = [...state.events, ...events];
  const over = Math.max(0, all.length - limit);
  if (over === 0) return { ...state, events: all };
  const removed = all.slice(0, over);
  const last = removed[removed.length - 1];
  return {
    ...state,
    events: all.slice(over),
    trimmed: {
      removed: state.trimmed.removed + over,
      through: last ? eventTime(last) : state.trimmed.through,
    },
  };
}

/** When an event was observed (a change) or ended (a gap). */
export const eventTime = (e: WatchEvent) => (e.kind === 'change' ? e.observedAt : e.to);

/**
 * Numbers that changed after the person last looked at the list: the badge's count.
 * @example driftedSince(events, seenAt).size // 3
 */
export function driftedSince(events: readonly WatchEvent[], seenAt: number): Set<string> {
  const ids = new Set<string>();
  for (const e of events)
    if (e.kind === 'change' && e.observedAt > seenAt) ids.add(e.phoneNumberId);
  return ids;
}

/** Every number with a recorded change (marked in the overview's table). */
export function driftedNumbers(events: readonly WatchEvent[]): Set<string> {
  return driftedSince(events, Number.NEGATIVE_INFINITY);
}

/**
 * The list the overview shows: newest first, only one number's when a search is given (digits
 * of the number or its ID); gaps stay in, since they hide every number's changes.
 */
export function eventsToShow(events: readonly WatchEvent[], search: string): WatchEvent[] {
  const digits = search.replace(/\D/g, '');
  const shown = digits
    ? events.filter(
        (e) =>
          e.kind === 'gap' ||
          e.phoneNumberId.includes(digits) ||
          e.number.replace(/\D/g, '').includes(digits),
      )
    : events.slice();
  return shown.sort((a, b) => eventTime(b) - eventTime(a));
}

/** A gap from the outcome of a check that did not see the whole fleet. */
export const gapEvent = (gap: Omit<WatchGap, 'kind' | 'id'>, newId: () => string): WatchGap => ({
  kind: 'gap',
  id: newId(),
  ...gap,
});
