import type { SerializedGraphError, Usage } from '../graph';

/**
 * How fast the scan may go, from Meta's usage headers: `x-app-usage` for the app and
 * `x-business-use-case-usage` per WABA, both percentages of an allowance. The scan slows
 * down as they rise, so that it rarely meets a rate-limit error at all.
 */

/**
 * Calls in flight at low usage. Meta sets no limit on parallel calls, only on calls per window
 * (the usage headers), and speaks HTTP/2, so they share one connection: 48 calls of 100 ms
 * read 2,000 numbers in about 4 s of waiting for Meta.
 */
export const MAX_CONCURRENCY = 48;
/** Below this usage every call allowed runs; from it, fewer in proportion. */
export const SLOW_FROM_PERCENT = 50;
/** From this usage one call at a time; from PAUSE_AT_PERCENT none until a probe is due. */
export const ONE_AT_PERCENT = 90;
export const PAUSE_AT_PERCENT = 95;
/** At 95 % and over, one probe call after this long tells whether usage has fallen. */
export const PROBE_AFTER_MS = 10_000;
/** Backoff when Meta refuses without a time (estimated_time_to_regain_access 0 or absent). */
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_MAX_MS = 60_000;

export interface UsageReading {
  percent: number;
  at: number;
}

export interface Pacing {
  app?: UsageReading;
  wabas: Record<string, UsageReading>;
}

export const NO_PACING: Pacing = { wabas: {} };

const highest = (...values: (number | undefined)[]) =>
  Math.max(0, ...values.filter((v): v is number => v !== undefined));

/**
 * The latest usage after an answer's headers: the highest of call count, CPU time and total
 * time, for the app and for each WABA named.
 * @example notePacing(NO_PACING, { app: { callCount: 60 } }, 5).app // { percent: 60, at: 5 }
 */
export function notePacing(pacing: Pacing, usage: Usage, at: number): Pacing {
  const wabas = { ...pacing.wabas };
  for (const entry of usage.businessUseCase ?? []) {
    const percent = highest(entry.callCount, entry.totalCputime, entry.totalTime);
    // One WABA can have several use-case entries: the fullest one governs.
    const seen = wabas[entry.id];
    wabas[entry.id] = { percent: seen?.at === at ? Math.max(seen.percent, percent) : percent, at };
  }
  const app = usage.app
    ? { percent: highest(usage.app.callCount, usage.app.totalCputime, usage.app.totalTime), at }
    : pacing.app;
  return { wabas, ...(app ? { app } : {}) };
}

/**
 * Calls allowed in flight at a usage level: all of `max` below 50 %, then fewer in proportion to
 * the room left before 90 % (so the scan slows gradually, not in steps), one from 90 %, and none
 * from 95 % until a probe is due.
 * @example allowance({ percent: 70, at: 0 }, 0, 48) // 24
 */
export function allowance(reading: UsageReading | undefined, now: number, max: number): number {
  const percent = reading?.percent ?? 0;
  if (percent < SLOW_FROM_PERCENT) return max;
  if (percent < ONE_AT_PERCENT) {
    const room = (ONE_AT_PERCENT - percent) / (ONE_AT_PERCENT - SLOW_FROM_PERCENT);
    return Math.max(1, Math.round(max * room));
  }
  if (percent < PAUSE_AT_PERCENT) return 1;
  return now - (reading?.at ?? 0) >= PROBE_AFTER_MS ? 1 : 0;
}

/** When a paused level allows a probe again; undefined when nothing is paused. */
export function probeAt(reading: UsageReading | undefined, now: number, max: number) {
  return reading && allowance(reading, now, max) === 0 ? reading.at + PROBE_AFTER_MS : undefined;
}

/**
 * How long to wait after a rate-limit error: Meta's estimated_time_to_regain_access (minutes)
 * when it gives one, else a backoff that doubles with each refusal in a row.
 * @example rateLimitWaitMs({ retryAfterMinutes: 3 } as SerializedGraphError, 1) // 180000
 * @example rateLimitWaitMs({} as SerializedGraphError, 3) // 8000
 */
export function rateLimitWaitMs(error: SerializedGraphError, streak: number): number {
  if (error.retryAfterMinutes && error.retryAfterMinutes > 0)
    return error.retryAfterMinutes * 60_000;
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, streak - 1));
}
