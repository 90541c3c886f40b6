import { create } from 'zustand';
import { toEvidenceJson } from '../evidence';
import type { FleetRow, FleetWaba, ScanProgress, ScanState } from '../fleet/model';
import { progressOf } from '../fleet/progress';
import { type FleetFilters, filtersFromSearch, NO_FILTERS, searchFromFilters } from '../fleet/view';
import { GraphError, type SerializedGraphError } from '../graph/errors';
import { ask, onBroadcast } from '../messaging/client';
import type { Broadcast, WatchView } from '../messaging/protocol';
import { EMPTY_POLICY, type Policy } from '../policy';
import type { WatchSettings } from '../watch/model';

export interface FleetState {
  /** Null before the first answer; then the scan (or none yet). */
  loaded: boolean;
  scan: ScanState | null;
  progress?: ScanProgress;
  policy: Policy;
  filters: FleetFilters;
  /** A request to the background failed (not a row: those carry their own error). */
  error?: SerializedGraphError;
  /** Rows whose retry was asked and not answered yet. */
  retrying: ReadonlySet<string>;
  start(): () => void;
  rescan(): Promise<void>;
  retryRow(phoneNumberId: string): Promise<void>;
  retryWaba(wabaId: string): Promise<void>;
  setFilters(patch: Partial<FleetFilters>): void;
  savePolicy(policy: Policy): Promise<void>;
  /**
   * The JSON export of the scan and policy as the background holds them, the source the
   * evidence report reads too, so both give the same bytes; undefined without a scan.
   */
  evidenceJson(): Promise<string | undefined>;
  /** The fleet watch, once the background answered. */
  watch?: WatchView;
  /** A watch request is under way. */
  watchBusy: boolean;
  configureWatch(patch: Partial<WatchSettings>): Promise<void>;
  checkNow(): Promise<void>;
  /** The person is looking at the list of changes: the badge counts only later ones. */
  seenWatch(): Promise<void>;
}

const errorOf = (e: unknown) =>
  (e instanceof GraphError ? e : GraphError.internal(String(e))).toJSON();

/** Rows from a broadcast replace the ones with the same ID; new ones are appended in order. */
function mergeRows(rows: FleetRow[], changed: FleetRow[]): FleetRow[] {
  if (changed.length === 0) return rows;
  const byId = new Map(changed.map((r) => [r.phoneNumberId, r]));
  const merged = rows.map((r) => {
    const next = byId.get(r.phoneNumberId);
    if (next) byId.delete(r.phoneNumberId);
    return next ?? r;
  });
  return [...merged, ...byId.values()];
}

function applyBroadcast(
  scan: ScanState | null,
  m: Extract<Broadcast, { type: 'fleet.changed' }>,
): ScanState {
  const base: ScanState =
    scan && scan.id === m.progress.scanId
      ? scan
      : {
          id: m.progress.scanId,
          startedAt: m.progress.startedAt,
          phase: m.progress.phase,
          wabas: [],
          rows: [],
          streak: 0,
          stats: { requests: 0, rateLimited: 0 },
        };
  const { wait: _w, error: _e, finishedAt: _f, ...rest } = base;
  return {
    ...rest,
    phase: m.progress.phase,
    wabas: m.wabas as FleetWaba[],
    rows: mergeRows(base.rows, m.rows),
    ...(m.progress.wait ? { wait: m.progress.wait } : {}),
    ...(m.progress.error ? { error: m.progress.error } : {}),
    ...(m.progress.finishedAt !== undefined ? { finishedAt: m.progress.finishedAt } : {}),
  };
}

/** The fleet overview's state: the scan as the background reports it, filters in the URL. */
export const useFleetStore = create<FleetState>()((set, get) => {
  const load = async () => {
    try {
      const [scan, policy, watch] = await Promise.all([
        ask({ type: 'fleet.state' }),
        ask({ type: 'policy.get' }),
        ask({ type: 'watch.get' }),
      ]);
      set({
        loaded: true,
        scan,
        policy,
        watch,
        progress: scan ? progressOf(scan) : undefined,
        error: undefined,
      });
    } catch (e) {
      set({ loaded: true, error: errorOf(e) });
    }
  };
  const call = async (run: () => Promise<unknown>) => {
    try {
      await run();
      set({ error: undefined });
    } catch (e) {
      set({ error: errorOf(e) });
    }
  };
  return {
    loaded: false,
    scan: null,
    policy: EMPTY_POLICY,
    filters: typeof location === 'undefined' ? NO_FILTERS : filtersFromSearch(location.search),
    retrying: new Set(),
    watchBusy: false,
    start() {
      void load();
      const stop = onBroadcast((m) => {
        if (m.type === 'fleet.changed') {
          const scan = applyBroadcast(get().scan, m);
          const retrying = new Set(get().retrying);
          for (const row of m.rows) if (row.state !== 'pending') retrying.delete(row.phoneNumberId);
          set({ scan, progress: m.progress, retrying });
        } else if (m.type === 'policy.changed') set({ policy: m.policy });
        else if (m.type === 'watch.changed') set({ watch: m.watch });
        else if (m.type === 'token.changed') void load();
      });
      const onPop = () => set({ filters: filtersFromSearch(location.search) });
      addEventListener('popstate', onPop);
      return () => {
        stop();
        removeEventListener('popstate', onPop);
      };
    },
    rescan: () =>
      call(async () => {
        const progress = await ask({ type: 'fleet.scan' });
        set({ progress, scan: null });
      }),
    async retryRow(phoneNumberId) {
      set({ retrying: new Set(get().retrying).add(phoneNumberId) });
      await call(() => ask({ type: 'fleet.retry', phoneNumberId }));
      // Refused before it started: the row's button works again (the error is shown).
      if (get().error) {
        const retrying = new Set(get().retrying);
        retrying.delete(phoneNumberId);
        set({ retrying });
      }
    },
    retryWaba: (wabaId) => call(() => ask({ type: 'fleet.retryWaba', wabaId })),
    setFilters(patch) {
      const filters = { ...get().filters, ...patch };
      set({ filters });
      // The URL keeps the view, so it can be bookmarked; no history entry per keystroke.
      history.replaceState(null, '', `${location.pathname}${searchFromFilters(filters)}`);
    },
    savePolicy: (policy) =>
      call(async () => {
        set({ policy: await ask({ type: 'policy.set', policy }) });
      }),
    async evidenceJson() {
      let json: string | undefined;
      await call(async () => {
        const [scan, policy] = await Promise.all([
          ask({ type: 'fleet.state' }),
          ask({ type: 'policy.get' }),
        ]);
        json = scan ? toEvidenceJson(scan, policy) : undefined;
      });
      return json;
    },
    async configureWatch(settings) {
      set({ watchBusy: true });
      await call(async () => set({ watch: await ask({ type: 'watch.configure', settings }) }));
      set({ watchBusy: false });
    },
    async checkNow() {
      set({ watchBusy: true });
      await call(async () => set({ watch: await ask({ type: 'watch.checkNow' }) }));
      set({ watchBusy: false });
    },
    seenWatch: () => call(async () => set({ watch: await ask({ type: 'watch.seen' }) })),
  };
});
