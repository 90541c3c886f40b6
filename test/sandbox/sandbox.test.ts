// Real HTTPS requests to a started sandbox, checking it answers the way Meta does.
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BUSINESS_ID,
  PHONES,
  SANDBOX_TOKEN,
  type Sandbox,
  SEED_PIN,
  SYSTEM_USER,
  startSandbox,
  TOKEN_EXPIRED,
  TOKEN_FIRST_WABA_ONLY,
  TOKEN_NO_PERMISSION,
  WABA_MAIN,
  WABA_SCALE,
} from './index';

const GRAPH = 'graph.facebook.com';
const MANAGER = 'business.facebook.com';
const HOUR = 3_600_000;

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Parsed body; checked field by field. */
  json: any;
}

interface CallOptions {
  host?: string;
  method?: string;
  /** Full path with query, e.g. "/v21.0/me?fields=id". */
  path: string;
  /** Sent as a Bearer header; null sends none. Default SANDBOX_TOKEN. */
  token?: string | null;
  body?: unknown;
  form?: Record<string, string>;
  /** A raw body, sent as is. */
  raw?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

let sandbox: Sandbox;

/** One request over TLS, validated against the sandbox's own certificate and the host name. */
function call(o: CallOptions): Promise<Reply> {
  const host = o.host ?? GRAPH;
  const token = o.token === undefined ? SANDBOX_TOKEN : o.token;
  const payload =
    o.raw !== undefined
      ? o.raw
      : o.form !== undefined
        ? new URLSearchParams(o.form).toString()
        : o.body !== undefined
          ? JSON.stringify(o.body)
          : undefined;
  const headers: Record<string, string> = {
    host,
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(o.form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...o.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: sandbox.port,
        servername: /^\d/.test(host) ? undefined : host,
        ca: sandbox.certPem,
        method: o.method ?? (payload === undefined ? 'GET' : 'POST'),
        path: o.path,
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (o.timeoutMs) req.setTimeout(o.timeoutMs, () => req.destroy(new Error('client timeout')));
    req.end(payload);
  });
}

const get = (path: string, token?: string | null) => call({ path, token });
const post = (path: string, body?: unknown, token?: string | null) =>
  call({ path, body, token, method: 'POST' });
const register = (id: string, pin = SEED_PIN) =>
  post(`/v21.0/${id}/register`, { messaging_product: 'whatsapp', pin });
const deregister = (id: string) => post(`/v21.0/${id}/deregister`);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(() => sandbox.reset());

describe('the certificate and host routing', () => {
  it('serves each host with a certificate valid for its name', async () => {
    expect(sandbox.spkiBase64).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect((await get('/v21.0/me')).status).toBe(200);
    expect((await call({ host: MANAGER, path: '/', token: null })).status).toBe(302);
    expect((await call({ host: 'localhost', path: '/', token: null })).text).toContain(
      '/__sandbox/',
    );
  });

  it('answers other hosts with 421', async () => {
    const reply = await call({ host: 'localhost', headers: { host: 'example.com' }, path: '/' });
    expect(reply.status).toBe(421);
  });

  it('answers a CORS preflight', async () => {
    const reply = await call({ method: 'OPTIONS', path: '/v21.0/me', token: null });
    expect(reply.status).toBe(204);
    expect(reply.headers['access-control-allow-origin']).toBe('*');
    expect(reply.headers['access-control-allow-headers']).toContain('authorization');
  });
});

describe('Graph versions', () => {
  it.each(['v21.0', 'v22.0', 'v23.0', 'v24.0', 'v25.0', 'v26.0'])('%s answers', async (v) => {
    const reply = await get(`/${v}/me?fields=id,name`);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ id: '900000000000001', name: 'Residency Sandbox System User' });
    expect(reply.headers['x-fb-api-version']).toBe(v);
    expect(reply.headers['content-type']).toBe('application/json; charset=UTF-8');
    expect(reply.headers['x-fb-trace-id']).toBeTruthy();
    expect(reply.headers['x-fb-rev']).toBeTruthy();
    expect(JSON.parse(String(reply.headers['x-app-usage']))).toHaveProperty('call_count');
  });

  it('serves the expired v20.0 as the oldest live version', async () => {
    const reply = await get(`/v20.0/${PHONES.usDefault.id}/settings`);
    expect(reply.status).toBe(200);
    expect(reply.headers['x-fb-api-version']).toBe('v21.0');
  });

  it.each(['v19.0', 'v99.0', 'latest'])('rejects %s with 2500', async (v) => {
    const reply = await get(`/${v}/${PHONES.usDefault.id}/settings`);
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatchObject({
      message: `Unknown path components: /${PHONES.usDefault.id}/settings`,
      type: 'OAuthException',
      code: 2500,
    });
    expect(reply.json.error.fbtrace_id).toBe(reply.headers['x-fb-trace-id']);
  });
});

describe('tokens', () => {
  const settings = `/v21.0/${PHONES.usDefault.id}/settings`;

  it('accepts the token as a header, a query parameter or a body field', async () => {
    expect((await get(`${settings}?access_token=${SANDBOX_TOKEN}`, null)).status).toBe(200);
    const form = await call({
      path: `/v21.0/${PHONES.unregistered.id}/settings`,
      token: null,
      form: {
        access_token: SANDBOX_TOKEN,
        storage_configuration: '{"status":"IN_COUNTRY_STORAGE_DISABLED"}',
      },
    });
    expect(form.json).toEqual({ success: true });
  });

  it('without a token: 2500', async () => {
    const reply = await get(settings, null);
    expect(reply.status).toBe(400);
    expect(reply.json.error.code).toBe(2500);
  });

  it('an unknown token: 190', async () => {
    const reply = await get(settings, 'EAAnotARealToken');
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatchObject({
      code: 190,
      message: 'Invalid OAuth access token - Cannot parse access token',
    });
  });

  it('an expired token: 401, 190/463', async () => {
    const reply = await get('/v21.0/me', TOKEN_EXPIRED);
    expect(reply.status).toBe(401);
    expect(reply.json.error).toMatchObject({
      code: 190,
      error_subcode: 463,
      type: 'OAuthException',
    });
    expect(reply.json.error.message).toMatch(/^Error validating access token: Session has expired/);
  });

  it('a token without WhatsApp permissions: /me works, WhatsApp calls 403/200', async () => {
    expect((await get('/v21.0/me', TOKEN_NO_PERMISSION)).status).toBe(200);
    const perms = await get('/v21.0/me/permissions', TOKEN_NO_PERMISSION);
    expect(perms.json.data).toEqual([{ permission: 'business_management', status: 'granted' }]);
    const read = await get(settings, TOKEN_NO_PERMISSION);
    expect(read.status).toBe(403);
    expect(read.json.error.message).toBe(
      '(#200) Requires whatsapp_business_management permission to manage the object',
    );
    const reg = await post(`/v21.0/${PHONES.usDefault.id}/register`, {}, TOKEN_NO_PERMISSION);
    expect(reg.json.error.message).toContain('whatsapp_business_messaging');
    expect((await get(`/v21.0/${WABA_MAIN}`, TOKEN_NO_PERMISSION)).json.error.code).toBe(200);
  });

  it("lists the WABAs a token's system user is assigned to", async () => {
    const path = `/v21.0/${SYSTEM_USER.id}/assigned_whatsapp_business_accounts?fields=id,name`;
    expect((await get(path, SANDBOX_TOKEN)).json.data).toEqual([
      { id: WABA_MAIN, name: 'Acme Health' },
      { id: WABA_SCALE, name: 'Globex Partners (scale test)' },
    ]);
    expect((await get(path, TOKEN_FIRST_WABA_ONLY)).json.data).toEqual([
      { id: WABA_MAIN, name: 'Acme Health' },
    ]);
    expect((await get(path, TOKEN_NO_PERMISSION)).json.error.code).toBe(200);
  });

  it('a token that sees only the first WABA: 100/33 for the second', async () => {
    const own = await get(`/v21.0/${WABA_MAIN}/phone_numbers`, TOKEN_FIRST_WABA_ONLY);
    expect(own.status).toBe(200);
    const other = await get(`/v21.0/${WABA_SCALE}/phone_numbers`, TOKEN_FIRST_WABA_ONLY);
    expect(other.status).toBe(400);
    expect(other.json.error).toMatchObject({
      code: 100,
      error_subcode: 33,
      type: 'GraphMethodException',
    });
    expect(other.json.error.message).toMatch(
      new RegExp(`^Unsupported get request. Object with ID '${WABA_SCALE}' does not exist`),
    );
    const phone = await post('/v21.0/400000000000001/deregister', undefined, TOKEN_FIRST_WABA_ONLY);
    expect(phone.json.error.message).toMatch(/^Unsupported post request/);
  });

  it('unknown IDs: 100/33 with any token', async () => {
    const reply = await get('/v21.0/999999999999999');
    expect(reply.json.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('/me/permissions lists both WhatsApp permissions for the sandbox token', async () => {
    const reply = await get('/v21.0/me/permissions');
    expect(reply.json.data.map((p: { permission: string }) => p.permission)).toEqual(
      expect.arrayContaining(['whatsapp_business_management', 'whatsapp_business_messaging']),
    );
  });
});

describe('reading WABAs and numbers', () => {
  it('pages through 250 numbers and collects exactly 250 distinct ids', async () => {
    const ids: string[] = [];
    let next: string | undefined =
      `/v21.0/${WABA_SCALE}/phone_numbers?fields=id,display_phone_number&limit=100`;
    let pages = 0;
    while (next) {
      const reply = await get(next);
      expect(reply.status).toBe(200);
      expect(JSON.parse(String(reply.headers['x-business-use-case-usage']))).toHaveProperty(
        WABA_SCALE,
      );
      ids.push(...reply.json.data.map((p: { id: string }) => p.id));
      const link: string | undefined = reply.json.paging.next;
      next = link ? link.replace('https://graph.facebook.com', '') : undefined;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(250);
    expect(ids).toHaveLength(250);
  });

  it('defaults to 25 a page and clamps the limit to 100', async () => {
    const first = await get(`/v21.0/${WABA_SCALE}/phone_numbers`);
    expect(first.json.data).toHaveLength(25);
    expect(first.json.paging.cursors.after).toBeTruthy();
    const big = await get(`/v21.0/${WABA_SCALE}/phone_numbers?limit=500`);
    expect(big.json.data).toHaveLength(100);
    const main = await get(`/v21.0/${WABA_MAIN}/phone_numbers`);
    expect(main.json.data).toHaveLength(Object.keys(PHONES).length);
    expect(main.json.paging.next).toBeUndefined();
  });

  it('returns only the fields asked for, always with id', async () => {
    const list = await get(`/v21.0/${WABA_MAIN}/phone_numbers?fields=display_phone_number`);
    expect(list.json.data[0]).toEqual({
      id: PHONES.usDefault.id,
      display_phone_number: '+1 555-010-0001',
    });
    const one = await get(
      `/v21.0/${PHONES.india.id}?fields=status,quality_rating,throughput{level}`,
    );
    expect(one.json).toEqual({
      id: PHONES.india.id,
      status: 'connected',
      quality_rating: 'green',
      throughput: { level: 'STANDARD' },
    });
    const waba = await get(`/v21.0/${WABA_MAIN}?fields=name`);
    expect(waba.json).toEqual({ id: WABA_MAIN, name: 'Acme Health' });
  });

  it("answers Graph's default fields without a fields parameter", async () => {
    const reply = await get(`/v21.0/${PHONES.usDefault.id}`);
    expect(Object.keys(reply.json).sort()).toEqual(
      [
        'id',
        'display_phone_number',
        'verified_name',
        'quality_rating',
        'code_verification_status',
        'platform_type',
        'throughput',
      ].sort(),
    );
  });

  it('rejects an unknown field', async () => {
    const reply = await get(`/v21.0/${PHONES.usDefault.id}?fields=id,region`);
    expect(reply.json.error).toMatchObject({
      code: 100,
      message:
        '(#100) Tried accessing nonexisting field (region) on node type (WhatsAppBusinessPhoneNumber)',
    });
  });

  it('GET settings: absent block for default storage, the stored block otherwise', async () => {
    const us = await get(`/v21.0/${PHONES.usDefault.id}/settings`);
    expect(us.json.storage_configuration).toBeUndefined();
    expect(us.json.calling).toEqual({ status: 'DISABLED' });
    const br = await get(`/v21.0/${PHONES.brazil.id}/settings`);
    expect(br.json.storage_configuration).toEqual({
      status: 'IN_COUNTRY_STORAGE_ENABLED',
      data_localization_region: 'BR',
    });
    const uk = await get(`/v21.0/${PHONES.noStorage.id}/settings`);
    expect(uk.json.storage_configuration).toEqual({
      status: 'NO_STORAGE_ENABLED',
      retention_minutes: 60,
    });
  });
});

describe('changing storage', () => {
  const enable = (id: string, region: unknown) =>
    post(`/v21.0/${id}/settings`, {
      storage_configuration: {
        status: 'IN_COUNTRY_STORAGE_ENABLED',
        data_localization_region: region,
      },
    });

  it('refuses while registered, succeeds after deregistering', async () => {
    const id = PHONES.usDefault.id;
    const refused = await enable(id, 'DE');
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe(100);
    expect(refused.json.error.message).toMatch(/not registered/);
    expect(refused.json.error.error_data.messaging_product).toBe('whatsapp');
    expect((await deregister(id)).json).toEqual({ success: true });
    expect(sandbox.phone(id)).toMatchObject({
      platform_type: 'NOT_APPLICABLE',
      status: 'DISCONNECTED',
    });
    expect((await enable(id, 'DE')).json).toEqual({ success: true });
    expect((await get(`/v21.0/${id}/settings`)).json.storage_configuration).toEqual({
      status: 'IN_COUNTRY_STORAGE_ENABLED',
      data_localization_region: 'DE',
    });
    expect((await register(id)).json).toEqual({ success: true });
    expect(sandbox.phone(id)?.platform_type).toBe('CLOUD_API');
  });

  it('validates the region and the body', async () => {
    const id = PHONES.unregistered.id;
    const us = await enable(id, 'US');
    expect(us.json.error.message).toBe(
      '(#100) Param storage_configuration[data_localization_region] must be one of {AU, ID, IN, JP, SG, KR, DE, CH, GB, BR, BH, ZA, AE, CA}',
    );
    expect((await enable(id, 'br')).json.error.code).toBe(100);
    expect((await enable(id, undefined)).json.error.message).toBe('(#100) Invalid parameter');
    const badStatus = await post(`/v21.0/${id}/settings`, {
      storage_configuration: { status: 'ON' },
    });
    expect(badStatus.json.error.message).toBe('(#100) Invalid parameter');
    const badJson = await call({
      path: `/v21.0/${id}/settings`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      raw: '{"storage_configuration": {',
    });
    expect(badJson.json.error.code).toBe(100);
    expect((await enable(id, 'AE')).json).toEqual({ success: true });
    const off = await post(`/v21.0/${id}/settings`, {
      storage_configuration: { status: 'IN_COUNTRY_STORAGE_DISABLED' },
    });
    expect(off.json).toEqual({ success: true });
    expect(sandbox.phone(id)?.storage).toEqual({ status: 'IN_COUNTRY_STORAGE_DISABLED' });
  });
});

describe('register and deregister', () => {
  it('deregister: 133010 when not registered, 100 for a coexistence number', async () => {
    expect((await deregister(PHONES.unregistered.id)).json.error.code).toBe(133010);
    const coex = await deregister(PHONES.coexistence.id);
    expect(coex.json.error.message).toBe(
      '(#100) Deregistration is not available for phone numbers also on the WhatsApp Business app',
    );
  });

  it('register: rejects bad parameters and the old register-time region', async () => {
    const id = PHONES.unregistered.id;
    expect((await post(`/v21.0/${id}/register`, { pin: SEED_PIN })).json.error.code).toBe(100);
    const short = await post(`/v21.0/${id}/register`, { messaging_product: 'whatsapp', pin: '12' });
    expect(short.json.error.code).toBe(100);
    const old = await post(`/v20.0/${id}/register`, {
      messaging_product: 'whatsapp',
      pin: SEED_PIN,
      data_localization_region: 'DE',
    });
    expect(old.json.error.message).toMatch(/data_localization_region is not supported/);
  });

  it('PIN: 133005 for four wrong guesses, 133008 from the fifth, even for the right one', async () => {
    const id = PHONES.unregistered.id;
    for (let i = 0; i < 4; i++) {
      const reply = await register(id, '000000');
      expect(reply.json.error).toMatchObject({
        code: 133005,
        message: 'Two step verification PIN Mismatch',
      });
    }
    expect((await register(id, '000000')).json.error.code).toBe(133008);
    expect((await register(id)).json.error.code).toBe(133008);
    sandbox.advanceClock(12 * HOUR);
    expect((await register(id)).json).toEqual({ success: true });
  });

  it('PIN: a correct PIN resets the wrong-guess streak', async () => {
    const id = PHONES.unregistered.id;
    for (let i = 0; i < 4; i++) await register(id, '000000');
    expect((await register(id)).json).toEqual({ success: true });
    expect(sandbox.phone(id)?.wrongPinStreak).toBe(0);
  });

  it('verification: 133006, then request_code and verify_code, then register', async () => {
    const id = PHONES.needsVerification.id;
    const first = await register(id, '135790');
    expect(first.json.error).toMatchObject({ code: 133006 });
    expect(first.json.error.error_user_msg).toBeTruthy();
    const badMethod = await post(`/v21.0/${id}/request_code?code_method=FAX&language=en_US`);
    expect(badMethod.json.error.code).toBe(100);
    expect((await post(`/v21.0/${id}/verify_code?code=123456`)).json.error.code).toBe(136025);
    const sent = await post(`/v21.0/${id}/request_code?code_method=SMS&language=en_US`);
    expect(sent.json).toEqual({ success: true });
    const code = sandbox.lastVerificationCode(id);
    expect(code).toMatch(/^\d{6}$/);
    const control = await call({ host: 'localhost', path: `/__sandbox/codes/${id}`, token: null });
    expect(control.json).toEqual({ code });
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await post(`/v21.0/${id}/verify_code?code=${wrong}`)).json.error.code).toBe(136025);
    expect((await post(`/v21.0/${id}/verify_code`, { code })).json).toEqual({ success: true });
    expect((await register(id, '135790')).json).toEqual({ success: true });
    // Its first PIN became the PIN.
    expect(sandbox.phone(id)).toMatchObject({ pin: '135790', platform_type: 'CLOUD_API' });
  });

  it.each(['notVerifiedRegistered', 'expiredRegistered'] as const)(
    'registers %s again without a code: its verification status is no gate',
    async (key) => {
      const id = PHONES[key].id;
      expect(sandbox.phone(id)?.code_verification_status).toMatch(/NOT_VERIFIED|EXPIRED/);
      expect((await deregister(id)).json).toEqual({ success: true });
      expect((await register(id)).json).toEqual({ success: true });
    },
  );

  it('can report a register or deregister late, as Meta may', async () => {
    const id = PHONES.usDefault.id;
    const platform = async () =>
      (await get(`/v21.0/${id}?fields=platform_type,status`)).json.platform_type;
    sandbox.configure({ registrationReportDelayMs: 5_000 });
    expect((await deregister(id)).json).toEqual({ success: true });
    expect(await platform()).toBe('CLOUD_API');
    sandbox.advanceClock(5_000);
    expect(await platform()).toBe('NOT_APPLICABLE');
    expect((await register(id)).json).toEqual({ success: true });
    expect(await platform()).toBe('NOT_APPLICABLE');
    sandbox.advanceClock(5_000);
    expect(await platform()).toBe('CLOUD_API');
  });

  it('can refuse a change from one region straight to another, and accepts it via default', async () => {
    const id = PHONES.unregistered.id;
    const set = (storage_configuration: unknown) =>
      post(`/v21.0/${id}/settings`, { storage_configuration });
    const enable = (region: string) =>
      set({ status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: region });
    expect((await enable('BR')).json).toEqual({ success: true });
    expect((await enable('IN')).json).toEqual({ success: true });
    sandbox.configure({ refuseRegionToRegion: true });
    expect((await enable('DE')).json.error).toMatchObject({ code: 100 });
    expect((await set({ status: 'IN_COUNTRY_STORAGE_DISABLED' })).json).toEqual({ success: true });
    expect((await enable('DE')).json).toEqual({ success: true });
  });

  it('answers a deregister of an unregistered number with 133010, or with code 100/2207051', async () => {
    const id = PHONES.unregistered.id;
    expect((await deregister(id)).json.error).toMatchObject({ code: 133010 });
    sandbox.configure({ notRegisteredAnswer: '100/2207051' });
    expect((await deregister(id)).json.error).toMatchObject({ code: 100, error_subcode: 2207051 });
  });

  it('can lose the answer to a call it carried out (a 500 after register)', async () => {
    const id = PHONES.unregistered.id;
    sandbox.injectFault({ kind: 'http500', applied: true, match: { path: '/register' } });
    const lost = await register(id);
    expect(lost.status).toBe(500);
    expect(lost.json.error).toMatchObject({ code: 1, is_transient: true });
    expect(sandbox.phone(id)?.platform_type).toBe('CLOUD_API');
  });

  it('allows 10 register/deregister calls per 72 h, then 133016 until the window moves', async () => {
    const id = PHONES.unregistered.id;
    for (let i = 0; i < 5; i++) {
      expect((await register(id)).json).toEqual({ success: true });
      expect((await deregister(id)).json).toEqual({ success: true });
    }
    expect(sandbox.registrationCount(id)).toBe(10);
    const blocked = await register(id);
    expect(blocked.json.error).toMatchObject({ code: 133016 });
    expect(blocked.json.error.error_user_msg).toMatch(/72 hours/);
    expect((await deregister(id)).json.error.code).toBe(133016);
    expect(sandbox.registrationCount(id)).toBe(10);
    sandbox.advanceClock(72 * HOUR);
    expect(sandbox.registrationCount(id)).toBe(0);
    expect((await register(id)).json).toEqual({ success: true });
  });

  it('is idempotent for a registered number', async () => {
    expect((await register(PHONES.brazil.id)).json).toEqual({ success: true });
  });
});

describe('faults and injected errors', () => {
  const path = `/v21.0/${PHONES.brazil.id}/settings`;

  it('drop: the socket closes without an answer', async () => {
    sandbox.injectFault({ kind: 'drop' });
    await expect(get(path)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await get(path)).status).toBe(200);
  });

  it('timeout: no answer until reset', async () => {
    sandbox.injectFault({ kind: 'timeout' });
    await expect(call({ path, timeoutMs: 300 })).rejects.toThrow(/client timeout/);
    expect((await get(path)).status).toBe(200);
  });

  it('http500: a transient Graph error', async () => {
    sandbox.injectFault({ kind: 'http500' });
    const reply = await get(path);
    expect(reply.status).toBe(500);
    expect(reply.json.error).toMatchObject({ code: 1, is_transient: true });
  });

  it('http503 and html-error: HTML pages', async () => {
    sandbox.injectFault({ kind: 'http503' });
    sandbox.injectFault({ kind: 'html-error' });
    const a = await get(path);
    expect(a.status).toBe(503);
    expect(a.headers['content-type']).toMatch(/text\/html/);
    expect(a.text).toContain('Service Unavailable');
    const b = await get(path);
    expect(b.status).toBe(502);
    expect(b.text).toContain('Bad Gateway');
  });

  it('malformed-json: 200 with a truncated body', async () => {
    sandbox.injectFault({ kind: 'malformed-json' });
    const reply = await get(path);
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('{"data": [');
    expect(reply.json).toBeUndefined();
  });

  it('matches by method and path, and counts down', async () => {
    sandbox.injectFault({ kind: 'http500', count: 2, match: { method: 'GET', path: '/settings' } });
    expect((await get(`/v21.0/${PHONES.brazil.id}`)).status).toBe(200);
    expect((await get(path)).status).toBe(500);
    expect((await get(path)).status).toBe(500);
    expect((await get(path)).status).toBe(200);
  });

  it('injectGraphError answers with a Meta error body', async () => {
    sandbox.injectGraphError({
      match: { path: /\/register$/ },
      error: {
        code: 133009,
        message: 'Two step verification PIN guessed too fast',
        details: 'Wait',
      },
    });
    const reply = await register(PHONES.unregistered.id);
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatchObject({
      code: 133009,
      type: 'OAuthException',
      error_data: { messaging_product: 'whatsapp', details: 'Wait' },
    });
    expect(reply.json.error.fbtrace_id).toBeTruthy();
  });

  it('latency delays matching requests', async () => {
    sandbox.setLatency({ ms: 150, match: { path: '/settings' } });
    const started = Date.now();
    await get(path);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('the control API injects faults and reads state', async () => {
    const control = (p: string, body?: unknown, method = 'POST') =>
      call({ host: '127.0.0.1', path: p, body, method, token: null });
    await control('/__sandbox/fault', { kind: 'http500', match: { path: '/settings' } });
    expect((await get(path)).status).toBe(500);
    const phone = await control(`/__sandbox/phones/${PHONES.brazil.id}`, undefined, 'GET');
    expect(phone.json).toMatchObject({ id: PHONES.brazil.id, registrationCount: 0 });
    // A change behind Residency's back, as the fleet watch's tests make one.
    const moved = { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: 'DE' };
    await control(`/__sandbox/phones/${PHONES.brazil.id}`, { storage: moved });
    expect(sandbox.phone(PHONES.brazil.id)?.storage).toEqual(moved);
    expect((await control(`/__sandbox/phones/${PHONES.brazil.id}`, {})).status).toBe(400);
    const log = await control('/__sandbox/requests', undefined, 'GET');
    expect(log.json.map((r: { path: string }) => r.path)).toEqual([path]);
    expect((await control('/__sandbox/fault', { kind: 'nope' })).status).toBe(400);
    await control('/__sandbox/clock', { advanceMs: 1000 });
    await control('/__sandbox/reset');
    expect(sandbox.requests()).toEqual([]);
  });
});

describe('the request log', () => {
  it('names the token, redacts it and says where it was seen', async () => {
    await get(`/v21.0/${PHONES.usDefault.id}/settings`);
    await get(`/v21.0/me?access_token=${TOKEN_FIRST_WABA_ONLY}`, null);
    await call({
      path: `/v21.0/${PHONES.unregistered.id}/settings`,
      token: null,
      form: {
        access_token: SANDBOX_TOKEN,
        storage_configuration: '{"status":"IN_COUNTRY_STORAGE_DISABLED"}',
      },
    });
    await call({ host: MANAGER, path: '/wa/manage/home/', token: null });
    await call({ host: MANAGER, path: `/wa/manage/home/?leak=${SANDBOX_TOKEN}`, token: null });
    const log = sandbox.requests();
    expect(log.map((r) => [r.host, r.auth, r.tokenSeen])).toEqual([
      [GRAPH, 'SANDBOX_TOKEN', true],
      [GRAPH, 'TOKEN_FIRST_WABA_ONLY', true],
      [GRAPH, 'SANDBOX_TOKEN', true],
      [MANAGER, 'none', false],
      [MANAGER, 'none', true],
    ]);
    expect(log[0]?.headers.authorization).toBe('Bearer [redacted]');
    expect(log[1]?.query.access_token).toBe('[redacted]');
    expect(log[2]?.body).toEqual({
      access_token: '[redacted]',
      storage_configuration: { status: 'IN_COUNTRY_STORAGE_DISABLED' },
    });
    expect(log[2]?.status).toBe(200);
    const text = JSON.stringify(log);
    expect(text).not.toContain(SANDBOX_TOKEN);
    expect(text).not.toContain(TOKEN_FIRST_WABA_ONLY);
  });

  it('records status and error code', async () => {
    await get('/v21.0/999999999999999');
    expect(sandbox.requests()[0]).toMatchObject({
      status: 400,
      errorCode: 100,
      auth: 'SANDBOX_TOKEN',
    });
  });
});

describe('WhatsApp Manager stand-in pages', () => {
  const q = `business_id=${BUSINESS_ID}`;
  const shapes = [
    `/wa/manage/home/?waba_id=${WABA_MAIN}&${q}`,
    `/wa/manage/phone-numbers/?${q}&waba_id=${WABA_MAIN}`,
    `/wa/manage/phone-numbers/?${q}&waba_id=${WABA_MAIN}&childRoute=PHONE_PROFILE%2FPROFILE&phone_number=15550100001`,
    `/latest/whatsapp_manager/phone_numbers/?${q}&tab=phone-numbers&nav_ref=whatsapp_manager&asset_id=${WABA_MAIN}`,
    `/latest/whatsapp_manager/phone_numbers/?${q}&tab=phone-numbers&nav_ref=whatsapp_manager&asset_id=${WABA_MAIN}&childRoute=PHONE_PROFILE%2FINSIGHTS&phone_number=1%20555-010-0001`,
    `/latest/whatsapp_manager/message_templates/?${q}&asset_id=${WABA_MAIN}`,
  ];

  it.each(shapes)('serves %s', async (path) => {
    const reply = await call({ host: MANAGER, path, token: null });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/text\/html/);
    expect(reply.text).toContain('Sandbox stand-in for WhatsApp Manager — not a Meta page');
    expect(reply.text).toContain('<meta name="robots" content="noindex">');
    expect(reply.text).toContain(PHONES.brazil.display_phone_number);
  });

  it('has no data for an unknown WABA and redirects / to the phone numbers page', async () => {
    const unknown = await call({
      host: MANAGER,
      path: `/wa/manage/phone-numbers/?${q}&waba_id=999`,
      token: null,
    });
    expect(unknown.text).toContain('"waba":null');
    expect(unknown.text).toContain('No access to this account');
    const home = await call({ host: MANAGER, path: '/', token: null });
    expect(home.headers.location).toBe(`/wa/manage/phone-numbers/?${q}&waba_id=${WABA_MAIN}`);
  });
});
