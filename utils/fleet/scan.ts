import {
  type GraphClient,
  GraphError,
  PhoneNumberListSchema,
  type SerializedGraphError,
  SettingsSchema,
} from '../graph';
import type { FleetRow, ScanState } from './model';
import { MAX_CONCURRENCY, NO_PACING, notePacing, type Pacing, rateLimitWaitMs } from './pacing';
import { applyScanEvent, findRow, isComplete, newScan, type ScanEvent } from './progress';
import { nextTasks, type ScanTask, taskKey } from './scheduler';

/** Graph's largest page of phone_numbers. */
const PAGE_LIMIT = 100;

/** What the scan needs from the outside world; the background passes the real ones. */
export interface ScanDeps {
  read: GraphClient['read'];
  /** The WABAs the token's system user is assigned to, all pages (the token check's list). */
  listWabas: () => Promise<{ id: string; name?: string }[]>;
  /** The fields read for every number in the list (the same as for one number). */
  phoneFields: string;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  save: (state: ScanState) => Promise<void>;
  /** After every change, with the rows it touched. */
  onChange: (state: ScanState, rows: FleetRow[]) => void;
  /** A wait began that may outlast this worker: be woken at `at` (an alarm). */
  wakeAt: (at: number) => void;
  newId: () => string;
  maxConcurrency?: number;
  /** Saves after this many events (and after every list, wait, retry and at the end). */
  saveEvery?: number;
  /**
   * Those saves no more often than this: each writes every row, and with thousands of rows
   * the writes, not Meta, would set the pace. Waits, retries and the end still save at once.
   */
  saveEveryMs?: number;
}

const serialize = (error: unknown): SerializedGraphError =>
  error instanceof GraphError
    ? error.toJSON()
    : GraphError.internal(error instanceof Error ? error.message : String(error)).toJSON();

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}
function deferred(): Deferred {
  const d = {} as Deferred;
  d.promise = new Promise<void>((resolve) => {
    d.resolve = resolve;
  });
  return d;
}

/**
 * Reads every number the token reaches, with at most `maxConcurrency` calls in flight, fewer
 * as Meta's usage headers rise, none while Meta asks to wait. Each event is folded into the
 * state (progress.ts), saved every few events, so a new worker resumes where this one stopped:
 * listed pages are not listed again and read numbers are not read again.
 * @example const scanner = createFleetScanner(deps); await scanner.start();
 */
export function createFleetScanner(deps: ScanDeps) {
  const max = deps.maxConcurrency ?? MAX_CONCURRENCY;
  const saveEvery = deps.saveEvery ?? 50;
  const saveEveryMs = deps.saveEveryMs ?? 0;
  let savedAt = Number.NEGATIVE_INFINITY;
  /** A list arrived since the last save: saved as soon as saving is due. */
  let listedUnsaved = false;
  let state: ScanState | null = null;
  let pacing: Pacing = NO_PACING;
  let running: Promise<void> | null = null;
  let unsaved = 0;
  /** A new scan replaces the one running: the older loop stops and its answers are dropped. */
  let generation = 0;
  /** Events applied so far; tells a stopping loop that a retry came in meanwhile. */
  let changes = 0;

  async function persist() {
    if (!state) return;
    unsaved = 0;
    listedUnsaved = false;
    savedAt = deps.now();
    await deps.save(state);
  }

  function apply(event: ScanEvent) {
    if (!state) return;
    state = applyScanEvent(state, event);
    changes += 1;
    const id =
      event.type === 'number.read' ||
      event.type === 'number.failed' ||
      event.type === 'retry.number'
        ? event.phoneNumberId
        : undefined;
    const rows: FleetRow[] =
      event.type === 'page.read'
        ? state.rows.filter((r) => r.wabaId === event.wabaId)
        : id
          ? [findRow(state, id)].filter((r) => r !== undefined)
          : [];
    deps.onChange(state, rows);
    unsaved += 1;
    // Lists are few and what a new worker would otherwise redo first: each one is saved
    // (at the next save that is due).
    listedUnsaved ||= event.type === 'wabas.found' || event.type.startsWith('page.');
    const due = deps.now() - savedAt >= saveEveryMs;
    if (due && (listedUnsaved || unsaved >= saveEvery)) void persist();
  }

  /** Rate limits become a wait; every other failure is the event `failed` makes of it. */
  function failure(error: unknown, failed: (e: SerializedGraphError) => ScanEvent): ScanEvent {
    const e = serialize(error);
    if (e.category !== 'rate-limit') return failed(e);
    const streak = (state?.streak ?? 0) + 1;
    return {
      type: 'rate-limited',
      until: deps.now() + rateLimitWaitMs(e, streak),
      ...(e.code !== undefined ? { code: e.code } : {}),
      ...(e.fbtraceId ? { traceId: e.fbtraceId } : {}),
    };
  }

  async function perform(task: ScanTask): Promise<ScanEvent> {
    try {
      if (task.kind === 'wabas') return { type: 'wabas.found', wabas: await deps.listWabas() };
      if (task.kind === 'page') {
        const page = await deps.read(`${task.wabaId}/phone_numbers`, PhoneNumberListSchema, {
          query: { fields: deps.phoneFields, limit: PAGE_LIMIT, after: task.after },
        });
        pacing = notePacing(pacing, page.usage, deps.now());
        const after = page.data.paging?.next ? page.data.paging.cursors?.after : undefined;
        return {
          type: 'page.read',
          wabaId: task.wabaId,
          numbers: page.data.data,
          ...(after ? { after } : {}),
        };
      }
      const read = await deps.read(`${task.phoneNumberId}/settings`, SettingsSchema);
      pacing = notePacing(pacing, read.usage, deps.now());
      return {
        type: 'number.read',
        phoneNumberId: task.phoneNumberId,
        settings: read.data,
        readAt: deps.now(),
        apiVersion: read.version,
        ...(read.traceId ? { traceId: read.traceId } : {}),
      };
    } catch (error) {
      if (task.kind === 'wabas') return failure(error, (e) => ({ type: 'scan.failed', error: e }));
      if (task.kind === 'page')
        return failure(error, (e) => ({ type: 'page.failed', wabaId: task.wabaId, error: e }));
      return failure(error, (e) => ({
        type: 'number.failed',
        phoneNumberId: task.phoneNumberId,
        error: e,
      }));
    }
  }

  async function drive(gen: number) {
    const inFlight = new Map<string, ScanTask>();
    let pulse = deferred();
    /**
     * Saves, then stops unless something changed meanwhile (a retry asked while saving):
     * the decision is made with no await between it and the end of this run.
     */
    const mayStop = async () => {
      const seen = changes;
      await persist();
      return gen !== generation || changes === seen;
    };
    for (;;) {
      if (!state || gen !== generation) return;
      pulse = deferred();
      const now = deps.now();
      if (state.wait && state.wait.until <= now) apply({ type: 'wait.over' });
      if (inFlight.size === 0) {
        if (state.phase === 'numbers' && isComplete(state)) apply({ type: 'finished', at: now });
        if (state.phase === 'done' || state.phase === 'failed') {
          if (await mayStop()) return;
          continue;
        }
      }
      const plan = nextTasks(state, pacing, inFlight, now, max);
      for (const task of plan.start) {
        const key = taskKey(task);
        inFlight.set(key, task);
        void perform(task).then((event) => {
          inFlight.delete(key);
          if (gen === generation) apply(event);
          pulse.resolve();
        });
      }
      if (inFlight.size > 0) {
        await pulse.promise;
        continue;
      }
      if (plan.wakeAt === undefined) {
        if (await mayStop()) return;
        continue;
      }
      // Nothing in flight: wait here, and ask to be woken should this worker stop meanwhile.
      if (state.wait) deps.wakeAt(state.wait.until);
      await persist();
      await deps.sleep(Math.max(0, plan.wakeAt - now));
    }
  }

  function ensureRunning(): Promise<void> {
    if (running) return running;
    const run = drive(generation).finally(() => {
      if (running === run) running = null;
    });
    running = run;
    return run;
  }

  return {
    /** The scan as it stands, or null before the first. */
    current: () => state,
    isRunning: () => running !== null,
    /** A new scan from the start (the previous one is replaced). Resolves when it ends. */
    async start() {
      generation += 1;
      running = null;
      state = newScan(deps.newId(), deps.now());
      pacing = NO_PACING;
      await persist();
      deps.onChange(state, []);
      return ensureRunning();
    },
    /** Continues a stored scan where it stopped; a scan already running here just continues. */
    resume(saved: ScanState) {
      if (running) return running;
      state = saved;
      return ensureRunning();
    },
    /** Stops the scan here (another token was saved); its calls' answers are dropped. */
    stop() {
      generation += 1;
      running = null;
      state = null;
    },
    /**
     * Ends the scan here as failed with this error (a watch check that reached its cap): no
     * new call starts, answers of calls under way are dropped, and the stored scan is ended,
     * so no worker resumes it.
     */
    async halt(error: SerializedGraphError) {
      if (!state || state.phase === 'done' || state.phase === 'failed') return;
      apply({ type: 'scan.failed', error });
      generation += 1;
      running = null;
      await persist();
    },
    /** Reads one failed number again. */
    retryNumber(phoneNumberId: string) {
      apply({ type: 'retry.number', phoneNumberId });
      void persist();
      return ensureRunning();
    },
    /** Lists a WABA's numbers again from the page that failed. */
    retryWaba(wabaId: string) {
      apply({ type: 'retry.waba', wabaId });
      void persist();
      return ensureRunning();
    },
  };
}

export type FleetScanner = ReturnType<typeof createFleetScanner>;
