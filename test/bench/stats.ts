// Small statistics and request-log arithmetic for the benchmark (pure, unit-tested).
import type { LoggedRequest } from '../sandbox';

/** The middle value (the lower of the two middle ones for an even count); NaN for none. */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

type Timed = Pick<LoggedRequest, 'time' | 'answeredAt'>;

/** The most requests the Graph host had in flight at one moment. */
export function peakConcurrency(requests: Timed[]): number {
  const edges: [number, number][] = [];
  for (const r of requests) {
    edges.push([r.time, 1]);
    edges.push([r.answeredAt ?? Number.POSITIVE_INFINITY, -1]);
  }
  // At the same instant an answer leaves before the next request counts.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, step] of edges) {
    now += step;
    peak = Math.max(peak, now);
  }
  return peak;
}

/**
 * The longest run of requests each of which arrived only after the one before it was answered:
 * the sequential round trips the client actually waited for (however many ran beside them).
 */
export function observedChain(requests: Timed[]): number {
  const sorted = [...requests].sort((a, b) => a.time - b.time);
  const depth: number[] = [];
  let longest = 0;
  sorted.forEach((r, i) => {
    let before = 0;
    for (let j = 0; j < i; j++) {
      const answered = sorted[j]?.answeredAt;
      if (answered !== undefined && answered <= r.time) before = Math.max(before, depth[j] ?? 0);
    }
    depth[i] = before + 1;
    longest = Math.max(longest, before + 1);
  });
  return longest;
}

/**
 * The fewest sequential round trips a number's lookup needs, from the requests it made: the
 * pages of a WABA's `phone_numbers` follow each other (each needs the last one's cursor), and
 * the reads of the number itself need its ID from that list but can run side by side. Other
 * reads (the token's `/me`) can run beside the first step.
 */
export function lookupFloor(requests: Pick<LoggedRequest, 'path'>[]): number {
  const listPages = requests.filter((r) => /\/phone_numbers\/?$/.test(r.path)).length;
  const numberReads = requests.some((r) => /^\/v[\d.]+\/\d+(\/settings)?\/?$/.test(r.path));
  return Math.max(1, listPages + (numberReads ? 1 : 0));
}

/** Graph's rate-limit error codes (graph-api-notes.md). */
export const RATE_LIMIT_CODES = new Set([4, 80007, 80008, 130429]);
