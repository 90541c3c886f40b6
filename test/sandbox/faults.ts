// Test controls for the Graph host: injected transport faults, injected Meta errors and latency.
import type { MetaError } from './errors';

export type FaultKind =
  | 'drop'
  | 'http500'
  | 'http503'
  | 'timeout'
  | 'malformed-json'
  | 'html-error';

export interface Match {
  method?: string;
  /** A substring of, or pattern for, the path after the version, e.g. "/settings". */
  path?: string | RegExp;
}

export interface FaultSpec {
  kind: FaultKind;
  /** How many matching requests it answers; default 1. */
  count?: number;
  match?: Match;
  /** Meta carries the call out first and only its answer fails (e.g. a 500 after register). */
  applied?: boolean;
}

export interface GraphErrorSpec {
  error: MetaError;
  /** HTTP status; default 400. */
  status?: number;
  count?: number;
  match?: Match;
}

export interface LatencySpec {
  ms: number;
  match?: Match;
}

export type Rule =
  | { type: 'fault'; kind: FaultKind; left: number; match?: Match; applied?: boolean }
  | { type: 'error'; error: MetaError; status: number; left: number; match?: Match };

export const FAULT_KINDS: FaultKind[] = [
  'drop',
  'http500',
  'http503',
  'timeout',
  'malformed-json',
  'html-error',
];

export function matches(m: Match | undefined, method: string, path: string): boolean {
  if (!m) return true;
  if (m.method && m.method.toUpperCase() !== method.toUpperCase()) return false;
  if (m.path === undefined) return true;
  return typeof m.path === 'string' ? path.includes(m.path) : m.path.test(path);
}

/** Injected faults and errors, each used up by the requests it answers. */
export class Rules {
  private rules: Rule[] = [];
  private latencies: LatencySpec[] = [];

  addFault({ kind, count = 1, match, applied }: FaultSpec) {
    if (!FAULT_KINDS.includes(kind)) throw new Error(`Unknown fault kind: ${String(kind)}`);
    this.rules.push({ type: 'fault', kind, left: count, match, applied });
  }

  addError({ error, status = 400, count = 1, match }: GraphErrorSpec) {
    if (typeof error?.code !== 'number' || typeof error.message !== 'string')
      throw new Error('A Graph error needs a numeric code and a message');
    this.rules.push({ type: 'error', error, status, left: count, match });
  }

  addLatency(spec: LatencySpec) {
    this.latencies.push(spec);
  }

  /** Takes one use of the first rule that matches, in the order they were added. */
  take(method: string, path: string): Rule | undefined {
    const rule = this.rules.find((r) => r.left > 0 && matches(r.match, method, path));
    if (rule) rule.left -= 1;
    this.rules = this.rules.filter((r) => r.left > 0);
    return rule;
  }

  /** Total delay for a request: matching latencies add up. */
  delay(method: string, path: string): number {
    return this.latencies
      .filter((l) => matches(l.match, method, path))
      .reduce((sum, l) => sum + l.ms, 0);
  }

  clear() {
    this.rules = [];
    this.latencies = [];
  }
}

/** Bodies and headers of the transport faults that get an answer at all. */
export const FAULT_ANSWERS = {
  http503: {
    status: 503,
    type: 'text/html; charset=utf-8',
    body: '<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request.</p></body></html>',
  },
  'malformed-json': { status: 200, type: 'application/json; charset=UTF-8', body: '{"data": [' },
  'html-error': {
    status: 502,
    type: 'text/html; charset=utf-8',
    body: '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>',
  },
} as const;
