// The request log: what each request carried, with every token value redacted, plus which
// known token it used and whether any known token appeared anywhere in it.
import type { IncomingMessage } from 'node:http';

type RequestHead = Pick<IncomingMessage, 'headers' | 'method' | 'url' | 'rawHeaders'>;

import { isRecord } from './http';
import { TOKENS, type TokenName } from './seed';

export const MAX_LOG = 5000;
const REDACTED = '[redacted]';

export interface LoggedRequest {
  /** Sandbox time in ms when the request arrived. */
  time: number;
  /** Sandbox time in ms when the Graph host answered it (or dropped it); unset while held. */
  answeredAt?: number;
  host: string;
  method: string;
  /** Path without the query. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON or form body, raw text when unparseable, null when empty. */
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  /** Which known token the request used, by name. */
  auth: TokenName | 'unknown' | 'none';
  /** True when any known token occurs anywhere in the raw URL, headers or body. */
  tokenSeen: boolean;
  /** HTTP status answered; 0 when the socket was dropped or held without an answer. */
  status?: number;
  /** Meta error code of the answer, if any. */
  errorCode?: number;
  /** The answer's x-fb-trace-id (also the fbtrace_id of an error body). */
  traceId?: string;
  /** For a POST to a number: whether it was registered when the call reached Meta. */
  registeredBefore?: boolean;
}

const TOKEN_VALUES: string[] = Object.values(TOKENS);

/** The token a request presents: Authorization header first, then access_token. */
export function presentedToken(
  req: RequestHead,
  query: URLSearchParams,
  body: unknown,
): string | null {
  const header = req.headers.authorization;
  if (header) return /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? header;
  const fromQuery = query.get('access_token');
  if (fromQuery) return fromQuery;
  if (isRecord(body) && typeof body.access_token === 'string') return body.access_token;
  return null;
}

export function tokenName(token: string | null): LoggedRequest['auth'] {
  if (!token) return 'none';
  const known = Object.entries(TOKENS).find(([, value]) => value === token);
  return known ? (known[0] as TokenName) : 'unknown';
}

/** Replaces every known token value in any string, deep. */
function scrub<T>(value: T): T {
  const text = JSON.stringify(value);
  if (text === undefined) return value;
  const clean = TOKEN_VALUES.reduce((acc, token) => acc.split(token).join(REDACTED), text);
  return JSON.parse(clean) as T;
}

export function logEntry(args: {
  req: RequestHead;
  host: string;
  url: URL;
  raw: string;
  body: unknown;
  time: number;
}): LoggedRequest {
  const { req, host, url, raw, body, time } = args;
  const query = Object.fromEntries(url.searchParams);
  if ('access_token' in query) query.access_token = REDACTED;
  const loggedBody =
    isRecord(body) && 'access_token' in body ? { ...body, access_token: REDACTED } : body;
  const headers = { ...req.headers };
  if (headers.authorization !== undefined) headers.authorization = `Bearer ${REDACTED}`;
  const rawRequest = `${req.url ?? ''}\n${JSON.stringify(req.rawHeaders)}\n${raw}`;
  return {
    time,
    host,
    method: req.method ?? 'GET',
    path: url.pathname,
    query: scrub(query),
    body: scrub(loggedBody),
    headers: scrub(headers),
    auth: tokenName(presentedToken(req, url.searchParams, body)),
    tokenSeen: TOKEN_VALUES.some((token) => rawRequest.includes(token)),
  };
}
