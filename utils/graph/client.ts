import { z } from 'zod';
import { parseGraphErrorBody } from './error-body';
import { GraphError } from './errors';
import { isVersionName } from './versions';

export const GRAPH_BASE_URL = 'https://graph.facebook.com';

/**
 * The largest answer Residency reads (a page of 100 numbers is well under 100 KB). A bigger
 * body is cut off and reported as malformed rather than held in memory.
 */
export const MAX_BODY_BYTES = 2_000_000;

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface GraphClientOptions {
  /** The network boundary; the background passes the global fetch. */
  fetch: FetchLike;
  /** Read per call, so a newly saved token is used at once. */
  getToken: () => Promise<string | null>;
  getVersion: () => Promise<string>;
  /** Per attempt, including reading the body. */
  timeoutMs?: number;
  /** GETs only: total tries (1 = no retry) and the first backoff delay. */
  retry?: { attempts: number; baseDelayMs: number };
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source, 0 ≤ x < 1; injectable for tests. */
  random?: () => number;
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  signal?: AbortSignal;
}

export interface PostOptions extends RequestOptions {
  json?: unknown;
}

/** `x-app-usage`: percentages of the app's hourly allowance. */
export interface AppUsage {
  callCount?: number;
  totalCputime?: number;
  totalTime?: number;
}

/** One entry of `x-business-use-case-usage`, keyed by the WABA or business ID. */
export interface BusinessUseCaseUsage extends AppUsage {
  id: string;
  type?: string;
  /** Minutes until calls are accepted again; 0 when not throttled. */
  estimatedMinutes?: number;
}

/** Rate-limit headers of the latest answer that carried them. */
export interface Usage {
  app?: AppUsage;
  businessUseCase?: BusinessUseCaseUsage[];
  /** When these headers arrived (ms since epoch). */
  at?: number;
}

const num = z.number().finite().optional().catch(undefined);
const AppUsageHeaderSchema = z.object({
  call_count: num,
  total_cputime: num,
  total_time: num,
});
const BucEntrySchema = AppUsageHeaderSchema.extend({
  type: z.string().optional().catch(undefined),
  estimated_time_to_regain_access: num,
});
const BucHeaderSchema = z.record(z.array(z.unknown()).catch([]));

function parseJsonHeader(value: string | null): unknown {
  if (!value) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/**
 * `x-app-usage` as numbers; undefined when absent or unreadable.
 * @example parseAppUsage('{"call_count":28,"total_time":25,"total_cputime":25}')
 *   // { callCount: 28, totalCputime: 25, totalTime: 25 }
 */
export function parseAppUsage(header: string | null): AppUsage | undefined {
  const parsed = AppUsageHeaderSchema.safeParse(parseJsonHeader(header));
  if (!parsed.success) return undefined;
  const { call_count, total_cputime, total_time } = parsed.data;
  return { callCount: call_count, totalCputime: total_cputime, totalTime: total_time };
}

/**
 * `x-business-use-case-usage` flattened; entries that are not objects are skipped.
 * @example parseBusinessUseCaseUsage('{"102290129340398":[{"type":"whatsapp_business_management","call_count":95,"estimated_time_to_regain_access":12}]}')
 *   // [{ id: '102290129340398', type: 'whatsapp_business_management', callCount: 95, estimatedMinutes: 12, … }]
 */
export function parseBusinessUseCaseUsage(
  header: string | null,
): BusinessUseCaseUsage[] | undefined {
  const parsed = BucHeaderSchema.safeParse(parseJsonHeader(header));
  if (!parsed.success) return undefined;
  const entries: BusinessUseCaseUsage[] = [];
  for (const [id, list] of Object.entries(parsed.data)) {
    for (const item of list) {
      const e = BucEntrySchema.safeParse(item);
      if (!e.success) continue;
      entries.push({
        id,
        type: e.data.type,
        callCount: e.data.call_count,
        totalCputime: e.data.total_cputime,
        totalTime: e.data.total_time,
        estimatedMinutes: e.data.estimated_time_to_regain_access,
      });
    }
  }
  return entries;
}

// Paths are IDs and edges ("123/settings", "me/permissions"); nothing that could leave the API.
const SAFE_PATH = /^[A-Za-z0-9_./-]*$/;

function buildUrl(version: string, path: string, query: Query | undefined) {
  const clean = path.replace(/^\/+/, '');
  if (!SAFE_PATH.test(clean) || clean.split('/').some((s) => s === '.' || s === '..')) {
    throw GraphError.internal(`Refusing an unexpected Graph path: ${JSON.stringify(path)}`);
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    // The token travels only in the Authorization header: URLs end up in logs and histories.
    if (key.toLowerCase() === 'access_token') {
      throw GraphError.internal('Refusing to put an access token into a URL.');
    }
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.toString();
  const url = `${GRAPH_BASE_URL}/${version}/${clean}${search ? `?${search}` : ''}`;
  // The one host the background ever calls: never business.facebook.com, where the host
  // permission would send the person's cookies along.
  if (new URL(url).origin !== GRAPH_BASE_URL) {
    throw GraphError.internal(`Refusing a request outside ${GRAPH_BASE_URL}.`);
  }
  return url;
}

/** The body as text, up to MAX_BODY_BYTES; beyond that a 'malformed' GraphError. */
async function readCapped(response: Response): Promise<string> {
  const tooBig = () =>
    new GraphError({
      kind: 'malformed',
      httpStatus: response.status,
      message: `The answer is larger than ${MAX_BODY_BYTES} bytes; Residency did not read it.`,
    });
  if (Number(response.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) throw tooBig();
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      void reader.cancel().catch(() => undefined);
      throw tooBig();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const at = issue?.path.length ? issue.path.join('.') : '(root)';
  return `${at}: ${issue?.message ?? 'invalid'}`;
}

function parseWith<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  json: unknown,
  status: number,
): T {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  throw new GraphError({
    kind: 'malformed',
    httpStatus: status,
    message: `Unexpected Graph answer at ${describeIssue(result.error)}`,
  });
}

/** Resolves with the promise, or rejects with the signal's reason as soon as it aborts. */
function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

interface Answer {
  status: number;
  json: unknown;
  /** Meta's `x-fb-trace-id` header: what Meta's support asks for, on successes too. */
  traceId?: string;
  /** This answer's own rate-limit headers. */
  usage: Usage;
  /** `x-fb-api-version`: the version that answered. */
  version?: string;
}

/** A GET's parsed answer with what evidence and pacing need from its headers. */
export interface Read<T> {
  data: T;
  traceId?: string;
  usage: Usage;
  /** The version that answered (Meta's header), else the one asked for. */
  version: string;
}

/** A POST's parsed answer and Meta's trace ID for it (the proof a change was accepted). */
export interface Posted<T> {
  data: T;
  traceId?: string;
}

/**
 * The one way Residency talks to the Graph API: version and token from storage, a timeout on
 * every attempt, answers parsed with zod, every failure a typed GraphError. Identical GETs in
 * flight share one request and transient GET failures are retried with backoff and jitter.
 * POSTs change state (register/deregister share a 10-per-72-hours limit), so they are sent
 * exactly once and never retried or shared.
 * @example
 * const graph = createGraphClient({ fetch, getToken, getVersion: async () => 'v26.0' });
 * const settings = await graph.get('106540352242922/settings', SettingsSchema);
 */
export function createGraphClient(options: GraphClientOptions) {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const retry = options.retry ?? { attempts: 3, baseDelayMs: 300 };
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const inFlight = new Map<string, Promise<Answer>>();
  let lastUsage: Usage = {};

  async function prepare(path: string, query: Query | undefined) {
    let token: string | null;
    let version: string;
    try {
      // Read for every call: the background keeps both in memory (utils/storage/define.ts,
      // `memo`), so this costs no storage read, and a token or version saved a moment ago is
      // the one the next call uses.
      [token, version] = await Promise.all([options.getToken(), options.getVersion()]);
    } catch (cause) {
      throw GraphError.internal(`Could not read Residency's settings: ${String(cause)}`);
    }
    if (!token) {
      throw new GraphError({
        kind: 'internal',
        category: 'no-token',
        message: 'No access token saved.',
      });
    }
    if (!isVersionName(version)) {
      throw new GraphError({
        kind: 'internal',
        category: 'unknown-version',
        message: `Not a Graph API version: ${JSON.stringify(version)}`,
      });
    }
    return { token, version, url: buildUrl(version, path, query) };
  }

  function recordUsage(headers: Headers): Usage {
    const app = parseAppUsage(headers.get('x-app-usage'));
    const businessUseCase = parseBusinessUseCaseUsage(headers.get('x-business-use-case-usage'));
    if (!app && !businessUseCase) return {};
    lastUsage = { app, businessUseCase, at: Date.now() };
    return lastUsage;
  }

  function interpret(response: Response, text: string, usage: Usage): Answer {
    const buc = usage.businessUseCase;
    const status = response.status;
    const traceId = response.headers.get('x-fb-trace-id') ?? undefined;
    const body = text.trim();
    if (!body) {
      if (response.ok) {
        throw new GraphError({
          kind: 'malformed',
          httpStatus: status,
          message: `HTTP ${status} with an empty body.`,
        });
      }
      throw new GraphError({
        kind: 'http',
        httpStatus: status,
        message: `HTTP ${status} without a body.`,
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      // A gateway's 5xx HTML page is Meta's server failing (worth a retry); a 200 HTML page
      // (captive portal, proxy) will not improve by asking again.
      const gateway = status >= 500;
      throw new GraphError({
        kind: 'malformed',
        category: gateway ? 'server' : 'malformed',
        isTransient: gateway,
        httpStatus: status,
        message: `HTTP ${status}: ${body.startsWith('<') ? 'an HTML page' : 'text that is not JSON'} instead of Graph API JSON.`,
      });
    }
    const metaError =
      typeof json === 'object' && json !== null && 'error' in json
        ? parseGraphErrorBody(json, status)
        : null;
    if (metaError) {
      const minutes = Math.max(0, ...(buc ?? []).map((e) => e.estimatedMinutes ?? 0));
      const wait = metaError.category === 'rate-limit' && minutes > 0;
      // The body's fbtrace_id is the one support wants; the header stands in when it is missing.
      const trace = !metaError.fbtraceId && traceId;
      throw wait || trace
        ? GraphError.fromJSON({
            ...metaError.toJSON(),
            ...(wait ? { retryAfterMinutes: minutes } : {}),
            ...(trace ? { fbtraceId: trace } : {}),
          })
        : metaError;
    }
    if (!response.ok) {
      throw new GraphError({
        kind: 'http',
        httpStatus: status,
        message: `HTTP ${status} without a Graph error body.`,
      });
    }
    const version = response.headers.get('x-fb-api-version') ?? undefined;
    return { status, json, traceId, usage, version };
  }

  /** One request, one answer or one GraphError. The caller's abort rethrows its reason. */
  async function send(
    method: 'GET' | 'POST',
    url: string,
    token: string,
    json: unknown,
    signal: AbortSignal | undefined,
  ): Promise<Answer> {
    if (signal?.aborted) throw signal.reason;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException('Graph API call timed out', 'TimeoutError'));
    }, timeoutMs);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });

    const failure = (cause: unknown, stage: string) => {
      if (signal?.aborted) return signal.reason;
      if (timedOut) {
        return new GraphError({
          kind: 'timeout',
          message: `No answer from the Graph API within ${timeoutMs / 1000} s (${stage}).`,
        });
      }
      return new GraphError({
        kind: 'network',
        message: `Network error (${stage}): ${String(cause)}`,
      });
    };

    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
    };
    if (json !== undefined) headers['Content-Type'] = 'application/json';
    try {
      let response: Response;
      try {
        response = await options.fetch(url, {
          method,
          headers,
          body: json === undefined ? undefined : JSON.stringify(json),
          signal: controller.signal,
          // Never send the user's facebook.com cookies along: the token is the only credential.
          credentials: 'omit',
          cache: 'no-store',
          // A redirect could lead elsewhere; Graph API calls are never redirected.
          redirect: 'error',
        });
      } catch (cause) {
        throw failure(cause, 'connecting');
      }
      const usage = recordUsage(response.headers);
      let text: string;
      try {
        text = await readCapped(response);
      } catch (cause) {
        if (cause instanceof GraphError) throw cause;
        throw failure(cause, 'reading the answer');
      }
      return interpret(response, text, usage);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async function getWithRetry(
    url: string,
    token: string,
    signal?: AbortSignal,
    mayRetry: (error: GraphError) => boolean = () => true,
  ): Promise<Answer> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send('GET', url, token, undefined, signal);
      } catch (error) {
        const retryable = error instanceof GraphError && error.isTransient && mayRetry(error);
        if (!retryable || attempt >= retry.attempts) throw error;
        const delay = retry.baseDelayMs * 2 ** (attempt - 1);
        await sleep(Math.round(delay * (0.5 + random())));
      }
    }
  }

  return {
    /** Rate-limit headers of the latest answer that had them (parsed defensively). */
    get lastUsage(): Usage {
      return lastUsage;
    },

    /**
     * GET, parsed with `schema`. Identical GETs (same URL and token) in flight share one
     * request, unless a POST started or ended in between; each caller's signal only stops its
     * own wait.
     * @example await graph.get(`${wabaId}/phone_numbers`, PhoneNumberListSchema, { query: { limit: 100 } })
     */
    async get<T>(
      path: string,
      schema: z.ZodType<T, z.ZodTypeDef, unknown>,
      init: RequestOptions = {},
    ): Promise<T> {
      if (init.signal?.aborted) throw init.signal.reason;
      const { url, token } = await prepare(path, init.query);
      const key = `${token}\n${url}`;
      let shared = inFlight.get(key);
      if (!shared) {
        shared = getWithRetry(url, token).finally(() => inFlight.delete(key));
        // Callers that stopped waiting must not leave an unhandled rejection behind.
        shared.catch(() => undefined);
        inFlight.set(key, shared);
      }
      const answer = await raceSignal(shared, init.signal);
      return parseWith(schema, answer.json, answer.status);
    },

    /**
     * GET, parsed with `schema`, with Meta's trace ID, this answer's usage headers and the
     * version that answered: for reads that are evidence, and for callers that pace
     * themselves. Never shared with another caller; a rate-limit error is not retried here
     * (the caller decides how long to wait).
     * @example const { data, traceId, usage } = await graph.read(`${id}/settings`, SettingsSchema)
     */
    async read<T>(
      path: string,
      schema: z.ZodType<T, z.ZodTypeDef, unknown>,
      init: RequestOptions = {},
    ): Promise<Read<T>> {
      if (init.signal?.aborted) throw init.signal.reason;
      const { url, token, version } = await prepare(path, init.query);
      const answer = await getWithRetry(
        url,
        token,
        init.signal,
        (e) => e.category !== 'rate-limit',
      );
      return {
        data: parseWith(schema, answer.json, answer.status),
        traceId: answer.traceId,
        usage: answer.usage,
        version: answer.version ?? version,
      };
    },

    /**
     * POST exactly once, parsed with `schema`, with Meta's trace ID. A failure is reported,
     * never retried here.
     * @example const { data, traceId } = await graph.post(`${id}/deregister`, SuccessSchema)
     */
    async post<T>(
      path: string,
      schema: z.ZodType<T, z.ZodTypeDef, unknown>,
      init: PostOptions = {},
    ): Promise<Posted<T>> {
      const { url, token } = await prepare(path, init.query);
      // A write makes every read already on its way out of date: later GETs must not join one
      // (a read-back after register would otherwise see the number as it was before).
      inFlight.clear();
      try {
        const answer = await send('POST', url, token, init.json, init.signal);
        return { data: parseWith(schema, answer.json, answer.status), traceId: answer.traceId };
      } finally {
        inFlight.clear();
      }
    },
  };
}

export type GraphClient = ReturnType<typeof createGraphClient>;
