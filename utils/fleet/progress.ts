import type { PhoneNumber, SerializedGraphError, Settings } from '../graph';
import type { FleetRow, FleetWaba, ScanProgress, ScanState } from './model';

/** What happened during a scan; `applyScanEvent` folds these into the stored state. */
export type ScanEvent =
  | { type: 'wabas.found'; wabas: { id: string; name?: string }[] }
  /** The token or the list of assigned WABAs failed: nothing else can be read. */
  | { type: 'scan.failed'; error: SerializedGraphError }
  /** One page of a WABA's numbers; `after` is the next page's cursor, absent on the last. */
  | { type: 'page.read'; wabaId: string; numbers: PhoneNumber[]; after?: string }
  | { type: 'page.failed'; wabaId: string; error: SerializedGraphError }
  | {
      type: 'number.read';
      phoneNumberId: string;
      settings: Settings;
      readAt: number;
      traceId?: string;
      apiVersion: string;
    }
  | { type: 'number.failed'; phoneNumberId: string; error: SerializedGraphError }
  /** Meta refused a call for its rate limits: everything waits until `until`. */
  | { type: 'rate-limited'; until: number; code?: number; traceId?: string }
  | { type: 'wait.over' }
  | { type: 'retry.number'; phoneNumberId: string }
  | { type: 'retry.waba'; wabaId: string }
  | { type: 'finished'; at: number };

/** @example newScan('scan-1', Date.now()).phase // 'wabas' */
export function newScan(id: string, now: number): ScanState {
  return {
    id,
    startedAt: now,
    phase: 'wabas',
    wabas: [],
    rows: [],
    streak: 0,
    stats: { requests: 0, rateLimited: 0 },
  };
}

const counted = (state: ScanState, extra: Partial<ScanState['stats']> = {}) => ({
  requests: state.stats.requests + 1,
  rateLimited: state.stats.rateLimited + (extra.rateLimited ?? 0),
});

function withWaba(state: ScanState, wabaId: string, change: (w: FleetWaba) => FleetWaba) {
  return state.wabas.map((w) => (w.id === wabaId ? change(w) : w));
}

function withRow(state: ScanState, id: string, change: (row: FleetRow) => FleetRow) {
  const index = state.rows.findIndex((r) => r.phoneNumberId === id);
  const row = state.rows[index];
  if (!row) return state.rows;
  const rows = state.rows.slice();
  rows[index] = change(row);
  return rows;
}

/** @example findRow(state, '500000000000001')?.state // 'done' */
export const findRow = (state: ScanState, id: string) =>
  state.rows.find((r) => r.phoneNumberId === id);

/** A row back to pending, without what the last attempt left. */
function pendingAgain({ error: _e, ...row }: FleetRow): FleetRow {
  return { ...row, state: 'pending' };
}

/**
 * The scan after one event. Pure: the runner, the tests and a resumed worker all get the
 * same state from the same events. A success ends a run of rate-limit errors (the streak);
 * only 'wait.over' ends the wait itself, because answers already under way may still arrive.
 * @example applyScanEvent(newScan('s', 0), { type: 'wabas.found', wabas: [{ id: '1' }] }).phase // 'numbers'
 */
export function applyScanEvent(state: ScanState, event: ScanEvent): ScanState {
  const streakEnds = { streak: 0 };
  switch (event.type) {
    case 'wabas.found':
      return {
        ...state,
        ...streakEnds,
        phase: 'numbers',
        stats: counted(state),
        wabas: event.wabas.map((w) => ({ ...w, state: 'listing', pages: 0 })),
      };
    case 'scan.failed':
      return { ...state, phase: 'failed', error: event.error, stats: counted(state) };
    case 'page.read': {
      const listed = new Map(event.numbers.map((phone) => [phone.id, phone]));
      // A page listed again (after a retry) refreshes the list fields of rows already there.
      const rows = state.rows.map((row) => {
        const phone = listed.get(row.phoneNumberId);
        if (!phone) return row;
        listed.delete(row.phoneNumberId);
        return { ...row, phone };
      });
      for (const phone of listed.values())
        rows.push({ phoneNumberId: phone.id, wabaId: event.wabaId, phone, state: 'pending' });
      return {
        ...state,
        ...streakEnds,
        rows,
        stats: counted(state),
        wabas: withWaba(state, event.wabaId, ({ error: _e, after: _a, ...w }) => ({
          ...w,
          ...(event.after ? { after: event.after } : {}),
          state: event.after ? 'listing' : 'listed',
          pages: w.pages + 1,
        })),
      };
    }
    case 'page.failed':
      return {
        ...state,
        stats: counted(state),
        wabas: withWaba(state, event.wabaId, (w) => ({
          ...w,
          state: 'failed',
          error: event.error,
        })),
      };
    case 'number.read':
      return {
        ...state,
        ...streakEnds,
        stats: counted(state),
        rows: withRow(state, event.phoneNumberId, ({ error: _e, ...row }) => ({
          ...row,
          state: 'done',
          settings: event.settings,
          readAt: event.readAt,
          apiVersion: event.apiVersion,
          ...(event.traceId ? { traceId: event.traceId } : {}),
        })),
      };
    case 'number.failed':
      return {
        ...state,
        stats: counted(state),
        rows: withRow(state, event.phoneNumberId, (row) => ({
          ...row,
          state: 'failed',
          error: event.error,
        })),
      };
    case 'rate-limited': {
      const until = Math.max(event.until, state.wait?.until ?? 0);
      return {
        ...state,
        streak: state.streak + 1,
        stats: counted(state, { rateLimited: 1 }),
        wait: {
          until,
          ...(event.code !== undefined ? { code: event.code } : {}),
          ...(event.traceId ? { traceId: event.traceId } : {}),
        },
      };
    }
    case 'wait.over': {
      const { wait: _w, ...rest } = state;
      return rest;
    }
    case 'retry.number':
      return {
        ...state,
        phase: 'numbers',
        rows: withRow(state, event.phoneNumberId, pendingAgain),
      };
    case 'retry.waba':
      return {
        ...state,
        phase: 'numbers',
        wabas: withWaba(state, event.wabaId, ({ error: _e, ...w }) => ({ ...w, state: 'listing' })),
      };
    case 'finished':
      return { ...state, phase: 'done', finishedAt: event.at };
  }
}

/** True when nothing is left to list or read (failed rows wait for a retry by hand). */
export function isComplete(state: ScanState): boolean {
  return (
    state.phase !== 'wabas' &&
    state.wabas.every((w) => w.state !== 'listing') &&
    state.rows.every((r) => r.state !== 'pending')
  );
}

/** The counts the progress bar shows. */
export function progressOf(state: ScanState): ScanProgress {
  const rows = state.rows;
  return {
    scanId: state.id,
    phase: state.phase,
    wabasTotal: state.wabas.length,
    wabasListed: state.wabas.filter((w) => w.state === 'listed').length,
    wabasFailed: state.wabas.filter((w) => w.state === 'failed').length,
    numbersTotal: rows.length,
    numbersDone: rows.filter((r) => r.state === 'done').length,
    numbersFailed: rows.filter((r) => r.state === 'failed').length,
    startedAt: state.startedAt,
    ...(state.finishedAt !== undefined ? { finishedAt: state.finishedAt } : {}),
    ...(state.wait ? { wait: state.wait } : {}),
    ...(state.error ? { error: state.error } : {}),
  };
}
