// The sandbox: one local HTTPS server that stands in for graph.facebook.com and
// business.facebook.com (routed by Host header), with controls for tests. Browsers reach it
// through host-name mapping, so the production build runs unchanged. It speaks HTTP/2 as
// Meta's API does (a browser opens only 6 HTTP/1.1 connections per host, which would make the
// sandbox the bottleneck of a fleet scan), and HTTP/1.1 to clients that ask for it.
import { createSecureServer, constants as h2, type ServerHttp2Stream } from 'node:http2';
import type { Socket } from 'node:net';
import { makeCertificate } from './certs';
import { CONTROL_PREFIX, handleControl } from './control';
import { type Behaviour, createGraphCore } from './core';
import type { FaultSpec, GraphErrorSpec, LatencySpec, Match } from './faults';
import { readBody, type SandboxRequest, type SandboxResponse, send, sendText } from './http';
import type { LoggedRequest } from './log';
import {
  FRAMER_HOSTS,
  framingPage,
  isManagerPath,
  MANAGER_CSP,
  managerHome,
  managerPage,
} from './manager-pages';
import type { RateLimitConfig } from './rate-limits';
import { REGISTRATION_WINDOW_MS } from './registration';
import type { PhoneRecord, SandboxState } from './seed';

export type { Behaviour } from './core';
export { DEFAULT_BEHAVIOUR } from './core';
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
  /** Picks how the sandbox behaves where Meta is silent (until reset). */
  configure(patch: Partial<Behaviour>): void;
  close(): Promise<void>;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const { cert, key, spkiBase64 } = await makeCertificate();
  const baseClock = opts.now ?? Date.now;
  let clockOffset = 0;
  const now = () => baseClock() + clockOffset;
  const core = createGraphCore(now);
  /** Sockets (HTTP/1.1) or streams (HTTP/2) a "timeout" fault keeps open without answering. */
  const held = new Set<Socket | ServerHttp2Stream>();
  /** Every open connection, so close() ends them (HTTP/2 keeps connections open). */
  const connections = new Set<Socket>();

  async function onGraph(
    req: SandboxRequest,
    res: SandboxResponse,
    url: URL,
    raw: string,
    entry: LoggedRequest,
  ) {
    const answer = await core.answerGraph(req, url, raw, entry);
    // HTTP/1.1 loses its connection; HTTP/2 resets only the stream (the connection is shared).
    if (answer.type === 'drop') {
      if ('stream' in req) return req.stream.close(h2.NGHTTP2_INTERNAL_ERROR);
      return req.socket.destroy();
    }
    if (answer.type === 'hold') return void held.add('stream' in req ? req.stream : req.socket);
    send(res, answer.status, answer.body, answer.headers);
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
    send(res, 200, managerPage(core.state, url), {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': MANAGER_CSP,
    });
  }

  const server = createSecureServer({ cert, key, allowHTTP1: true }, async (req, res) => {
    const authority = req.headers[':authority'] ?? req.headers.host ?? '';
    const host = String(authority).replace(/:\d+$/, '').toLowerCase();
    const url = new URL(req.url ?? '/', 'https://sandbox.invalid');
    const raw = await readBody(req).catch(() => '');
    const isControl = CONTROL_HOSTS.includes(host) && url.pathname.startsWith(CONTROL_PREFIX);
    // Control calls stay out of the log, so reading the log does not change it.
    const entry = isControl ? ({ status: 0 } as LoggedRequest) : core.record(req, host, url, raw);
    try {
      if (host === GRAPH_HOST) await onGraph(req, res, url, raw, entry);
      else if (host === MANAGER_HOST) onManager(res, url, entry);
      else if (FRAMER_HOSTS.includes(host)) {
        entry.status = 200;
        send(res, 200, framingPage(url), { 'content-type': 'text/html; charset=utf-8' });
      } else if (CONTROL_HOSTS.includes(host)) {
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
      return core.state;
    },
    ...phoneAccess(() => core.state, now),
    reset() {
      core.reset();
      clockOffset = 0;
      releaseHeld();
    },
    requests: core.requests,
    clearRequests: core.clearRequests,
    injectFault: (fault) => core.rules.addFault(fault),
    injectGraphError: (spec) => core.rules.addError(spec),
    setRateLimits: (patch) => core.limiter.configure(patch),
    blockRateLimit: (key, ms) => core.limiter.block(key, ms, now()),
    setLatency(specOrMatch: LatencySpec | Match | undefined, ms?: number) {
      if (ms !== undefined) core.rules.addLatency({ ms, match: specOrMatch as Match | undefined });
      else core.rules.addLatency(specOrMatch as LatencySpec);
    },
    now,
    advanceClock(ms) {
      clockOffset += ms;
    },
    configure: (patch) => core.configure(patch),
    async close() {
      releaseHeld();
      for (const socket of connections) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return sandbox;
}

/** Reading and changing numbers directly, for tests that set up rare cases. */
export function phoneAccess(state: () => SandboxState, now: () => number) {
  return {
    phone: (id: string) => {
      const phone = state().phones.get(id);
      return phone ? structuredClone(phone) : undefined;
    },
    updatePhone(id: string, patch: Partial<PhoneRecord>) {
      const phone = state().phones.get(id);
      if (!phone) throw new Error(`No phone number ${id} in the sandbox`);
      Object.assign(phone, patch);
    },
    registrationCount: (id: string) =>
      (state().phones.get(id)?.registrationCalls ?? []).filter(
        (t) => now() - t < REGISTRATION_WINDOW_MS,
      ).length,
    lastVerificationCode: (id: string) => state().phones.get(id)?.lastVerificationCode,
  };
}
