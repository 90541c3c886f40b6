// The sandbox: one local HTTPS server that stands in for graph.facebook.com and
// business.facebook.com (routed by Host header), with controls for tests. Browsers reach it
// through host-name mapping, so the production build runs unchanged.
import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import selfsigned from 'selfsigned';
import {
  errorBody,
  fbtraceId,
  handleGraph,
  type MetaError,
  servedVersion,
  splitVersion,
} from './graph';
import { isManagerPath, managerPage } from './manager-pages';
import {
  BUSINESS_ID,
  type PhoneRecord,
  type SandboxState,
  seedState,
  TOKENS,
  type TokenName,
  WABA_MAIN,
} from './seed';

export * from './seed';

export type FaultKind =
  | 'drop'
  | 'http500'
  | 'http503'
  | 'timeout'
  | 'malformed-json'
  | 'html-error';
export interface Match {
  method?: string;
  /** Substring (or pattern) of the path after the version. */
  path?: string | RegExp;
}
export interface LoggedRequest {
  time: number;
  host: string;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  /** Which known token authorised the request, by name. */
  auth: TokenName | 'unknown' | 'none';
  /** True when any known token appears anywhere in the raw request. */
  tokenSeen: boolean;
  status?: number;
  errorCode?: number;
}

export interface Sandbox {
  port: number;
  origin: string;
  certPem: string;
  spkiBase64: string;
  state: SandboxState;
  phone(id: string): PhoneRecord | undefined;
  reset(): void;
  requests(): LoggedRequest[];
  clearRequests(): void;
  injectFault(fault: { kind: FaultKind; count?: number; match?: Match }): void;
  injectGraphError(spec: {
    error: MetaError;
    status?: number;
    count?: number;
    match?: Match;
  }): void;
  setLatency(spec: { ms: number; match?: Match }): void;
  advanceClock(ms: number): void;
  lastVerificationCode(id: string): string | undefined;
  close(): Promise<void>;
}

type Rule =
  | { type: 'fault'; kind: FaultKind; left: number; match?: Match }
  | { type: 'error'; error: MetaError; status: number; left: number; match?: Match };

const matches = (m: Match | undefined, method: string, path: string) =>
  !m ||
  ((!m.method || m.method.toUpperCase() === method) &&
    (!m.path || (typeof m.path === 'string' ? path.includes(m.path) : m.path.test(path))));

const MAX_LOG = 5000;

async function makeCertificate() {
  const attrs = [{ name: 'commonName', value: 'Residency sandbox' }];
  const pems = await selfsigned.generate(attrs, {
    keySize: 2048,
    days: 7,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'graph.facebook.com' },
          { type: 2, value: 'business.facebook.com' },
          { type: 2, value: 'developers.facebook.com' },
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  } as Parameters<typeof selfsigned.generate>[1]);
  return { cert: pems.cert, key: pems.private };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (!raw) return null;
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(raw)) {
      try {
        out[k] = v.startsWith('{') ? JSON.parse(v) : v;
      } catch {
        out[k] = v;
      }
    }
    return out;
  }
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

const redact = (text: string) =>
  Object.values(TOKENS).reduce((acc, token) => acc.split(token).join('[redacted]'), text);

/**
 * Starts the sandbox. Port 0 picks a free port (Chromium maps host names to any port);
 * Firefox needs 443.
 */
export async function startSandbox(
  opts: { port?: number; listenHost?: string } = {},
): Promise<Sandbox> {
  const { cert, key } = await makeCertificate();
  const spki = createPublicKey(cert).export({ type: 'spki', format: 'der' });
  const spkiBase64 = createHash('sha256').update(spki).digest('base64');
  new X509Certificate(cert); // fail early on a broken certificate

  let state = seedState();
  let rules: Rule[] = [];
  let latency: Array<{ ms: number; match?: Match }> = [];
  let clockOffset = 0;
  let log: LoggedRequest[] = [];
  const heldSockets = new Set<Socket>();
  const now = () => Date.now() + clockOffset;

  function takeRule(method: string, path: string): Rule | undefined {
    const rule = rules.find((r) => r.left > 0 && matches(r.match, method, path));
    if (rule) rule.left -= 1;
    rules = rules.filter((r) => r.left > 0);
    return rule;
  }

  function send(
    res: ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string>,
  ) {
    res.writeHead(status, { 'access-control-allow-origin': '*', ...headers });
    res.end(body);
  }

  async function onGraph(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    entry: LoggedRequest,
    raw: string,
  ) {
    const method = (req.method ?? 'GET').toUpperCase();
    const trace = fbtraceId();
    const base = {
      'x-fb-trace-id': trace,
      'x-fb-rev': '1000000001',
      'content-type': 'application/json; charset=UTF-8',
    };
    if (method === 'OPTIONS') {
      send(res, 204, '', {
        'access-control-allow-headers': 'authorization, content-type',
        'access-control-allow-methods': 'GET, POST, DELETE',
      });
      return;
    }
    const { version, rest } = splitVersion(url.pathname);
    for (const l of latency)
      if (matches(l.match, method, rest)) await new Promise((r) => setTimeout(r, l.ms));

    const rule = takeRule(method, rest);
    if (rule?.type === 'fault') {
      entry.status = 0;
      switch (rule.kind) {
        case 'drop':
          req.socket.destroy();
          return;
        case 'timeout':
          heldSockets.add(req.socket);
          return;
        case 'http500':
          entry.status = 500;
          send(
            res,
            500,
            JSON.stringify(
              errorBody({ message: 'An unknown error occurred', code: 1, is_transient: true }),
            ),
            base,
          );
          return;
        case 'http503':
          entry.status = 503;
          send(res, 503, '<html><body><h1>Service Unavailable</h1></body></html>', {
            'content-type': 'text/html',
          });
          return;
        case 'malformed-json':
          entry.status = 200;
          send(res, 200, '{"data": [', base);
          return;
        case 'html-error':
          entry.status = 502;
          send(res, 502, '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>', {
            'content-type': 'text/html',
          });
          return;
      }
    }
    if (rule?.type === 'error') {
      entry.status = rule.status;
      entry.errorCode = rule.error.code;
      send(res, rule.status, JSON.stringify(errorBody(rule.error)), base);
      return;
    }

    const served = servedVersion(version);
    if (!served) {
      const body = errorBody({ message: `Unknown path components: ${rest}`, code: 2500 });
      entry.status = 400;
      entry.errorCode = 2500;
      send(res, 400, JSON.stringify(body), base);
      return;
    }
    const authHeader = req.headers.authorization;
    const bodyParams = parseBody(raw, req.headers['content-type']);
    const params: Record<string, unknown> = {
      ...Object.fromEntries(url.searchParams),
      ...(bodyParams && typeof bodyParams === 'object'
        ? (bodyParams as Record<string, unknown>)
        : {}),
    };
    const token = authHeader?.startsWith('Bearer ')
      ? authHeader.slice(7).trim()
      : (str(params.access_token) ?? null);
    const answer = handleGraph(state, {
      method,
      path: rest,
      query: url.searchParams,
      params,
      token,
      now: now(),
    });
    entry.status = answer.status;
    const err = (answer.body as { error?: { code?: number } }).error;
    if (err?.code !== undefined) entry.errorCode = err.code;
    const usage = { call_count: 1, total_cputime: 1, total_time: 1 };
    send(res, answer.status, JSON.stringify(answer.body), {
      ...base,
      'x-fb-api-version': served,
      'x-app-usage': JSON.stringify(usage),
      ...(answer.wabaId
        ? {
            'x-business-use-case-usage': JSON.stringify({
              [answer.wabaId]: [
                {
                  type: 'whatsapp_business_management',
                  ...usage,
                  estimated_time_to_regain_access: 0,
                },
              ],
            }),
          }
        : {}),
    });
  }

  function onManager(res: ServerResponse, url: URL, entry: LoggedRequest) {
    if (url.pathname === '/') {
      entry.status = 302;
      send(res, 302, '', {
        location: `/wa/manage/phone-numbers/?business_id=${BUSINESS_ID}&waba_id=${WABA_MAIN}`,
      });
      return;
    }
    if (!isManagerPath(url.pathname)) {
      entry.status = 404;
      send(res, 404, 'Not found in the sandbox stand-in', { 'content-type': 'text/plain' });
      return;
    }
    entry.status = 200;
    send(res, 200, managerPage(state, url), { 'content-type': 'text/html; charset=utf-8' });
  }

  async function onControl(req: IncomingMessage, res: ServerResponse, url: URL, raw: string) {
    const json = (status: number, body: unknown) =>
      send(res, status, JSON.stringify(body), { 'content-type': 'application/json' });
    const body = (parseBody(raw, 'application/json') ?? {}) as Record<string, unknown>;
    const method = req.method ?? 'GET';
    const p = url.pathname;
    const done = (action: () => void) => {
      action();
      json(200, { ok: true });
    };
    if (p === '/__sandbox/reset' && method === 'POST') return done(() => sandbox.reset());
    if (p === '/__sandbox/requests') {
      if (method === 'DELETE') return done(() => sandbox.clearRequests());
      return json(200, sandbox.requests());
    }
    if (p === '/__sandbox/fault' && method === 'POST')
      return done(() => sandbox.injectFault(body as never));
    if (p === '/__sandbox/graph-error' && method === 'POST')
      return done(() => sandbox.injectGraphError(body as never));
    if (p === '/__sandbox/latency' && method === 'POST')
      return done(() => sandbox.setLatency(body as never));
    if (p === '/__sandbox/clock' && method === 'POST')
      return done(() => sandbox.advanceClock(Number(body.advanceMs) || 0));
    const phone = /^\/__sandbox\/phones\/(\d+)$/.exec(p);
    if (phone?.[1])
      return json(sandbox.phone(phone[1]) ? 200 : 404, sandbox.phone(phone[1]) ?? null);
    const code = /^\/__sandbox\/codes\/(\d+)$/.exec(p);
    if (code?.[1]) return json(200, { code: sandbox.lastVerificationCode(code[1]) ?? null });
    send(res, 200, 'Residency sandbox. Control API under /__sandbox/.\n', {
      'content-type': 'text/plain',
    });
  }

  const server: Server = createServer({ cert, key }, async (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const url = new URL(req.url ?? '/', `https://${host || 'localhost'}`);
    const raw = await readBody(req).catch(() => '');
    const rawRequest = `${req.url} ${JSON.stringify(req.headers)} ${raw}`;
    const tokenName = (Object.entries(TOKENS).find(
      ([, v]) =>
        req.headers.authorization === `Bearer ${v}` || url.searchParams.get('access_token') === v,
    )?.[0] ??
      (req.headers.authorization || url.searchParams.has('access_token')
        ? 'unknown'
        : 'none')) as LoggedRequest['auth'];
    const headers = { ...req.headers };
    if (headers.authorization) headers.authorization = 'Bearer [redacted]';
    const query = Object.fromEntries(url.searchParams);
    if (query.access_token) query.access_token = '[redacted]';
    const parsedBody = parseBody(raw, req.headers['content-type']);
    const entry: LoggedRequest = {
      time: now(),
      host,
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      body:
        typeof parsedBody === 'string'
          ? redact(parsedBody)
          : parsedBody
            ? JSON.parse(redact(JSON.stringify(parsedBody)))
            : null,
      headers,
      auth: tokenName,
      tokenSeen: Object.values(TOKENS).some((token) => rawRequest.includes(token)),
    };
    const isControl = host === 'localhost' || host === '127.0.0.1';
    if (!isControl) {
      log.push(entry);
      if (log.length > MAX_LOG) log = log.slice(-MAX_LOG);
    }
    try {
      if (host === 'graph.facebook.com') await onGraph(req, res, url, entry, raw);
      else if (host === 'business.facebook.com') onManager(res, url, entry);
      else if (isControl) await onControl(req, res, url, raw);
      else
        send(
          res,
          421,
          'Misdirected request: the sandbox serves graph.facebook.com and business.facebook.com',
          { 'content-type': 'text/plain' },
        );
    } catch (error) {
      send(res, 500, String(error), { 'content-type': 'text/plain' });
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.listenHost ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const sandbox: Sandbox = {
    port,
    origin: `https://127.0.0.1:${port}`,
    certPem: cert,
    spkiBase64,
    get state() {
      return state;
    },
    phone: (id) => state.phones.get(id),
    reset() {
      state = seedState();
      rules = [];
      latency = [];
      clockOffset = 0;
      log = [];
      for (const s of heldSockets) s.destroy();
      heldSockets.clear();
    },
    requests: () => log.map((r) => ({ ...r })),
    clearRequests() {
      log = [];
    },
    injectFault({ kind, count = 1, match }) {
      rules.push({ type: 'fault', kind, left: count, match });
    },
    injectGraphError({ error, status = 400, count = 1, match }) {
      rules.push({ type: 'error', error, status, left: count, match });
    },
    setLatency(spec) {
      latency.push(spec);
    },
    advanceClock(ms) {
      clockOffset += ms;
    },
    lastVerificationCode: (id) => state.phones.get(id)?.verificationCode,
    async close() {
      for (const s of heldSockets) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return sandbox;
}

function str(v: unknown) {
  return typeof v === 'string' ? v : undefined;
}
