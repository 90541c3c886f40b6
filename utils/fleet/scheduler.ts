import type { ScanState } from './model';
import { allowance, type Pacing, probeAt } from './pacing';

/** One Graph call the scan makes. */
export type ScanTask =
  | { kind: 'wabas' }
  | { kind: 'page'; wabaId: string; after?: string }
  | { kind: 'number'; wabaId: string; phoneNumberId: string };

/** @example taskKey({ kind: 'page', wabaId: '1' }) // 'page:1' */
export function taskKey(task: ScanTask): string {
  if (task.kind === 'wabas') return 'wabas';
  return task.kind === 'page' ? `page:${task.wabaId}` : `number:${task.phoneNumberId}`;
}

export interface Plan {
  /** Calls to start now. */
  start: ScanTask[];
  /** When to look again if nothing finishes before (a wait or a paused level ends). */
  wakeAt?: number;
}

const earliest = (...times: (number | undefined)[]) => {
  const set = times.filter((t): t is number => t !== undefined);
  return set.length ? Math.min(...set) : undefined;
};

/**
 * Which calls to start: none during a rate-limit wait; otherwise number lists first (so rows
 * appear early), then settings reads, within the app's and each WABA's allowance and never
 * two calls for the same page or number.
 * @example nextTasks(state, NO_PACING, new Map(), Date.now(), 16).start
 */
export function nextTasks(
  state: ScanState,
  pacing: Pacing,
  inFlight: ReadonlyMap<string, ScanTask>,
  now: number,
  max: number,
): Plan {
  if (state.phase === 'done' || state.phase === 'failed') return { start: [] };
  if (state.wait && state.wait.until > now) return { start: [], wakeAt: state.wait.until };
  if (state.phase === 'wabas') return { start: inFlight.has('wabas') ? [] : [{ kind: 'wabas' }] };

  let free = allowance(pacing.app, now, max) - inFlight.size;
  let wakeAt = probeAt(pacing.app, now, max);
  const perWaba = new Map<string, number>();
  for (const task of inFlight.values())
    if (task.kind !== 'wabas') perWaba.set(task.wabaId, (perWaba.get(task.wabaId) ?? 0) + 1);

  const start: ScanTask[] = [];
  const take = (task: Exclude<ScanTask, { kind: 'wabas' }>) => {
    if (free <= 0 || inFlight.has(taskKey(task))) return;
    const reading = pacing.wabas[task.wabaId];
    const used = perWaba.get(task.wabaId) ?? 0;
    if (used >= allowance(reading, now, max)) {
      wakeAt = earliest(wakeAt, probeAt(reading, now, max));
      return;
    }
    perWaba.set(task.wabaId, used + 1);
    free -= 1;
    start.push(task);
  };

  for (const waba of state.wabas)
    if (waba.state === 'listing')
      take({ kind: 'page', wabaId: waba.id, ...(waba.after ? { after: waba.after } : {}) });
  for (const row of state.rows) {
    if (free <= 0) break;
    if (row.state === 'pending')
      take({ kind: 'number', wabaId: row.wabaId, phoneNumberId: row.phoneNumberId });
  }
  return { start, ...(wakeAt !== undefined ? { wakeAt } : {}) };
}
