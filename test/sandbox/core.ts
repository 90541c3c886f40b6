// The Graph host's behaviour without a transport: state, injected faults and errors, latency,
// switches for behaviours Meta does not document, and the request log. The HTTPS server
// (index.ts) and the in-process fetch (in-process.ts) both answer through it.
import type { IncomingMessage } from 'node:http';
import { type GraphAnswer, isRegistered } from './answers';
import { errorBody, fbtraceId, type MetaError, unknownError } from './errors';
import { FAULT_ANSWERS, Rules } from './faults';
import { handleGraph, wabaOfPath } from './graph';
import { isRecord, parseBody } from './http';
import { type LoggedRequest, logEntry, MAX_LOG, presentedToken } from './log';
import { RateLimiter } from './rate-limits';
import { seedState } from './seed';
import { splitVersion } from './versions';

/** Where Meta is silent, the sandbox can behave both ways; these pick one. */
export interface Behaviour {
  /**
   * After a register or deregister, how long `platform_type` and `status` still show the old
   * values (Meta does not say how soon they change). 0: at once.
   */
  registrationReportDelayMs: number;
  /** Refuse a change from one region straight to another (code 100), as Meta may. */
  refuseRegionToRegion: boolean;
  /** How a deregister of an unregistered number is refused: 133010, or code 100/2207051. */
  notRegisteredAnswer: '133010' | '100/2207051';
}

export const DEFAULT_BEHAVIOUR: Behaviour = {
  registrationReportDelayMs: 0,
  refuseRegionToRegion: false,
  notRegisteredAnswer: '133010',
};

/** A request as either transport received it. */
export type WireRequest = Pick<IncomingMessage, 'headers' | 'method' | 'url' | 'rawHeaders'>;

export type WireAnswer =
  | { type: 'answer'; status: number; body: string; headers: Record<string, string> }
  /** Close the connection without an answer. */
  | { type: 'drop' }
  /** Keep the connection open without an answer (a timeout). */
  | { type: 'hold' };

/** Usage as a fraction of the rate limits (rate-limits.ts); grows with calls in the window. */
interface Usage {
  appPercent: number;
  wabaPercent?: number;
  regainMinutes?: number;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createGraphCore(now: () => number) {
  let state = seedState();
  let log: LoggedRequest[] = [];
  let behaviour: Behaviour = { ...DEFAULT_BEHAVIOUR };
  const rules = new Rules();
  const limiter = new RateLimiter();

  /** Headers every Graph answer carries, with the usage of the rate limits it counted against. */
  function graphHeaders(trace: string, wabaId?: string, usage?: Usage): Record<string, string> {
    const app = usage?.appPercent ?? 0;
    const waba = usage?.wabaPercent ?? 0;
    return {
      'access-control-allow-origin': '*',
      'content-type': 'application/json; charset=UTF-8',
      'x-fb-trace-id': trace,
      'x-fb-rev': '1018000001',
      'x-app-usage': JSON.stringify({ call_count: app, total_cputime: app, total_time: app }),
      ...(wabaId
        ? {
            'x-business-use-case-usage': JSON.stringify({
              [wabaId]: [
                {
                  type: 'whatsapp_business_management',
                  call_count: waba,
                  total_cputime: waba,
                  total_time: waba,
                  estimated_time_to_regain_access: usage?.regainMinutes ?? 0,
                },
              ],
            }),
          }
        : {}),
    };
  }

  function errorAnswer(
    entry: LoggedRequest,
    status: number,
    error: MetaError,
    extra: Record<string, string> = {},
    wabaId?: string,
    usage?: Usage,
  ): WireAnswer {
    const trace = fbtraceId();
    entry.status = status;
    entry.errorCode = error.code;
    entry.traceId = trace;
    return {
      type: 'answer',
      status,
      body: JSON.stringify(errorBody(error, trace)),
      headers: { ...graphHeaders(trace, wabaId, usage), ...extra },
    };
  }

  /**
   * What Graph does with a request, and when it answered (for the request log: how many calls
   * were in flight at once, and which waited for which).
   */
  async function answerGraph(
    req: WireRequest,
    url: URL,
    raw: string,
    entry: LoggedRequest,
  ): Promise<WireAnswer> {
    const answer = await answerOrFault(req, url, raw, entry);
    if (answer.type !== 'hold') entry.answeredAt = now();
    return answer;
  }

  /** What Graph does with a request: the answer, or a fault in its place. */
  async function answerOrFault(
    req: WireRequest,
    url: URL,
    raw: string,
    entry: LoggedRequest,
  ): Promise<WireAnswer> {
    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'OPTIONS') {
      entry.status = 204;
      return {
        type: 'answer',
        status: 204,
        body: '',
        headers: {
          'access-control-allow-origin': '*',
          'access-control-allow-headers': 'authorization, content-type',
          'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
          'access-control-max-age': '600',
        },
      };
    }
    const { served, rest } = splitVersion(url.pathname);
    const delay = rules.delay(method, rest);
    if (delay > 0) await sleep(delay);

    // Whether the number was registered when a call reached it: what a register or deregister
    // found, which the change-flow tests read from the log.
    const phone = state.phones.get(rest.split('/').filter(Boolean)[0] ?? '');
    if (phone && method === 'POST') entry.registeredBefore = isRegistered(phone);
    const rule = rules.take(method, rest);
    if (rule?.type === 'error') return errorAnswer(entry, rule.status, rule.error);
    // A fault after Meta applied the call: the answer is lost, the change is made.
    const appliedFirst = rule?.type === 'fault' && rule.applied;
    if (rule?.type === 'fault' && !appliedFirst) return fault(rule.kind, entry);

    if (!served)
      return errorAnswer(entry, 400, {
        message: `Unknown path components: ${rest}`,
        code: 2500,
      });
    const body = parseBody(raw, req.headers['content-type']);
    const params = { ...Object.fromEntries(url.searchParams), ...(isRecord(body) ? body : {}) };
    const token = presentedToken(req, url.searchParams, body);
    const wabaId = wabaOfPath(state, rest);
    const rate = token ? limiter.take(token, wabaId, now()) : undefined;
    if (rate && !rate.allowed) return errorAnswer(entry, 400, rate.error, {}, wabaId, rate);
    const answer: GraphAnswer = handleGraph(state, {
      method,
      version: served,
      path: rest,
      query: url.searchParams,
      params,
      token,
      now: now(),
      behaviour,
    });
    if (rule?.type === 'fault') return fault(rule.kind, entry);
    // Graph names the version that answered; for an expired one that is the oldest live one.
    const versionHeader = { 'x-fb-api-version': served };
    if (answer.error)
      return errorAnswer(entry, answer.status, answer.error, versionHeader, answer.wabaId, rate);
    const trace = fbtraceId();
    entry.status = answer.status;
    entry.traceId = trace;
    return {
      type: 'answer',
      status: answer.status,
      body: JSON.stringify(answer.body),
      headers: { ...graphHeaders(trace, answer.wabaId, rate), ...versionHeader },
    };
  }

  function fault(
    kind: keyof typeof FAULT_ANSWERS | 'drop' | 'timeout' | 'http500',
    entry: LoggedRequest,
  ): WireAnswer {
    entry.status = 0;
    if (kind === 'drop') return { type: 'drop' };
    if (kind === 'timeout') return { type: 'hold' };
    if (kind === 'http500') return errorAnswer(entry, 500, unknownError);
    const answer = FAULT_ANSWERS[kind];
    entry.status = answer.status;
    return {
      type: 'answer',
      status: answer.status,
      body: answer.body,
      headers: { ...graphHeaders(fbtraceId()), 'content-type': answer.type },
    };
  }

  return {
    get state() {
      return state;
    },
    get behaviour(): Behaviour {
      return { ...behaviour };
    },
    configure(patch: Partial<Behaviour>) {
      behaviour = { ...behaviour, ...patch };
    },
    rules,
    /** The rate limits (rate-limits.ts): change them, or block an app or a WABA for a while. */
    limiter,
    /** Logs a request as it arrives (before it is answered, so drops are logged too). */
    record(req: WireRequest, host: string, url: URL, raw: string): LoggedRequest {
      const entry = logEntry({
        req,
        host,
        url,
        raw,
        body: parseBody(raw, req.headers['content-type']),
        time: now(),
      });
      log.push(entry);
      if (log.length > MAX_LOG) log = log.slice(-MAX_LOG);
      return entry;
    },
    answerGraph,
    requests: () => structuredClone(log),
    clearRequests() {
      log = [];
    },
    reset() {
      state = seedState();
      log = [];
      behaviour = { ...DEFAULT_BEHAVIOUR };
      rules.clear();
      limiter.reset();
    },
  };
}

export type GraphCore = ReturnType<typeof createGraphCore>;
