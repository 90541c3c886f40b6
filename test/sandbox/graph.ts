// The Graph API stand-in: Meta's rules for the endpoints Residency calls, answered from state.
// Pure request → answer logic; index.ts adds headers, trace ids, faults and the log.
import {
  fail,
  type GraphAnswer,
  type GraphRequest,
  invalid,
  isRegistered,
  notVisible,
  ok,
} from './answers';
import { INVALID_PARAMETER } from './errors';
import { isFleetWaba } from './fleet';
import { deregister, register, registrationCall, requestCode, verifyCode } from './registration';
import {
  type PhoneRecord,
  REGIONS,
  SANDBOX_TOKEN,
  type SandboxState,
  SYSTEM_USER,
  TOKEN_EXPIRED,
  TOKEN_FIRST_WABA_ONLY,
  TOKEN_FLEET,
  TOKEN_NO_PERMISSION,
  TOKEN_NO_WABAS,
  WABA_MAIN,
} from './seed';

const HOUR = 3_600_000;
const PAGE_DEFAULT = 25;
const PAGE_MAX = 100;

// ---- fields ----

const PHONE_FIELDS = [
  'id',
  'display_phone_number',
  'verified_name',
  'quality_rating',
  'code_verification_status',
  'name_status',
  'status',
  'platform_type',
  'is_on_biz_app',
  'throughput',
  'account_mode',
  'health_status',
  'last_onboarded_time',
];
/** What Graph returns for a number when no fields are asked for. */
const DEFAULT_PHONE_FIELDS = [
  'id',
  'display_phone_number',
  'verified_name',
  'quality_rating',
  'code_verification_status',
  'platform_type',
  'throughput',
];
const WABA_FIELDS = [
  'id',
  'name',
  'currency',
  'timezone_id',
  'message_template_namespace',
  'account_review_status',
];

/** Parses "a,b,throughput{level}" into top-level field names; null when absent. */
function parseFields(raw: string | null): string[] | null {
  if (!raw) return null;
  return raw
    .replace(/\{[^}]*\}/g, '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
}

function unknownField(fields: string[], known: string[], nodeType: string, wabaId?: string) {
  const unknown = fields.find((f) => !known.includes(f));
  return unknown === undefined
    ? null
    : invalid(
        `(#100) Tried accessing nonexisting field (${unknown}) on node type (${nodeType})`,
        wabaId,
      );
}

/** Only the asked fields, always with id first. */
const pick = (all: Record<string, unknown>, fields: string[]) =>
  Object.fromEntries(['id', ...fields.filter((f) => f !== 'id')].map((f) => [f, all[f]]));

function phoneView(phone: PhoneRecord, fields: string[], now: number) {
  // Meta may report a register or deregister late: the old values until then.
  const late = phone.reported && now < phone.reported.until ? phone.reported : undefined;
  const registered = late ? late.platform_type === 'CLOUD_API' : isRegistered(phone);
  return pick(
    {
      id: phone.id,
      display_phone_number: phone.display_phone_number,
      verified_name: phone.verified_name,
      quality_rating: phone.quality_rating,
      code_verification_status: phone.code_verification_status,
      name_status: phone.name_status,
      status: late?.status ?? phone.status,
      platform_type: late?.platform_type ?? phone.platform_type,
      is_on_biz_app: phone.is_on_biz_app,
      throughput: { ...phone.throughput },
      account_mode: phone.account_mode,
      health_status: {
        can_send_message: registered ? 'AVAILABLE' : 'BLOCKED',
        entities: [{ entity_type: 'PHONE_NUMBER', id: phone.id, can_send_message: 'AVAILABLE' }],
      },
      last_onboarded_time: '2025-03-01T10:00:00+0000',
    },
    fields,
  );
}

// ---- tokens ----

const VALID_TOKENS: string[] = [
  SANDBOX_TOKEN,
  TOKEN_NO_PERMISSION,
  TOKEN_FIRST_WABA_ONLY,
  TOKEN_FLEET,
  TOKEN_NO_WABAS,
];

/** Graph's date style, e.g. "Monday, 23-Nov-26 01:00:00 PST" (PST fixed for simplicity). */
function graphDate(ms: number) {
  const d = new Date(ms - 8 * HOUR);
  const day = d.toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
  const month = d.toLocaleDateString('en-US', { month: 'short', timeZone: 'UTC' });
  const p2 = (n: number) => String(n).padStart(2, '0');
  const yy = p2(d.getUTCFullYear() % 100);
  const time = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  return `${day}, ${p2(d.getUTCDate())}-${month}-${yy} ${time} PST`;
}

function tokenProblem(token: string | null, now: number): GraphAnswer | null {
  if (!token)
    return fail({
      message: 'An active access token must be used to query information about the current user.',
      code: 2500,
    });
  if (token === TOKEN_EXPIRED)
    return fail(
      {
        message: `Error validating access token: Session has expired on Friday, 20-Nov-26 10:00:00 PST. The current time is ${graphDate(now)}.`,
        code: 190,
        error_subcode: 463,
      },
      undefined,
      401,
    );
  if (!VALID_TOKENS.includes(token))
    return fail({ message: 'Invalid OAuth access token - Cannot parse access token', code: 190 });
  return null;
}

/** The fleet token sees only the fleet; the others never see it. */
function canSee(token: string, wabaId: string) {
  if (token === TOKEN_NO_WABAS) return false;
  if (token === TOKEN_FLEET) return isFleetWaba(wabaId);
  if (isFleetWaba(wabaId)) return false;
  return token !== TOKEN_FIRST_WABA_ONLY || wabaId === WABA_MAIN;
}

/** The WABA a call concerns (itself or a number's), for the per-WABA rate limit. */
export function wabaOfPath(state: SandboxState, path: string): string | undefined {
  const node = path.split('/').filter(Boolean)[0] ?? '';
  if (state.wabas.has(node)) return node;
  return state.phones.get(node)?.wabaId;
}

const missingPermission = (permission: string, wabaId: string) =>
  fail(
    { message: `(#200) Requires ${permission} permission to manage the object`, code: 200 },
    wabaId,
    403,
  );

// ---- routing ----

export function handleGraph(state: SandboxState, req: GraphRequest): GraphAnswer {
  const problem = tokenProblem(req.token, req.now);
  if (problem) return problem;
  const token = req.token ?? '';
  const method = req.method.toUpperCase();
  const [node, edge, ...extra] = req.path.split('/').filter(Boolean);
  if (!node || extra.length > 0) return notVisible(req.path, method);

  if (node === 'me' || node === SYSTEM_USER.id)
    return handleMe(state, token, edge, method, req.query, req.version);

  if (state.wabas.has(node)) {
    if (!canSee(token, node)) return notVisible(node, method);
    if (token === TOKEN_NO_PERMISSION)
      return missingPermission('whatsapp_business_management', node);
    return handleWaba(state, req, node, edge, method);
  }

  const phone = state.phones.get(node);
  if (!phone || !canSee(token, phone.wabaId)) return notVisible(node, method);
  if (token === TOKEN_NO_PERMISSION) {
    const messaging = ['register', 'deregister', 'request_code', 'verify_code'];
    const permission = messaging.includes(edge ?? '')
      ? 'whatsapp_business_messaging'
      : 'whatsapp_business_management';
    return missingPermission(permission, phone.wabaId);
  }
  return handlePhone(req, phone, edge, method);
}

function handleMe(
  state: SandboxState,
  token: string,
  edge: string | undefined,
  method: string,
  query: URLSearchParams,
  version: string,
) {
  if (method !== 'GET') return notVisible(edge ? `me/${edge}` : 'me', method);
  if (!edge) {
    const fields = parseFields(query.get('fields')) ?? ['id', 'name'];
    const bad = unknownField(fields, ['id', 'name'], 'User');
    return bad ?? ok(pick(SYSTEM_USER, fields));
  }
  if (edge === 'permissions') {
    const granted =
      token === TOKEN_NO_PERMISSION
        ? ['business_management']
        : ['business_management', 'whatsapp_business_management', 'whatsapp_business_messaging'];
    return ok({ data: granted.map((permission) => ({ permission, status: 'granted' })) });
  }
  if (edge === 'assigned_whatsapp_business_accounts') {
    // The WABAs the system user is assigned to, with its tasks on each, in cursor pages.
    if (token === TOKEN_NO_PERMISSION)
      return fail({ message: '(#200) Requires business_management permission', code: 200 });
    const fields = parseFields(query.get('fields')) ?? ['id'];
    const bad = unknownField(fields, [...WABA_FIELDS, 'tasks'], 'WhatsAppBusinessAccount');
    if (bad) return bad;
    const all = [...state.wabas.values()]
      .filter((waba) => canSee(token, waba.id))
      .map((waba) => pick({ id: waba.id, name: waba.name, tasks: ['MANAGE', 'DEVELOP'] }, fields));
    return pageOf(all, query, version, `${SYSTEM_USER.id}/assigned_whatsapp_business_accounts`);
  }
  return notVisible(`me/${edge}`, method);
}

function handleWaba(
  state: SandboxState,
  req: GraphRequest,
  wabaId: string,
  edge: string | undefined,
  method: string,
): GraphAnswer {
  if (method !== 'GET') return notVisible(wabaId, method, wabaId);
  if (!edge) {
    const fields = parseFields(req.query.get('fields')) ?? ['id', 'name'];
    const bad = unknownField(fields, WABA_FIELDS, 'WhatsAppBusinessAccount', wabaId);
    const waba = state.wabas.get(wabaId);
    const all = {
      id: wabaId,
      name: waba?.name,
      currency: 'USD',
      timezone_id: '1',
      message_template_namespace: `sandbox_${wabaId}`,
      account_review_status: 'APPROVED',
    };
    return bad ?? ok(pick(all, fields), wabaId);
  }
  if (edge !== 'phone_numbers') return notVisible(`${wabaId}/${edge}`, method, wabaId);
  return listPhones(state, req, wabaId);
}

const cursor = (index: number) => Buffer.from(String(index)).toString('base64url');

/**
 * One page of a list edge in Graph's cursor style: `limit` (default 25, at most 100) and
 * `after`; `paging.next` only while more items follow. Null for an unreadable cursor.
 */
function pageOf<T>(
  all: T[],
  query: URLSearchParams,
  version: string,
  path: string,
  wabaId?: string,
): GraphAnswer {
  const requested = Number(query.get('limit') ?? PAGE_DEFAULT);
  const limit = Number.isFinite(requested)
    ? Math.min(Math.max(Math.trunc(requested), 1), PAGE_MAX)
    : PAGE_DEFAULT;
  const after = query.get('after');
  const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8')) + 1 : 0;
  if (!Number.isInteger(start) || start < 0) return invalid(INVALID_PARAMETER, wabaId);

  const page = all.slice(start, start + limit);
  const paging: Record<string, unknown> = {};
  if (page.length > 0) {
    const last = cursor(start + page.length - 1);
    paging.cursors = { before: cursor(start), after: last };
    if (start + page.length < all.length) {
      const next = new URLSearchParams(query);
      next.set('limit', String(limit));
      next.set('after', last);
      paging.next = `https://graph.facebook.com/${version}/${path}?${next}`;
    }
  }
  return ok({ data: page, paging }, wabaId);
}

/** GET /<WABA>/phone_numbers with Graph's cursor paging. */
function listPhones(state: SandboxState, req: GraphRequest, wabaId: string): GraphAnswer {
  const fields = parseFields(req.query.get('fields')) ?? [
    'id',
    'display_phone_number',
    'verified_name',
    'quality_rating',
  ];
  const bad = unknownField(fields, PHONE_FIELDS, 'WhatsAppBusinessPhoneNumber', wabaId);
  if (bad) return bad;
  const all = [...state.phones.values()]
    .filter((p) => p.wabaId === wabaId)
    .map((p) => phoneView(p, fields, req.now));
  return pageOf(all, req.query, req.version, `${wabaId}/phone_numbers`, wabaId);
}

// ---- phone numbers ----

function handlePhone(
  req: GraphRequest,
  phone: PhoneRecord,
  edge: string | undefined,
  method: string,
): GraphAnswer {
  const w = phone.wabaId;
  if (!edge) {
    if (method !== 'GET') return notVisible(phone.id, method, w);
    const fields = parseFields(req.query.get('fields')) ?? DEFAULT_PHONE_FIELDS;
    const bad = unknownField(fields, PHONE_FIELDS, 'WhatsAppBusinessPhoneNumber', w);
    return bad ?? ok(phoneView(phone, fields, req.now), w);
  }
  if (edge === 'settings' && method === 'GET') {
    const storage = phone.storage ? { storage_configuration: { ...phone.storage } } : {};
    return ok({ ...storage, calling: { status: 'DISABLED' } }, w);
  }
  if (method !== 'POST') return notVisible(`${phone.id}/${edge}`, method, w);
  switch (edge) {
    case 'settings':
      return changeStorage(req, phone);
    case 'deregister':
      return registrationCall(req, phone, () => deregister(req, phone));
    case 'register':
      return registrationCall(req, phone, () => register(req, phone));
    case 'request_code':
      return requestCode(req, phone);
    case 'verify_code':
      return verifyCode(req, phone);
    default:
      return notVisible(`${phone.id}/${edge}`, method, w);
  }
}

function changeStorage(req: GraphRequest, phone: PhoneRecord): GraphAnswer {
  const w = phone.wabaId;
  const config = req.params.storage_configuration;
  if (!config || typeof config !== 'object' || Array.isArray(config)) return invalid(undefined, w);
  if (isRegistered(phone))
    return invalid(
      '(#100) Local storage settings can only be changed while the phone number is not registered. Deregister the phone number first.',
      w,
      'The phone number is registered. Deregister it, change the storage setting, then register it again.',
    );
  const { status, data_localization_region: region, ...extra } = config as Record<string, unknown>;
  if (Object.keys(extra).length > 0) return invalid(undefined, w);
  if (status === 'IN_COUNTRY_STORAGE_ENABLED') {
    if (region === undefined || region === '') return invalid(undefined, w);
    const current = phone.storage;
    if (
      req.behaviour.refuseRegionToRegion &&
      current?.status.toUpperCase() === 'IN_COUNTRY_STORAGE_ENABLED' &&
      current.data_localization_region !== region
    )
      return invalid(
        '(#100) In-country storage is already enabled in another region. Disable it first.',
        w,
      );
    if (typeof region !== 'string' || !(REGIONS as readonly string[]).includes(region))
      return invalid(
        `(#100) Param storage_configuration[data_localization_region] must be one of {${REGIONS.join(', ')}}`,
        w,
      );
    phone.storage = { status, data_localization_region: region };
    return ok({ success: true }, w);
  }
  if (status === 'IN_COUNTRY_STORAGE_DISABLED' && region === undefined) {
    phone.storage = { status };
    return ok({ success: true }, w);
  }
  return invalid(undefined, w);
}

/** Register and deregister share a limit; blocked attempts do not count against it. */
