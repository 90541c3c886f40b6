import { browser } from 'wxt/browser';
import type { ScanState } from '../fleet/model';
import { isComplete } from '../fleet/progress';
import { GraphError } from '../graph';
import { t } from '../i18n';
import type { Broadcast, ReplyOf, RequestOf, WatchView } from '../messaging/protocol';
import { fleetWatchStore, statusCacheStore } from '../storage';
import {
  type CheckCalls,
  checkCallsOf,
  compareChecks,
  driftedSince,
  gapEvent,
  missedCheckGap,
  recordEvents,
  type SeenNumber,
  seenNumbers,
  type WatchEvent,
  WatchSettingsSchema,
  type WatchState,
  withinCap,
} from '../watch';
import { haltFleetScan, lastFleetScan, observeFleetScan, startFleetScan } from './fleet';
import { refreshBadgesFor, showDriftOnBadge } from './tabs';

/**
 * The fleet watch in the background: an alarm every chosen interval runs a check (a fleet scan,
 * paced like any other), and the end of that scan is compared with the check before. What a
 * check could not see is recorded as a gap (missed, failed, over the cap, partial), never as
 * "no change". The rules are pure, in utils/watch.
 */

export const WATCH_ALARM = 'residency-watch';

type Send = (message: Broadcast) => void;
let send: Send = () => undefined;
const newId = () => crypto.randomUUID();

/** The check under way in this worker, so every scan event can be held against its cap. */
let active: { scanId: string; cap: number; stoppedAt?: number } | null = null;

/** The watch for the views: with the calls a check makes and when the alarm runs the next. */
async function viewOf(watch: WatchState): Promise<WatchView> {
  const { baseline: _b, estimate: _e, ...rest } = watch;
  const calls = await estimate(watch);
  const alarm = watch.settings.enabled ? await browser.alarms.get(WATCH_ALARM) : undefined;
  return {
    ...rest,
    ...(calls ? { estimate: calls } : {}),
    ...(alarm ? { nextCheckAt: alarm.scheduledTime } : {}),
    driftedSinceSeen: driftedSince(watch.events, watch.seenAt).size,
  };
}

/**
 * The calls the next check would make: stored when a scan that listed the fleet ends (`onScan`),
 * so a scan that listed nothing (it failed at the token) and a restarted worker leave it as it
 * was. A watch stored before the field existed takes it from the last scan.
 */
async function estimate(watch: WatchState): Promise<CheckCalls | undefined> {
  if (watch.estimate) return watch.estimate;
  const scan = await lastFleetScan();
  return scan && scan.wabas.length > 0 ? checkCallsOf(scan) : undefined;
}

/** Another token's fleet is another fleet: what a check cost is unknown until it is listed. */
export const forgetCheckEstimate = () => update(({ estimate: _e, ...watch }) => watch);

/** Saves a change of the watch, then tells the views and the badge. */
async function update(change: (watch: WatchState) => WatchState): Promise<WatchView> {
  const watch = await fleetWatchStore.update(change);
  const view = await viewOf(watch);
  send({ type: 'watch.changed', watch: view });
  await showDriftOnBadge(view.driftedSinceSeen);
  return view;
}

const intervalMs = (watch: WatchState) => watch.settings.intervalMinutes * 60_000;

async function schedule(watch: WatchState) {
  await browser.alarms.clear(WATCH_ALARM);
  if (!watch.settings.enabled) return;
  const period = watch.settings.intervalMinutes;
  await browser.alarms.create(WATCH_ALARM, { delayInMinutes: period, periodInMinutes: period });
}

/**
 * Runs one check now, unless one is under way. A check that would make more calls than the
 * cap does not start, and says so; a missed one before it is recorded first.
 */
export async function runCheck(): Promise<WatchView> {
  const before = await fleetWatchStore.get();
  if (before.running) {
    const scan = await lastFleetScan();
    if (scan?.id === before.running.scanId && !hasEnded(scan)) return viewOf(before);
    // Its scan was forgotten (another token) or ended unseen: that check is closed first.
    await checkEnded(scan);
  }
  const now = Date.now();
  const watch = await fleetWatchStore.get();
  const calls = await estimate(watch);
  const missed = watch.settings.enabled
    ? missedCheckGap(watch.lastCheckAt, now, intervalMs(watch))
    : null;
  const events: WatchEvent[] = missed ? [gapEvent({ ...missed, reason: 'missed' }, newId)] : [];
  if (!withinCap(calls, watch.settings.callCap)) {
    events.push(
      gapEvent(
        {
          from: watch.lastCheckAt ?? now,
          to: now,
          reason: 'over-cap',
          ...(calls ? { count: calls.total } : {}),
          cap: watch.settings.callCap,
        },
        newId,
      ),
    );
    return update((w) => ({ ...recordEvents(w, events), lastCheckAt: now }));
  }
  const scanId = startFleetScan();
  active = { scanId, cap: watch.settings.callCap };
  return update((w) => ({ ...recordEvents(w, events), running: { scanId, startedAt: now } }));
}

const hasEnded = (scan: ScanState) => scan.phase === 'done' || scan.phase === 'failed';

/** The previous check's view of the numbers this one could not read stays for the next. */
function nextBaseline(
  before: Readonly<Record<string, SeenNumber>> | null,
  seen: Record<string, SeenNumber>,
  scan: ScanState,
) {
  const kept = { ...seen };
  for (const row of scan.rows) {
    const old = before?.[row.phoneNumberId];
    if (row.state !== 'done' && old) kept[row.phoneNumberId] = old;
  }
  return kept;
}

/** A check's scan ended (or another scan replaced it): its changes and gaps are recorded. */
async function checkEnded(scan: ScanState | null) {
  const stoppedAt = scan && active?.scanId === scan.id ? active.stoppedAt : undefined;
  active = null;
  let changed = new Set<string>();
  await update((watch) => {
    const running = watch.running;
    if (!running) return watch;
    const now = Date.now();
    const from = watch.lastCheckAt ?? running.startedAt;
    const { running: _r, ...rest } = watch;
    const ended = { ...rest, lastCheckAt: now };
    if (!scan || scan.id !== running.scanId)
      return recordEvents(ended, [gapEvent({ from, to: now, reason: 'replaced' }, newId)]);
    const calls = { ...checkCallsOf(scan), total: scan.stats.requests + 1 };
    if (stoppedAt !== undefined)
      return recordEvents({ ...ended, lastCalls: calls }, [
        gapEvent(
          { from, to: now, reason: 'cap-reached', count: stoppedAt, cap: watch.settings.callCap },
          newId,
        ),
      ]);
    if (scan.phase === 'failed')
      return recordEvents({ ...ended, lastCalls: calls }, [
        gapEvent(
          { from, to: now, reason: 'failed', ...(scan.error ? { error: scan.error } : {}) },
          newId,
        ),
      ]);
    const observedAt = scan.finishedAt ?? now;
    const seen = seenNumbers(scan);
    const changes = watch.baseline
      ? compareChecks(watch.baseline, seen, watch.baselineAt ?? from, observedAt, newId)
      : [];
    changed = new Set(changes.map((c) => c.phoneNumberId));
    const unread = scan.rows.filter((r) => r.state !== 'done').length;
    const failedWabas = scan.wabas.filter((w) => w.state === 'failed').length;
    const gaps =
      unread + failedWabas > 0
        ? [gapEvent({ from, to: now, reason: 'partial', count: unread + failedWabas }, newId)]
        : [];
    return recordEvents(
      {
        ...ended,
        lastCalls: calls,
        baseline: nextBaseline(watch.baseline, seen, scan),
        baselineAt: observedAt,
      },
      [...changes, ...gaps],
    );
  });
  if (scan && changed.size > 0) await showChangedNumbers(scan, changed);
}

/**
 * A number the check saw change is shown as it is now everywhere: its cached status, the
 * views that show it and the badges of its tabs (they would show the old region until their
 * next read otherwise).
 */
async function showChangedNumbers(scan: ScanState, ids: ReadonlySet<string>) {
  const rows = scan.rows.filter((r) => ids.has(r.phoneNumberId) && r.settings);
  await statusCacheStore.putMany(
    rows.map((r) => [
      r.phoneNumberId,
      { phone: r.phone, settings: r.settings ?? {}, readAt: r.readAt ?? Date.now() },
    ]),
  );
  for (const row of rows) {
    send({ type: 'status.changed', phoneNumberId: row.phoneNumberId });
    await refreshBadgesFor(row.phoneNumberId, row.settings ?? {});
  }
}

/** Every event of every scan: a running check is held to its cap and noted when it ends. */
function onScan(scan: ScanState) {
  // Every scan that listed the fleet, a check or not, tells what the next check will cost.
  if (hasEnded(scan) && scan.wabas.length > 0)
    void update((watch) => ({ ...watch, estimate: checkCallsOf(scan) }));
  if (!active) return;
  if (hasEnded(scan) || scan.id !== active.scanId) {
    void checkEnded(scan);
    return;
  }
  // The scan's own count, plus /me and the account list it made before its first event.
  const made = scan.stats.requests + 1;
  // At the cap with work left, the next call would pass it: the check stops here.
  if (made >= active.cap && !isComplete(scan) && active.stoppedAt === undefined) {
    active.stoppedAt = made;
    void haltFleetScan(
      GraphError.internal(t('watchCapReachedError', [String(active.cap)])).toJSON(),
    );
  }
}

/** A check a stopped worker left running goes on with its scan (fleet.ts resumes it). */
async function adoptRunningCheck(watch: WatchState) {
  if (!watch.running) return;
  const scan = await lastFleetScan();
  if (scan?.id === watch.running.scanId && !hasEnded(scan))
    active = { scanId: scan.id, cap: watch.settings.callCap };
  else await checkEnded(scan);
}

/**
 * Listens for the watch's alarm and, at start-up, runs a check that came due while the browser
 * was closed (a missed alarm is found by the time of the last check, not by the alarm).
 */
export function startWatchBackground(broadcast: Send, ready: Promise<unknown>) {
  send = broadcast;
  observeFleetScan(onScan);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === WATCH_ALARM) void ready.then(runCheck);
  });
  void ready.then(async () => {
    const watch = await fleetWatchStore.get();
    await adoptRunningCheck(watch);
    await showDriftOnBadge(driftedSince(watch.events, watch.seenAt).size);
    if (!watch.settings.enabled) return;
    if (!(await browser.alarms.get(WATCH_ALARM))) await schedule(watch);
    if (!watch.running && missedCheckGap(watch.lastCheckAt, Date.now(), intervalMs(watch)))
      await runCheck();
  });
}

type WatchHandlers = {
  [T in 'watch.get' | 'watch.configure' | 'watch.checkNow' | 'watch.seen']: (
    request: RequestOf<T>,
  ) => Promise<ReplyOf<T>>;
};

export const watchHandlers: WatchHandlers = {
  'watch.get': async () => viewOf(await fleetWatchStore.get()),
  'watch.configure': async ({ settings }) => {
    const before = await fleetWatchStore.get();
    const next = WatchSettingsSchema.parse({ ...before.settings, ...settings });
    const turnedOn = next.enabled && !before.settings.enabled;
    const changedSchedule =
      next.enabled !== before.settings.enabled ||
      next.intervalMinutes !== before.settings.intervalMinutes;
    if (changedSchedule) await schedule({ ...before, settings: next });
    const view = await update((w) => ({
      ...w,
      settings: next,
      // The time the watch was off is not a missed check: the next one compares with the last.
      ...(turnedOn ? { lastCheckAt: undefined } : {}),
    }));
    // Turning the watch on takes its first look at once: the later ones compare with it.
    if (turnedOn) return runCheck();
    return view;
  },
  'watch.checkNow': () => runCheck(),
  'watch.seen': () => update((w) => ({ ...w, seenAt: Date.now() })),
};
