import type { z } from 'zod';
import { GraphError, parseGraphErrorBody } from './errors';

export const GRAPH_BASE_URL = 'https://graph.facebook.com';

export interface GraphClientOptions {
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  getToken: () => Promise<string | null>;
  getVersion: () => Promise<string>;
  baseUrl?: string;
  timeoutMs?: number;
  /** GETs only: total tries and the first backoff delay. */
  retry?: { attempts: number; baseDelayMs: number };
  sleep?: (ms: number) => Promise<void>;
}

export interface RequestOptions {
  query?: Record<string, string>;
  signal?: AbortSignal;
}

/** Rate-limit headers of the last answer, as Meta sent them (JSON parsed when possible). */
export interface Usage {
  app?: unknown;
  businessUseCase?: unknown;
}

const parseHeaderJson = (value: string | null) => {
  if (!value) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
};

/**
 * The one way Residency talks to the Graph API: version and token from storage, a timeout on
 * every call, answers parsed with zod, Meta's errors as typed GraphErrors. Identical GETs in
 * flight share one request and transient GET failures are retried with backoff; POSTs change
 * state, so they are sent exactly once and never retried.
 * @example await graph.get('106540352242922/settings', SettingsSchema)
 */
export function createGraphClient(options: GraphClientOptions) {
  const baseUrl = options.baseUrl ?? GRAPH_BASE_URL;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const retry = options.retry ?? { attempts: 3, baseDelayMs: 400 };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const inFlight = new Map<string, Promise<unknown>>();
  const usage: Usage = {};

  async function send(
    method: 'GET' | 'POST',
    path: string,
    init: RequestOptions & { json?: unknown },
  ) {
    const token = await options.getToken();
    if (!token)
      throw new GraphError({
        kind: 'internal',
        category: 'no-token',
        message: 'No access token saved.',
      });
    const version = await options.getVersion();
    const url = `${baseUrl}/${version}/${path.replace(/^\//, '')}${
      init.query && Object.keys(init.query).length ? `?${new URLSearchParams(init.query)}` : ''
    }`;
    const signals = [AbortSignal.timeout(timeoutMs), ...(init.signal ? [init.signal] : [])];
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
    };
    if (init.json !== undefined) headers['Content-Type'] = 'application/json';

    let response: Response;
    try {
      response = await options.fetch(url, {
        method,
        headers,
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
        signal: AbortSignal.any(signals),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (cause) {
      const timedOut = signals[0]?.aborted;
      throw new GraphError({
        kind: timedOut ? 'timeout' : 'network',
        message: timedOut
          ? `No answer from the Graph API within ${timeoutMs / 1000} s.`
          : `Network error: ${String(cause)}`,
      });
    }
    usage.app = parseHeaderJson(response.headers.get('x-app-usage')) ?? usage.app;
    usage.businessUseCase =
      parseHeaderJson(response.headers.get('x-business-use-case-usage')) ?? usage.businessUseCase;

    let text: string;
    try {
      text = await response.text();
    } catch (cause) {
      throw new GraphError({
        kind: 'network',
        message: `The connection dropped while reading: ${String(cause)}`,
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      const looksHtml = /^\s*</.test(text);
      throw new GraphError({
        kind: response.ok ? 'malformed' : 'http',
        category: response.ok ? 'malformed' : response.status >= 500 ? 'server' : 'malformed',
        httpStatus: response.status,
        message: `HTTP ${response.status}: ${looksHtml ? 'an HTML page' : 'text that is not JSON'} instead of Graph API JSON.`,
      });
    }
    if (!response.ok) {
      throw (
        parseGraphErrorBody(json, response.status) ??
        new GraphError({
          kind: 'http',
          category: response.status >= 500 ? 'server' : 'unknown',
          httpStatus: response.status,
          message: `HTTP ${response.status} without a Graph error body.`,
        })
      );
    }
    return json;
  }

  function parse<T>(schema: z.ZodType<T>, json: unknown): T {
    const result = schema.safeParse(json);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    throw new GraphError({
      kind: 'malformed',
      message: `Unexpected Graph answer at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    });
  }

  async function getWithRetry(path: string, init: RequestOptions) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send('GET', path, init);
      } catch (error) {
        const retryable = error instanceof GraphError && error.isTransient && !init.signal?.aborted;
        if (!retryable || attempt >= retry.attempts) throw error;
        const delay = retry.baseDelayMs * 2 ** (attempt - 1);
        await sleep(delay / 2 + Math.random() * delay);
      }
    }
  }

  return {
    usage,
    /** GET with de-duplication of identical calls in flight, and retries of transient failures. */
    async get<T>(path: string, schema: z.ZodType<T>, init: RequestOptions = {}): Promise<T> {
      const key = `${path}?${new URLSearchParams(init.query ?? {})}`;
      let pending = inFlight.get(key);
      if (!pending) {
        pending = getWithRetry(path, init).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return parse(schema, await pending);
    },
    /** POST exactly once. A failure is reported, never retried here. */
    async post<T>(
      path: string,
      schema: z.ZodType<T>,
      init: RequestOptions & { json?: unknown } = {},
    ): Promise<T> {
      return parse(schema, await send('POST', path, init));
    },
  };
}

export type GraphClient = ReturnType<typeof createGraphClient>;
