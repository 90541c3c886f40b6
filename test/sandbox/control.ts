// The HTTP control API (host localhost or 127.0.0.1), for tools that drive the sandbox from
// another process, e.g. `npm run sandbox` with a hand-started browser.

import type { FaultSpec, GraphErrorSpec, LatencySpec, Match } from './faults';
import {
  isRecord,
  parseBody,
  type SandboxRequest,
  type SandboxResponse,
  sendJson,
  sendText,
} from './http';
import type { Sandbox } from './index';
import type { RateLimitConfig } from './rate-limits';
import { type PhoneRecord, type StorageBlock, TOKENS, type TokenName } from './seed';

export const CONTROL_PREFIX = '/__sandbox/';

const HELP = `Residency sandbox: a local stand-in for graph.facebook.com and business.facebook.com.
Control API (JSON):
  POST   /__sandbox/reset
  GET    /__sandbox/requests        DELETE /__sandbox/requests
  POST   /__sandbox/fault           {"kind":"drop|http500|http503|timeout|malformed-json|html-error","count":1,"match":{"method":"GET","path":"/settings"}}
  POST   /__sandbox/graph-error     {"error":{"code":133016,"message":"..."},"status":400,"count":1,"match":{...}}
  POST   /__sandbox/latency         {"ms":500,"match":{...}}
  POST   /__sandbox/clock           {"advanceMs":259200000}
  POST   /__sandbox/behaviour       {"registrationReportDelayMs":3000,"refuseRegionToRegion":true,"notRegisteredAnswer":"100/2207051"}
  POST   /__sandbox/rate-limits     {"windowMs":60000,"perApp":12000,"perWaba":1200,"blockMs":60000}
  POST   /__sandbox/rate-limit-block {"token":"TOKEN_FLEET","wabaId":"210000000000001","ms":5000}
  GET    /__sandbox/phones/<id>     GET /__sandbox/codes/<id>
  POST   /__sandbox/phones/<id>     {"storage":{"status":"IN_COUNTRY_STORAGE_ENABLED","data_localization_region":"DE"},"platform_type":"NOT_APPLICABLE"}
         changes a number behind Residency's back (storage, platform_type, status; storage null removes it)
`;

/** The fields of a number a test may change directly (what the fleet watch compares). */
function readPhonePatch(body: Record<string, unknown>): Partial<PhoneRecord> {
  const patch: Partial<PhoneRecord> = {};
  if (body.storage === null) patch.storage = undefined;
  else if (isRecord(body.storage) && typeof body.storage.status === 'string')
    patch.storage = body.storage as unknown as StorageBlock;
  if (typeof body.platform_type === 'string') patch.platform_type = body.platform_type;
  if (typeof body.status === 'string') patch.status = body.status;
  if (Object.keys(patch).length === 0 && !('storage' in body))
    throw new Error('Give storage, platform_type or status');
  return patch;
}

/** JSON gives the path match as a string (a substring of the path after the version). */
function readMatch(value: unknown): Match | undefined {
  if (!isRecord(value)) return undefined;
  return {
    ...(typeof value.method === 'string' ? { method: value.method } : {}),
    ...(typeof value.path === 'string' ? { path: value.path } : {}),
  };
}

/** The numeric rate-limit settings a body names; others are left as they are. */
function readRateLimits(body: Record<string, unknown>): Partial<RateLimitConfig> {
  const keys = ['windowMs', 'perApp', 'perWaba', 'blockMs'] as const;
  return Object.fromEntries(
    keys.flatMap((k) => (typeof body[k] === 'number' && body[k] > 0 ? [[k, body[k]]] : [])),
  );
}

export function handleControl(
  sandbox: Sandbox,
  req: SandboxRequest,
  res: SandboxResponse,
  url: URL,
  raw: string,
) {
  const method = req.method ?? 'GET';
  const path = url.pathname;
  if (!path.startsWith(CONTROL_PREFIX)) return sendText(res, path === '/' ? 200 : 404, HELP);

  const parsed = parseBody(raw, 'application/json');
  if (raw && !isRecord(parsed)) return sendJson(res, 400, { error: 'Body must be a JSON object' });
  const body = isRecord(parsed) ? parsed : {};
  const done = () => sendJson(res, 200, { ok: true });
  const route = `${method} ${path.slice(CONTROL_PREFIX.length).replace(/\/$/, '')}`;

  try {
    switch (route) {
      case 'POST reset':
        sandbox.reset();
        return done();
      case 'GET requests':
        return sendJson(res, 200, sandbox.requests());
      case 'DELETE requests':
        sandbox.clearRequests();
        return done();
      case 'POST fault':
        sandbox.injectFault({ ...(body as unknown as FaultSpec), match: readMatch(body.match) });
        return done();
      case 'POST graph-error':
        sandbox.injectGraphError({
          ...(body as unknown as GraphErrorSpec),
          match: readMatch(body.match),
        });
        return done();
      case 'POST latency':
        sandbox.setLatency({ ...(body as unknown as LatencySpec), match: readMatch(body.match) });
        return done();
      case 'POST behaviour':
        sandbox.configure(body);
        return done();
      case 'POST rate-limits':
        sandbox.setRateLimits(readRateLimits(body));
        return done();
      case 'POST rate-limit-block': {
        const token = TOKENS[body.token as TokenName];
        const wabaId = typeof body.wabaId === 'string' ? body.wabaId : undefined;
        sandbox.blockRateLimit({ token, wabaId }, Number(body.ms) || 0);
        return done();
      }
      case 'POST clock':
        sandbox.advanceClock(Number(body.advanceMs) || 0);
        return sendJson(res, 200, { ok: true, now: sandbox.now() });
    }
    const phone = /^GET phones\/(\d+)$/.exec(route)?.[1];
    if (phone !== undefined) {
      const record = sandbox.phone(phone);
      if (!record) return sendJson(res, 404, { error: 'No such phone number' });
      return sendJson(res, 200, { ...record, registrationCount: sandbox.registrationCount(phone) });
    }
    const changed = /^POST phones\/(\d+)$/.exec(route)?.[1];
    if (changed !== undefined) {
      sandbox.updatePhone(changed, readPhonePatch(body));
      return done();
    }
    const code = /^GET codes\/(\d+)$/.exec(route)?.[1];
    if (code !== undefined)
      return sendJson(res, 200, { code: sandbox.lastVerificationCode(code) ?? null });
    return sendJson(res, 404, { error: `No control route ${route}` });
  } catch (error) {
    return sendJson(res, 400, { error: String(error) });
  }
}
