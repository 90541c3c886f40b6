import { browser } from 'wxt/browser';
import {
  createFleetScanner,
  type FleetRow,
  type FleetScanner,
  progressOf,
  type ScanProgress,
  type ScanState,
} from '../fleet';
import { GraphError, MeSchema, type SerializedGraphError } from '../graph';
import type { Broadcast, ReplyOf, RequestOf } from '../messaging/protocol';
import { fleetScanStore, policyStore } from '../storage';
import { graph } from './graph';
import { listAssignedWabas, PHONE_FIELDS } from './numbers';

/**
 * The background side of the fleet overview: one scan at a time, its progress in storage and
 * two alarms so that it continues when this worker was stopped (a rate-limit wait can last
 * longer than an idle service worker lives): one at the end of a wait, one every minute while
 * a scan is unfinished. Each alarm just resumes the stored scan; a running one goes on.
 */

export const FLEET_WAKE_ALARM = 'residency-fleet-wake';
export const FLEET_KEEPALIVE_ALARM = 'residency-fleet-scan';
/** How often views hear about the scan while it runs. */
const BROADCAST_EVERY_MS = 200;

type Send = (message: Broadcast) => void;

let scanner: FleetScanner | null = null;
let send: Send = () => undefined;
const changedRows = new Map<string, FleetRow>();
let flushTimer: ReturnType<typeof setTimeout> | undefined;

function flush(state: ScanState) {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  const rows = [...changedRows.values()];
  changedRows.clear();
  send({ type: 'fleet.changed', progress: progressOf(state), wabas: state.wabas, rows });
}

/** Hears every change of the scan (the watch counts a check's calls and sees its end). */
type ScanObserver = (state: ScanState) => void;
let observer: ScanObserver = () => undefined;
export function observeFleetScan(observe: ScanObserver) {
  observer = observe;
}

/** Rows are gathered and sent every 200 ms, so 2,000 reads are not 2,000 messages. */
function onChange(state: ScanState, rows: FleetRow[]) {
  observer(state);
  for (const row of rows) changedRows.set(row.phoneNumberId, row);
  if (state.phase === 'done' || state.phase === 'failed') {
    void browser.alarms.clear(FLEET_KEEPALIVE_ALARM);
    return flush(state);
  }
  flushTimer ??= setTimeout(() => {
    const current = scanner?.current();
    if (current) flush(current);
  }, BROADCAST_EVERY_MS);
}

function fleetScanner(): FleetScanner {
  scanner ??= createFleetScanner({
    read: graph.read,
    listWabas: async () => {
      const me = await graph.get('me', MeSchema, { query: { fields: 'id,name' } });
      return listAssignedWabas(me.id);
    },
    phoneFields: PHONE_FIELDS,
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    save: fleetScanStore.set,
    onChange,
    wakeAt: (when) => void browser.alarms.create(FLEET_WAKE_ALARM, { when }),
    newId: () => crypto.randomUUID(),
    saveEvery: 100,
    saveEveryMs: 2_000,
  });
  return scanner;
}

const keepAlive = () =>
  void browser.alarms.create(FLEET_KEEPALIVE_ALARM, { periodInMinutes: 1, delayInMinutes: 1 });

/** The scan in this worker, else the stored one continued here. */
async function loadedScan(): Promise<ScanState | null> {
  const s = fleetScanner();
  const current = s.current();
  if (current) return current;
  const stored = await fleetScanStore.get();
  if (stored && (stored.phase === 'wabas' || stored.phase === 'numbers')) {
    keepAlive();
    void s.resume(stored);
    return s.current();
  }
  if (stored) void s.resume(stored);
  return stored;
}

/** Continues an unfinished stored scan (at start-up and on each alarm). */
export function resumeFleetScan() {
  return loadedScan();
}

/**
 * Listens for the fleet's alarms (at once, so a waking alarm is not missed) and continues a scan
 * a stopped worker left unfinished, once stored data is prepared (`ready`).
 */
export function startFleetBackground(broadcast: Send, ready: Promise<unknown> = Promise.resolve()) {
  send = broadcast;
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === FLEET_WAKE_ALARM || alarm.name === FLEET_KEEPALIVE_ALARM)
      void ready.then(resumeFleetScan);
  });
  void ready.then(resumeFleetScan);
}

/** Another token reaches other numbers: the stored scan no longer says anything true. */
export async function forgetFleetScan() {
  scanner?.stop();
  scanner = null;
  changedRows.clear();
  clearTimeout(flushTimer);
  flushTimer = undefined;
  await Promise.all([
    fleetScanStore.clear(),
    browser.alarms.clear(FLEET_WAKE_ALARM),
    browser.alarms.clear(FLEET_KEEPALIVE_ALARM),
  ]);
}

/** Starts a new scan (replacing any) and returns its id; it runs on in this worker. */
export function startFleetScan(): string {
  keepAlive();
  const s = fleetScanner();
  void s.start();
  const started = s.current();
  if (!started) throw GraphError.internal('The fleet scan did not start.');
  return started.id;
}

/** Ends the running scan as failed with this error (a watch check that reached its cap). */
export const haltFleetScan = (error: SerializedGraphError) => fleetScanner().halt(error);

/** The scan as it stands here or as stored: the fleet a check would read. */
export const lastFleetScan = () => loadedScan();

function progressNow(): ScanProgress {
  const state = fleetScanner().current();
  if (!state) throw GraphError.internal('No fleet scan has been started.');
  return progressOf(state);
}

type FleetHandlers = {
  [T in
    | 'fleet.state'
    | 'fleet.scan'
    | 'fleet.retry'
    | 'fleet.retryWaba'
    | 'policy.get'
    | 'policy.set']: (request: RequestOf<T>) => Promise<ReplyOf<T>>;
};

export const fleetHandlers: FleetHandlers = {
  'fleet.state': () => loadedScan(),
  'fleet.scan': async () => {
    startFleetScan();
    return progressNow();
  },
  'fleet.retry': async ({ phoneNumberId }) => {
    await loadedScan();
    void fleetScanner().retryNumber(phoneNumberId);
    return progressNow();
  },
  'fleet.retryWaba': async ({ wabaId }) => {
    await loadedScan();
    void fleetScanner().retryWaba(wabaId);
    return progressNow();
  },
  'policy.get': () => policyStore.get(),
  'policy.set': async ({ policy }) => {
    const saved = await policyStore.set(policy);
    send({ type: 'policy.changed', policy: saved });
    return saved;
  },
};
