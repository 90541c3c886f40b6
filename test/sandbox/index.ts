// The sandbox: one local HTTPS server that stands in for graph.facebook.com and
// business.facebook.com (routed by Host header), with controls for tests. Browsers reach it
// through host-name mapping, so the production build runs unchanged. It speaks HTTP/2 as
// Meta's API does (a browser opens only 6 HTTP/1.1 connections per host, which would make the
// sandbox the bottleneck of a fleet scan), and HTTP/1.1 to clients that ask for it.
import { createSecureServer, constants as h2, type ServerHttp2Stream } from 'node:http2';
import type { Socket } from 'node:net';
import type { GraphAnswer } from './answers';
import { makeCertificate } from './certs';
import { CONTROL_PREFIX, handleControl } from './control';
import { errorBody, fbtraceId, type MetaError, unknownError } from './errors';
import {
  FAULT_ANSWERS,
  type FaultSpec,
  type GraphErrorSpec,
  type LatencySpec,
  type Match,
  Rules,
} from './faults';
import { handleGraph, wabaOfPath } from './graph';
import {
  isRecord,
  parseBody,
  readBody,
  type SandboxRequest,
  type SandboxResponse,
  send,
  sendText,
} from './http';
import { type LoggedRequest, logEntry, MAX_LOG, presentedToken } from './log';
import { isManagerPath, managerHome, managerPage } from './manager-pages';
import { type RateLimitConfig, RateLimiter } from './rate-limits';
import { REGISTRATION_WINDOW_MS } from './registration';
import { type PhoneRecord, type SandboxState, seedState } from './seed';
import { splitVersion } from './versions';

export type { MetaError } from './errors';
export type { FaultKind, FaultSpec, GraphErrorSpec, LatencySpec, Match } from './faults';
export * from './fleet';
export type { LoggedRequest } from './log';
export { DEFAULT_RATE_LIMITS, type RateLimitConfig } from './rate-limits';
export * from './seed';
export { LIVE_VERSIONS } from './versions';

export const GRAPH_HOST = 'graph.facebook.com';
export const MANAGER_HOST = 'business.facebook.com';
const CONTROL_HOSTS = ['localhost', '127.0.0.1'];

export interface SandboxOptions {
  /** 0 (default) picks a free port; Firefox's forceResolve needs 443. */
  port?: number;
  /** Default 127.0.0.1. */
  listenHost?: string;
  /** Base clock in ms; advanceClock adds to it. Default Date.now. */
  now?: () => number;
}

export interface Sandbox {
  port: number;
  /** https://127.0.0.1:PORT (the control API's origin). */
  origin: string;
  certPem: string;
  /** base64 SHA-256 of the certificate's SubjectPublicKeyInfo, for Chromium's SPKI allow list. */
  spkiBase64: string;
  /** The live state; tests may change records directly to set up rare cases. */
  readonly state: SandboxState;
  /** A copy of a number's current record. */
  phone(id: string): PhoneRecord | undefined;
  /** Changes a stored number's fields, e.g. { is_on_biz_app: true }. */
  updatePhone(id: string, patch: Partial<PhoneRecord>): void;
  /** Register + deregister requests counted in the moving 72 h window. */
  registrationCount(id: string): number;
  lastVerificationCode(id: string): string | undefined;
  /** Back to the seed: state, log, faults, errors, latency, clock; held sockets are closed. */
  reset(): void;
  requests(): LoggedRequest[];
  clearRequests(): void;
  injectFault(fault: FaultSpec): void;
  injectGraphError(spec: GraphErrorSpec): void;
  /** Changes the rate limits (test/sandbox/rate-limits.ts) until reset. */
  setRateLimits(patch: Partial<RateLimitConfig>): void;
  /** Refuses every call of a token's app (code 4) or a WABA (80007) for `ms`, as Meta may. */
  blockRateLimit(key: { token?: string; wabaId?: string }, ms: number): void;
  /** Delays matching Graph requests until reset. */
  setLatency(spec: LatencySpec): void;
  setLatency(match: Match | undefined, ms: number): void;
  /** Sandbox time in ms. */
  now(): number;
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const { cert, key, spkiBase64 } = await makeCertificate();
  const baseClock = opts.now ?? Date.now;
  let clockOffset = 0;
  const now = () => baseClock() + clockOffset;

  let state = seedState();
  let log: LoggedRequest[] = [];
  const rules = new Rules();
  const limiter = new RateLimiter();
  /** Sockets (HTTP/1.1) or streams (HTTP/2) a "timeout" fault keeps open without answering. */
  const held = new Set<Socket | ServerHttp2Stream>();
  /** Every open connection, so close() ends them (HTTP/2 keeps connections open). */
  const connections = new Set<Socket>();

  function record(entry: LoggedRequest) {
    log.push(entry);
    if (log.length > MAX_LOG) log = log.slice(-MAX_LOG);
  }

  /** Usage as a fraction of the rate limits (rate-limits.ts); grows with calls in the window. */
  interface Usage {
    appPercent: number;
    wabaPercent?: number;
    regainMinutes?: number;
  }

  /** Headers every Graph answer carries. */
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

  function answerError(
    res: SandboxResponse,
    entry: LoggedRequest,
    status: number,
    error: MetaError,
    extra: Record<string, string> = {},
    wabaId?: string,
    usage?: Usage,
  ) {
    const trace = fbtraceId();
    entry.status = status;
    entry.errorCode = error.code;
    entry.traceId = trace;
    send(res, status, JSON.stringify(errorBody(error, trace)), {
      ...graphHeaders(trace, wabaId, usage),
      ...extra,
    });
  }

  /** HTTP/1.1 loses its connection; HTTP/2 resets only the stream (the connection is shared). */
  function dropRequest(req: SandboxRequest) {
    if ('stream' in req) req.stream.close(h2.NGHTTP2_INTERNAL_ERROR);
    else req.socket.destroy();
  }

  function holdRequest(req: SandboxRequest) {
    held.add('stream' in req ? req.stream : req.socket);
  }

  async function onGraph(
    req: SandboxRequest,
    res: SandboxResponse,
    url: URL,
    entry: LoggedRequest,
    raw: string,
  ) {
    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'OPTIONS') {
      entry.status = 204;
      return send(res, 204, '', {
        'access-control-allow-origin': '*',
        'access-control-allow-headers': 'authorization, content-type',
        'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
        'access-control-max-age': '600',
      });
    }
    const { served, rest } = splitVersion(url.pathname);
    const delay = rules.delay(method, rest);
    if (delay > 0) await sleep(delay);

    const rule = rules.take(method, rest);
    if (rule?.type === 'error') return answerError(res, entry, rule.status, rule.error);
    if (rule?.type === 'fault') {
      entry.status = 0;
      if (rule.kind === 'drop') return dropRequest(req);
      if (rule.kind === 'timeout') return holdRequest(req);
      if (rule.kind === 'http500') return answerError(res, entry, 500, unknownError);
      const answer = FAULT_ANSWERS[rule.kind];
      entry.status = answer.status;
      return send(res, answer.status, answer.body, {
        ...graphHeaders(fbtraceId()),
        'content-type': answer.type,
      });
    }

    if (!served)
      return answerError(res, entry, 400, {
        message: `Unknown path components: ${rest}`,
        code: 2500,
      });
    const body = parseBody(raw, req.headers['content-type']);
    const params = { ...Object.fromEntries(url.searchParams), ...(isRecord(body) ? body : {}) };
    const token = presentedToken(req, url.searchParams, body);
    const wabaId = wabaOfPath(state, rest);
    const rate = token ? limiter.take(token, wabaId, now()) : undefined;
    if (rate && !rate.allowed) return answerError(res, entry, 400, rate.error, {}, wabaId, rate);
    const answer: GraphAnswer = handleGraph(state, {
      method,
      version: served,
      path: rest,
      query: url.searchParams,
      params,
      token,
      now: now(),
    });
    // Graph names the version that answered; for an expired one that is the oldest live one.
    const versionHeader = { 'x-fb-api-version': served };
    if (answer.error)
      return answerError(
        res,
        entry,
        answer.status,
        answer.error,
        versionHeader,
        answer.wabaId,
        rate,
      );
    const trace = fbtraceId();
    entry.status = answer.status;
    entry.traceId = trace;
    send(res, answer.status, JSON.stringify(answer.body), {
      ...graphHeaders(trace, answer.wabaId, rate),
      ...versionHeader,
    });
  }

  function onManager(res: SandboxResponse, url: URL, entry: LoggedRequest) {
    if (url.pathname === '/') {
      entry.status = 302;
      return send(res, 302, '', { location: managerHome() });
    }
    if (url.pathname === '/favicon.ico') {
      entry.status = 204;
      return send(res, 204, '', {});
    }
    if (!isManagerPath(url.pathname)) {
      entry.status = 404;
      return sendText(res, 404, 'Not a page of the sandbox stand-in for WhatsApp Manager');
    }
    entry.status = 200;
    send(res, 200, managerPage(state, url), {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    });
  }

  const server = createSecureServer({ cert, key, allowHTTP1: true }, async (req, res) => {
    const authority = req.headers[':authority'] ?? req.headers.host ?? '';
    const host = String(authority).replace(/:\d+$/, '').toLowerCase();
    const url = new URL(req.url ?? '/', 'https://sandbox.invalid');
    const raw = await readBody(req).catch(() => '');
    const isControl = CONTROL_HOSTS.includes(host) && url.pathname.startsWith(CONTROL_PREFIX);
    const entry = logEntry({
      req,
      host,
      url,
      raw,
      body: parseBody(raw, req.headers['content-type']),
      time: now(),
    });
    // Control calls stay out of the log, so reading the log does not change it.
    if (!isControl) record(entry);
    try {
      if (host === GRAPH_HOST) await onGraph(req, res, url, entry, raw);
      else if (host === MANAGER_HOST) onManager(res, url, entry);
      else if (CONTROL_HOSTS.includes(host)) {
        entry.status = 200;
        handleControl(sandbox, req, res, url, raw);
      } else {
        entry.status = 421;
        sendText(
          res,
          421,
          `Misdirected request: the sandbox does not serve ${host || 'this host'}`,
        );
      }
    } catch (error) {
      entry.status = 500;
      if (!res.headersSent) sendText(res, 500, `Sandbox error: ${String(error)}`);
    }
  });

  server.on('secureConnection', (socket: Socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.listenHost ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  function releaseHeld() {
    for (const socketOrStream of held) {
      if ('rstCode' in socketOrStream) socketOrStream.close(h2.NGHTTP2_CANCEL);
      else socketOrStream.destroy();
    }
    held.clear();
  }

  const sandbox: Sandbox = {
    port,
    origin: `https://127.0.0.1:${port}`,
    certPem: cert,
    spkiBase64,
    get state() {
      return state;
    },
    phone: (id) => {
      const phone = state.phones.get(id);
      return phone ? structuredClone(phone) : undefined;
    },
    updatePhone(id, patch) {
      const phone = state.phones.get(id);
      if (!phone) throw new Error(`No phone number ${id} in the sandbox`);
      Object.assign(phone, patch);
    },
    registrationCount: (id) =>
      (state.phones.get(id)?.registrationCalls ?? []).filter(
        (t) => now() - t < REGISTRATION_WINDOW_MS,
      ).length,
    lastVerificationCode: (id) => state.phones.get(id)?.lastVerificationCode,
    reset() {
      state = seedState();
      log = [];
      clockOffset = 0;
      rules.clear();
      limiter.reset();
      releaseHeld();
    },
    requests: () => structuredClone(log),
    clearRequests() {
      log = [];
    },
    setRateLimits: (patch) => limiter.configure(patch),
    blockRateLimit: (key, ms) => limiter.block(key, ms, now()),
    injectFault: (fault) => rules.addFault(fault),
    injectGraphError: (spec) => rules.addError(spec),
    setLatency(specOrMatch: LatencySpec | Match | undefined, ms?: number) {
      if (ms !== undefined) rules.addLatency({ ms, match: specOrMatch as Match | undefined });
      else rules.addLatency(specOrMatch as LatencySpec);
    },
    now,
    advanceClock(ms) {
      clockOffset += ms;
    },
    async close() {
      releaseHeld();
      for (const socket of connections) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return sandbox;
}
