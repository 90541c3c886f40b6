// The Graph API stand-in: Meta's rules for the endpoints Residency calls, answered from state.
import { randomBytes } from 'node:crypto';
import {
  type PhoneRecord,
  SANDBOX_TOKEN,
  type SandboxState,
  SYSTEM_USER,
  TOKEN_EXPIRED,
  TOKEN_FIRST_WABA_ONLY,
  TOKEN_NO_PERMISSION,
  WABA_MAIN,
} from './seed';

export const LIVE_VERSIONS = ['v21.0', 'v22.0', 'v23.0', 'v24.0', 'v25.0', 'v26.0'];
const EXPIRED_VERSIONS = ['v20.0'];
export const ALLOWED_REGIONS = [
  'AU',
  'ID',
  'IN',
  'JP',
  'SG',
  'KR',
  'DE',
  'CH',
  'GB',
  'BR',
  'BH',
  'ZA',
  'AE',
  'CA',
];
const HOUR = 3_600_000;
const REGISTRATION_WINDOW = 72 * HOUR;
const REGISTRATION_LIMIT = 10;
const PIN_GUESSES = 5;

export interface GraphRequest {
  method: string;
  /** Path without the version, e.g. "/300000000000001/settings". */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON or form body merged with the query for POST parameters. */
  params: Record<string, unknown>;
  token: string | null;
  now: number;
}

export interface GraphAnswer {
  status: number;
  body: unknown;
  wabaId?: string;
}

export const fbtraceId = () => randomBytes(8).toString('base64url');

export interface MetaError {
  message: string;
  type?: string;
  code: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  is_transient?: boolean;
  details?: string;
}

/** Meta's exact error shape. */
export function errorBody(e: MetaError) {
  const { details, ...rest } = e;
  return {
    error: {
      type: 'OAuthException',
      ...rest,
      ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
      fbtrace_id: fbtraceId(),
    },
  };
}

const fail = (status: number, e: MetaError, wabaId?: string): GraphAnswer => ({
  status,
  body: errorBody(e),
  wabaId,
});
const ok = (body: unknown, wabaId?: string): GraphAnswer => ({ status: 200, body, wabaId });

/** Splits "/v21.0/123/settings" into its version and the rest. */
export function splitVersion(path: string): { version: string | null; rest: string } {
  const match = /^\/(v\d+\.\d+)(\/.*)?$/.exec(path);
  if (match) return { version: match[1] ?? null, rest: match[2] ?? '/' };
  return { version: null, rest: path };
}

/** The version Graph serves for a requested one, or null when Graph does not know it. */
export function servedVersion(version: string | null): string | null {
  if (version === null) return 'v21.0';
  if (LIVE_VERSIONS.includes(version)) return version;
  if (EXPIRED_VERSIONS.includes(version)) return LIVE_VERSIONS[0] ?? null;
  return null;
}

const notVisible = (id: string, method: string, wabaId?: string) =>
  fail(
    400,
    {
      message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      type: 'GraphMethodException',
      code: 100,
      error_subcode: 33,
    },
    wabaId,
  );

const invalidParameter = (
  message = '(#100) Invalid parameter',
  wabaId?: string,
  details?: string,
) => fail(400, { message, code: 100, ...(details ? { details } : {}) }, wabaId);

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
const DEFAULT_PHONE_FIELDS = [
  'id',
  'display_phone_number',
  'verified_name',
  'quality_rating',
  'code_verification_status',
  'platform_type',
  'throughput',
];

function phoneView(phone: PhoneRecord, fields: string[]) {
  const all: Record<string, unknown> = {
    id: phone.id,
    display_phone_number: phone.display_phone_number,
    verified_name: phone.verified_name,
    quality_rating: phone.quality_rating,
    code_verification_status: phone.code_verification_status,
    name_status: phone.name_status,
    status: phone.status,
    platform_type: phone.platform_type,
    is_on_biz_app: phone.is_on_biz_app,
    throughput: phone.throughput,
    account_mode: phone.account_mode,
    health_status: {
      can_send_message: phone.platform_type === 'CLOUD_API' ? 'AVAILABLE' : 'BLOCKED',
      entities: [],
    },
    last_onboarded_time: '2025-03-01T10:00:00+0000',
  };
  return Object.fromEntries(['id', ...fields.filter((f) => f !== 'id')].map((f) => [f, all[f]]));
}

/** Parses "a,b,throughput{level}" into top-level field names. */
function parseFields(raw: string | null): string[] | null {
  if (!raw) return null;
  return raw
    .replace(/\{[^}]*\}/g, '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
}

function checkFields(fields: string[], wabaId?: string): GraphAnswer | null {
  const unknown = fields.find((f) => !PHONE_FIELDS.includes(f));
  return unknown
    ? invalidParameter(
        `(#100) Tried accessing nonexisting field (${unknown}) on node type (WhatsAppBusinessPhoneNumber)`,
        wabaId,
      )
    : null;
}

const isRegistered = (p: PhoneRecord) =>
  p.platform_type === 'CLOUD_API' || p.platform_type === 'ON_PREMISE';

function canSee(token: string, wabaId: string) {
  return token !== TOKEN_FIRST_WABA_ONLY || wabaId === WABA_MAIN;
}

function checkToken(token: string | null): GraphAnswer | null {
  if (!token)
    return fail(400, {
      message: 'An active access token must be used to query information about the current user.',
      code: 2500,
    });
  if (token === TOKEN_EXPIRED)
    return fail(401, {
      message:
        'Error validating access token: Session has expired on Friday, 20-Nov-26 10:00:00 PST. The current time is Monday, 23-Nov-26 01:00:00 PST.',
      code: 190,
      error_subcode: 463,
    });
  if (![SANDBOX_TOKEN, TOKEN_NO_PERMISSION, TOKEN_FIRST_WABA_ONLY].includes(token))
    return fail(400, {
      message: 'Invalid OAuth access token - Cannot parse access token',
      code: 190,
    });
  return null;
}

function registrationLimited(phone: PhoneRecord, now: number): GraphAnswer | null {
  phone.registrationCalls = phone.registrationCalls.filter((t) => now - t < REGISTRATION_WINDOW);
  if (phone.registrationCalls.length >= REGISTRATION_LIMIT) {
    return fail(
      400,
      {
        message: 'Account register deregister rate limit exceeded',
        code: 133016,
        error_user_title: 'Too many register or deregister requests',
        error_user_msg:
          'This phone number has made too many register and deregister requests. Registration is blocked for 72 hours.',
        details:
          'Registration is blocked for 72 hours after 10 register/deregister requests in 72 hours.',
      },
      phone.wabaId,
    );
  }
  phone.registrationCalls.push(now);
  return null;
}

const str = (v: unknown) =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

export function handleGraph(state: SandboxState, req: GraphRequest): GraphAnswer {
  const tokenProblem = checkToken(req.token);
  if (tokenProblem) return tokenProblem;
  const token = req.token as string;
  const parts = req.path.split('/').filter(Boolean);
  const [node, edge, ...extra] = parts;
  const method = req.method.toUpperCase();

  if (!node || extra.length > 0) return notVisible(req.path, method);

  if (node === 'me') {
    if (method !== 'GET') return notVisible('me', method);
    if (!edge) {
      const fields = parseFields(req.query.get('fields')) ?? ['id', 'name'];
      return ok(
        Object.fromEntries(
          fields.filter((f) => f in SYSTEM_USER).map((f) => [f, SYSTEM_USER[f as 'id']]),
        ),
      );
    }
    if (edge === 'permissions') {
      const granted =
        token === TOKEN_NO_PERMISSION
          ? ['business_management']
          : ['business_management', 'whatsapp_business_management', 'whatsapp_business_messaging'];
      return ok({ data: granted.map((permission) => ({ permission, status: 'granted' })) });
    }
    return notVisible(`me/${edge}`, method);
  }

  const waba = state.wabas.get(node);
  if (waba) return handleWaba(state, req, waba.id, edge, token, method);
  const phone = state.phones.get(node);
  if (!phone || !canSee(token, phone.wabaId)) return notVisible(node, method);
  if (token === TOKEN_NO_PERMISSION) {
    const messaging = ['register', 'deregister', 'request_code', 'verify_code'].includes(
      edge ?? '',
    );
    return fail(
      403,
      {
        message: `(#200) Requires ${messaging ? 'whatsapp_business_messaging' : 'whatsapp_business_management'} permission to manage the object`,
        code: 200,
      },
      phone.wabaId,
    );
  }
  return handlePhone(req, phone, edge, method);
}

function handleWaba(
  state: SandboxState,
  req: GraphRequest,
  wabaId: string,
  edge: string | undefined,
  token: string,
  method: string,
): GraphAnswer {
  if (!canSee(token, wabaId)) return notVisible(wabaId, method);
  if (token === TOKEN_NO_PERMISSION)
    return fail(
      403,
      {
        message: '(#200) Requires whatsapp_business_management permission to manage the object',
        code: 200,
      },
      wabaId,
    );
  if (method !== 'GET') return notVisible(wabaId, method, wabaId);
  if (!edge) {
    const waba = state.wabas.get(wabaId);
    return ok({ id: wabaId, name: waba?.name }, wabaId);
  }
  if (edge !== 'phone_numbers') return notVisible(`${wabaId}/${edge}`, method, wabaId);

  const fields = parseFields(req.query.get('fields')) ?? [
    'id',
    'display_phone_number',
    'verified_name',
    'quality_rating',
  ];
  const bad = checkFields(fields, wabaId);
  if (bad) return bad;
  const all = [...state.phones.values()].filter((p) => p.wabaId === wabaId);
  const limit = Math.min(Math.max(Number(req.query.get('limit') ?? 25) || 25, 1), 100);
  const after = req.query.get('after');
  const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8')) + 1 : 0;
  if (!Number.isInteger(start) || start < 0)
    return invalidParameter('(#100) Invalid cursor', wabaId);
  const page = all.slice(start, start + limit);
  const cursor = (i: number) => Buffer.from(String(i)).toString('base64url');
  const paging: Record<string, unknown> = page.length
    ? { cursors: { before: cursor(start), after: cursor(start + page.length - 1) } }
    : {};
  if (start + limit < all.length) {
    const next = new URLSearchParams(req.query);
    next.set('after', cursor(start + page.length - 1));
    paging.next = `https://graph.facebook.com/v21.0/${wabaId}/phone_numbers?${next}`;
  }
  return ok({ data: page.map((p) => phoneView(p, fields)), paging }, wabaId);
}

function handlePhone(
  req: GraphRequest,
  phone: PhoneRecord,
  edge: string | undefined,
  method: string,
): GraphAnswer {
  const w = phone.wabaId;
  const p = req.params;
  if (!edge) {
    if (method !== 'GET') return notVisible(phone.id, method, w);
    const fields = parseFields(req.query.get('fields')) ?? DEFAULT_PHONE_FIELDS;
    return checkFields(fields, w) ?? ok(phoneView(phone, fields), w);
  }

  if (edge === 'settings' && method === 'GET') {
    return ok(
      {
        ...(phone.storage ? { storage_configuration: phone.storage } : {}),
        calling: { status: 'DISABLED' },
      },
      w,
    );
  }

  if (edge === 'settings' && method === 'POST') {
    const config = p.storage_configuration as Record<string, unknown> | undefined;
    if (!config || typeof config !== 'object') return invalidParameter(undefined, w);
    if (isRegistered(phone)) {
      const message =
        '(#100) Local storage settings can only be changed while the phone number is not registered. Deregister the phone number first.';
      return invalidParameter(
        message,
        w,
        'Deregister the phone number, change the setting, then register it again.',
      );
    }
    if (config.status === 'IN_COUNTRY_STORAGE_ENABLED') {
      const region = str(config.data_localization_region);
      if (!region) return invalidParameter(undefined, w);
      if (!ALLOWED_REGIONS.includes(region))
        return invalidParameter(
          `(#100) Param storage_configuration[data_localization_region] must be one of {${ALLOWED_REGIONS.join(', ')}}`,
          w,
        );
      phone.storage = { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: region };
      return ok({ success: true }, w);
    }
    if (
      config.status === 'IN_COUNTRY_STORAGE_DISABLED' &&
      config.data_localization_region === undefined
    ) {
      phone.storage = { status: 'IN_COUNTRY_STORAGE_DISABLED' };
      return ok({ success: true }, w);
    }
    return invalidParameter(undefined, w);
  }

  if (method !== 'POST') return notVisible(`${phone.id}/${edge}`, method, w);

  switch (edge) {
    case 'deregister': {
      if (phone.is_on_biz_app)
        return invalidParameter(
          '(#100) Deregistration is not available for phone numbers also on the WhatsApp Business app',
          w,
        );
      const limited = registrationLimited(phone, req.now);
      if (limited) return limited;
      if (!isRegistered(phone))
        return fail(400, { message: 'Account not registered', code: 133010 }, w);
      phone.platform_type = 'NOT_APPLICABLE';
      phone.status = 'DISCONNECTED';
      return ok({ success: true }, w);
    }
    case 'register': {
      if (p.data_localization_region !== undefined)
        return invalidParameter(
          '(#100) Param data_localization_region is not supported. Use the settings endpoint.',
          w,
        );
      const pin = str(p.pin);
      if (p.messaging_product !== 'whatsapp' || !pin || !/^\d{6}$/.test(pin))
        return invalidParameter(undefined, w);
      const limited = registrationLimited(phone, req.now);
      if (limited) return limited;
      if (phone.code_verification_status !== 'VERIFIED')
        return fail(
          400,
          {
            message: 'Phone number needs to be verified before registering',
            code: 133006,
            error_user_title: 'Phone number not verified',
            error_user_msg:
              'Verify the phone number with a code sent by SMS or voice call, then register it.',
          },
          w,
        );
      if (phone.pinLockedUntil && req.now < phone.pinLockedUntil)
        return fail(
          400,
          {
            message: 'Too many two step verification PIN guesses for this phone number',
            code: 133008,
          },
          w,
        );
      if (phone.pin && pin !== phone.pin) {
        phone.wrongPinStreak += 1;
        if (phone.wrongPinStreak >= PIN_GUESSES) {
          phone.pinLockedUntil = req.now + 12 * HOUR;
          return fail(
            400,
            {
              message: 'Too many two step verification PIN guesses for this phone number',
              code: 133008,
            },
            w,
          );
        }
        return fail(400, { message: 'Two step verification PIN Mismatch', code: 133005 }, w);
      }
      phone.pin = pin;
      phone.wrongPinStreak = 0;
      phone.platform_type = 'CLOUD_API';
      phone.status = 'CONNECTED';
      return ok({ success: true }, w);
    }
    case 'request_code': {
      const codeMethod = str(p.code_method);
      if (codeMethod !== 'SMS' && codeMethod !== 'VOICE')
        return invalidParameter('(#100) Param code_method must be one of {SMS, VOICE}', w);
      if (!str(p.language)) return invalidParameter('(#100) The parameter language is required', w);
      phone.verificationCode = String(
        100000 + (Number.parseInt(randomBytes(3).toString('hex'), 16) % 900000),
      );
      return ok({ success: true }, w);
    }
    case 'verify_code': {
      const code = str(p.code);
      if (!phone.verificationCode || code !== phone.verificationCode)
        return fail(400, { message: 'Verification code mismatch', code: 136025 }, w);
      phone.code_verification_status = 'VERIFIED';
      phone.verificationCode = undefined;
      return ok({ success: true }, w);
    }
    default:
      return notVisible(`${phone.id}/${edge}`, method, w);
  }
}
