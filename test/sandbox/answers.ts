// What the Graph stand-in's handlers take and give, and the answers they share.

import type { Behaviour } from './core';
import { INVALID_PARAMETER, type MetaError, notVisibleError } from './errors';
import type { PhoneRecord } from './seed';

export interface GraphRequest {
  method: string;
  /** The version that serves the call, e.g. "v21.0" (used in paging links). */
  version: string;
  /** Path after the version, e.g. "/300000000000001/settings". */
  path: string;
  query: URLSearchParams;
  /** Query parameters merged with the parsed JSON or form body. */
  params: Record<string, unknown>;
  token: string | null;
  /** Sandbox time in ms. */
  now: number;
  /** The switches for behaviours Meta does not document. */
  behaviour: Behaviour;
}

export interface GraphAnswer {
  status: number;
  body?: unknown;
  error?: MetaError;
  /** The WABA the call concerned, for x-business-use-case-usage. */
  wabaId?: string;
}

export const ok = (body: unknown, wabaId?: string): GraphAnswer => ({ status: 200, body, wabaId });
export const fail = (error: MetaError, wabaId?: string, status = 400): GraphAnswer => ({
  status,
  error,
  wabaId,
});
export const invalid = (message = INVALID_PARAMETER, wabaId?: string, details?: string) =>
  fail({ message, code: 100, ...(details ? { details } : {}) }, wabaId);
export const notVisible = (id: string, method: string, wabaId?: string) =>
  fail(notVisibleError(id, method), wabaId);

export const isRegistered = (p: PhoneRecord) =>
  p.platform_type === 'CLOUD_API' || p.platform_type === 'ON_PREMISE';

export const str = (v: unknown) =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
