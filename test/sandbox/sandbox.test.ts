import { request } from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  PHONES,
  SANDBOX_TOKEN,
  type Sandbox,
  SEED_PIN,
  startSandbox,
  TOKEN_EXPIRED,
  TOKEN_FIRST_WABA_ONLY,
  TOKEN_NO_PERMISSION,
  WABA_MAIN,
  WABA_SCALE,
} from './index';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/** A real HTTPS request to the sandbox, addressed to a host name as a browser would. */
function call(
  method: string,
  path: string,
  opts: { host?: string; token?: string | null; json?: unknown } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = opts.json === undefined ? undefined : JSON.stringify(opts.json);
    const token = opts.token === undefined ? SANDBOX_TOKEN : opts.token;
    const req = request(
      {
        host: '127.0.0.1',
        port: sandbox.port,
        method,
        path,
        ca: sandbox.certPem,
        servername: opts.host ?? 'graph.facebook.com',
        headers: {
          host: opts.host ?? 'graph.facebook.com',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => {
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
    if (body) req.write(body);
    req.end();
  });
}

const id = PHONES.usDefault.id;

describe('versions and tokens', () => {
  it('serves live versions, serves expired v20.0 as the oldest live one, refuses unknown ones', async () => {
    expect((await call('GET', `/v26.0/${id}?fields=id`)).status).toBe(200);
    const expired = await call('GET', `/v20.0/${id}?fields=id`);
    expect(expired.status).toBe(200);
    expect(expired.headers['x-fb-api-version']).toBe('v21.0');
    const unknown = await call('GET', `/v99.0/${id}`);
    expect(unknown.json.error.code).toBe(2500);
    expect(unknown.json.error.fbtrace_id).toMatch(/\S+/);
  });

  it.each([
    [TOKEN_EXPIRED, 401, 190, 463],
    ['nonsense', 400, 190, undefined],
    [TOKEN_NO_PERMISSION, 403, 200, undefined],
  ])('answers token %s like Graph', async (token, status, code, subcode) => {
    const answer = await call('GET', `/v24.0/${id}/settings`, { token });
    expect(answer.status).toBe(status);
    expect(answer.json.error.code).toBe(code);
    expect(answer.json.error.error_subcode).toBe(subcode);
  });

  it('hides the second WABA from a token that only sees the first', async () => {
    const answer = await call('GET', `/v24.0/${WABA_SCALE}/phone_numbers`, {
      token: TOKEN_FIRST_WABA_ONLY,
    });
    expect(answer.json.error).toMatchObject({ code: 100, error_subcode: 33 });
    expect(
      (await call('GET', `/v24.0/${WABA_MAIN}/phone_numbers`, { token: TOKEN_FIRST_WABA_ONLY }))
        .status,
    ).toBe(200);
  });
});

describe('reads', () => {
  it('pages through all 250 numbers of the scale WABA with cursors', async () => {
    const ids = new Set<string>();
    let path: string | null =
      `/v24.0/${WABA_SCALE}/phone_numbers?fields=id,display_phone_number&limit=100`;
    let pages = 0;
    while (path) {
      const answer: Answer = await call('GET', path);
      for (const n of answer.json.data) ids.add(n.id);
      pages += 1;
      const next: string | undefined = answer.json.paging?.next;
      path = next ? new URL(next).pathname + new URL(next).search : null;
    }
    expect(ids.size).toBe(250);
    expect(pages).toBe(3);
  });

  it('returns only the fields asked for and refuses unknown fields', async () => {
    const answer = await call('GET', `/v24.0/${id}?fields=verified_name,platform_type`);
    expect(answer.json).toEqual({
      id,
      verified_name: 'Acme Health US',
      platform_type: 'CLOUD_API',
    });
    expect((await call('GET', `/v24.0/${id}?fields=nope`)).json.error.code).toBe(100);
  });

  it('answers settings in both letter cases, and without a block for default storage', async () => {
    expect(
      (await call('GET', `/v24.0/${PHONES.india.id}/settings`)).json.storage_configuration.status,
    ).toBe('in_country_storage_enabled');
    expect((await call('GET', `/v24.0/${id}/settings`)).json.storage_configuration).toBeUndefined();
  });
});

describe('Meta rules for changes', () => {
  const enable = (region: string) => ({
    storage_configuration: {
      status: 'IN_COUNTRY_STORAGE_ENABLED',
      data_localization_region: region,
    },
  });

  it('changes storage only while unregistered, and only to allowed regions', async () => {
    const registered = await call('POST', `/v24.0/${id}/settings`, { json: enable('DE') });
    expect(registered.json.error.code).toBe(100);
    expect((await call('POST', `/v24.0/${id}/deregister`)).json).toEqual({ success: true });
    expect(
      (await call('POST', `/v24.0/${id}/settings`, { json: enable('US') })).json.error.code,
    ).toBe(100);
    expect((await call('POST', `/v24.0/${id}/settings`, { json: enable('DE') })).json).toEqual({
      success: true,
    });
    expect(sandbox.phone(id)?.storage).toEqual({
      status: 'IN_COUNTRY_STORAGE_ENABLED',
      data_localization_region: 'DE',
    });
  });

  it('checks the PIN: 133005 when wrong, 133008 after five wrong guesses', async () => {
    const phone = PHONES.unregistered.id;
    const register = (pin: string) =>
      call('POST', `/v24.0/${phone}/register`, { json: { messaging_product: 'whatsapp', pin } });
    for (let i = 0; i < 4; i++) expect((await register('111111')).json.error.code).toBe(133005);
    expect((await register('111111')).json.error.code).toBe(133008);
    expect((await register(SEED_PIN)).json.error.code).toBe(133008);
  });

  it('asks for verification (133006), then registers after request_code and verify_code', async () => {
    const phone = PHONES.needsVerification.id;
    const register = () =>
      call('POST', `/v24.0/${phone}/register`, {
        json: { messaging_product: 'whatsapp', pin: '123456' },
      });
    expect((await register()).json.error.code).toBe(133006);
    expect(
      (await call('POST', `/v24.0/${phone}/request_code?code_method=SMS&language=en_US`)).json
        .success,
    ).toBe(true);
    expect(
      (await call('POST', `/v24.0/${phone}/verify_code`, { json: { code: '000000' } })).json.error
        .code,
    ).toBe(136025);
    const code = sandbox.lastVerificationCode(phone);
    expect(
      (await call('POST', `/v24.0/${phone}/verify_code`, { json: { code } })).json.success,
    ).toBe(true);
    expect((await register()).json.success).toBe(true);
  });

  it('allows 10 register/deregister calls per 72 hours, then 133016 until the window passes', async () => {
    for (let i = 0; i < 10; i++) {
      const path = i % 2 === 0 ? 'deregister' : 'register';
      const answer = await call('POST', `/v24.0/${id}/${path}`, {
        json: path === 'register' ? { messaging_product: 'whatsapp', pin: SEED_PIN } : undefined,
      });
      expect(answer.json.success).toBe(true);
    }
    expect((await call('POST', `/v24.0/${id}/deregister`)).json.error.code).toBe(133016);
    sandbox.advanceClock(72 * 3_600_000 + 1);
    expect((await call('POST', `/v24.0/${id}/deregister`)).json.success).toBe(true);
  });
});

describe('test controls', () => {
  it.each([
    ['http500', 500, /unknown error/],
    ['http503', 503, /Service Unavailable/],
    ['malformed-json', 200, /^\{"data": \[$/],
    ['html-error', 502, /Bad Gateway/],
  ] as const)('injects %s once', async (kind, status, text) => {
    sandbox.injectFault({ kind, match: { path: '/settings' } });
    const faulty = await call('GET', `/v24.0/${id}/settings`);
    expect(faulty.status).toBe(status);
    expect(faulty.text).toMatch(text);
    expect((await call('GET', `/v24.0/${id}/settings`)).status).toBe(200);
  });

  it('drops the connection on a drop fault', async () => {
    sandbox.injectFault({ kind: 'drop' });
    await expect(call('GET', `/v24.0/${id}/settings`)).rejects.toThrow();
  });

  it('logs requests without the token value, and flags a token sent to the wrong host', async () => {
    await call('GET', `/v24.0/${id}/settings`);
    await call('GET', `/wa/manage/home/?waba_id=${WABA_MAIN}&leak=${SANDBOX_TOKEN}`, {
      host: 'business.facebook.com',
      token: null,
    });
    const [graph, manager] = sandbox.requests();
    expect(graph?.auth).toBe('SANDBOX_TOKEN');
    expect(JSON.stringify(graph)).not.toContain(SANDBOX_TOKEN);
    expect(graph?.headers.authorization).toBe('Bearer [redacted]');
    expect(manager?.tokenSeen).toBe(true);
  });

  it.each([
    `/wa/manage/home/?waba_id=${WABA_MAIN}&business_id=1`,
    `/wa/manage/phone-numbers/?business_id=1&waba_id=${WABA_MAIN}&childRoute=PHONE_PROFILE%2FPROFILE&phone_number=15550100001`,
    `/latest/whatsapp_manager/phone_numbers/?business_id=1&tab=phone-numbers&nav_ref=whatsapp_manager&asset_id=${WABA_MAIN}`,
    `/latest/whatsapp_manager/message_templates/?business_id=1&asset_id=${WABA_MAIN}`,
  ])('serves the Manager stand-in for %s', async (path) => {
    const answer = await call('GET', path, { host: 'business.facebook.com', token: null });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('Sandbox stand-in for WhatsApp Manager');
  });
});
