// The fleet over HTTP/2 (as browsers reach the sandbox): 20 WABAs, 2,000 numbers, usage
// headers that rise with load, and Meta's rate-limit errors past the documented limits.
import { type ClientHttp2Session, connect } from 'node:http2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  FLEET_NUMBER_COUNT,
  FLEET_WABA_COUNT,
  fleetWabaId,
  SANDBOX_TOKEN,
  type Sandbox,
  SYSTEM_USER,
  startSandbox,
  TOKEN_FLEET,
  TOKEN_NO_WABAS,
} from './index';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: any;
}

let sandbox: Sandbox;
let session: ClientHttp2Session;
let clock = Date.parse('2026-12-02T03:00:00Z');

function request(
  method: string,
  path: string,
  token: string | null,
  authority = 'graph.facebook.com',
  body?: unknown,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const stream = session.request({
      ':method': method,
      ':path': path,
      ':authority': authority,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    });
    let headers: Reply['headers'] = {};
    const chunks: Buffer[] = [];
    stream.on('response', (h) => {
      headers = h;
    });
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('error', reject);
    stream.on('end', () =>
      resolve({
        status: Number(headers[':status']),
        headers,
        json: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      }),
    );
    stream.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const get = (path: string, token: string = TOKEN_FLEET) => request('GET', path, token);
/** The control API (host 127.0.0.1) over the same connection. */
const control = (route: string, body: unknown) =>
  request('POST', `/__sandbox/${route}`, null, '127.0.0.1', body);

/** Every item of a list edge, following paging.next. */
async function all(path: string, token?: string) {
  const items: { id: string }[] = [];
  let next: string | undefined = path;
  while (next) {
    const reply = await get(next, token);
    expect(reply.status).toBe(200);
    items.push(...reply.json.data);
    next = reply.json.paging?.next?.replace('https://graph.facebook.com', '');
  }
  return items;
}

const usage = (reply: Reply, wabaId: string) => ({
  app: JSON.parse(String(reply.headers['x-app-usage'])).call_count as number,
  waba: JSON.parse(String(reply.headers['x-business-use-case-usage']))[wabaId][0],
});

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: () => clock });
  session = connect(`https://127.0.0.1:${sandbox.port}`, {
    ca: sandbox.certPem,
    servername: 'graph.facebook.com',
  });
});
afterAll(async () => {
  session?.close();
  await sandbox?.close();
});
beforeEach(() => sandbox.reset());

describe('the fleet', () => {
  it('speaks HTTP/2, many requests on one connection at once', async () => {
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => get('/v23.0/me?fields=id', SANDBOX_TOKEN)),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(session.alpnProtocol).toBe('h2');
    expect(sandbox.requests().at(-1)?.host).toBe('graph.facebook.com');
  });

  it('has 20 WABAs with 2,000 distinct numbers, some WABAs over one page', async () => {
    const wabas = await all(
      `/v23.0/${SYSTEM_USER.id}/assigned_whatsapp_business_accounts?fields=id,name&limit=7`,
    );
    expect(wabas).toHaveLength(FLEET_WABA_COUNT);
    expect(wabas[0]).toEqual({ id: fleetWabaId(1), name: 'Fleet Bank 01' });
    const ids = new Set<string>();
    let paged = 0;
    for (const waba of wabas) {
      const numbers = await all(`/v23.0/${waba.id}/phone_numbers?fields=id,status&limit=100`);
      if (numbers.length > 100) paged += 1;
      for (const n of numbers) ids.add(n.id);
    }
    expect(ids.size).toBe(FLEET_NUMBER_COUNT);
    expect(paged).toBeGreaterThan(3);
  });

  it('varies storage, registration and quality', () => {
    const fleet = [...sandbox.state.phones.values()].filter((p) => p.id.startsWith('5'));
    const storages = new Set(fleet.map((p) => p.storage?.status ?? 'absent'));
    expect(storages).toEqual(
      new Set([
        'absent',
        'DEFAULT',
        'IN_COUNTRY_STORAGE_DISABLED',
        'NO_STORAGE_ENABLED',
        'in_country_storage_enabled',
        'IN_COUNTRY_STORAGE_ENABLED',
      ]),
    );
    const regions = new Set(fleet.map((p) => p.storage?.data_localization_region?.toUpperCase()));
    expect(regions.size).toBe(15); // 14 regions and none
    expect(new Set(fleet.map((p) => p.platform_type))).toEqual(
      new Set(['CLOUD_API', 'NOT_APPLICABLE', 'ON_PREMISE']),
    );
    expect(new Set(fleet.map((p) => p.quality_rating))).toEqual(
      new Set(['GREEN', 'YELLOW', 'RED', 'NA']),
    );
  });

  it('only the fleet token reaches the fleet; a token can reach nothing', async () => {
    const path = `/v23.0/${SYSTEM_USER.id}/assigned_whatsapp_business_accounts?fields=id`;
    expect((await get(path, SANDBOX_TOKEN)).json.data).toHaveLength(2);
    expect((await get(path, TOKEN_NO_WABAS)).json.data).toEqual([]);
    const other = await get(`/v23.0/${fleetWabaId(1)}/phone_numbers`, SANDBOX_TOKEN);
    expect(other.json.error).toMatchObject({ code: 100, error_subcode: 33 });
  });
});

describe('usage headers and rate limits', () => {
  it('usage rises with calls in the window and falls as the window moves', async () => {
    sandbox.setRateLimits({ perApp: 100, perWaba: 20, windowMs: 10_000 });
    const waba = fleetWabaId(2);
    const first = usage(await get(`/v23.0/${waba}/phone_numbers?limit=1`), waba);
    expect(first).toMatchObject({ app: 1, waba: { call_count: 5 } });
    for (let i = 0; i < 9; i++) await get(`/v23.0/${waba}/phone_numbers?limit=1`);
    const tenth = usage(await get(`/v23.0/${waba}/phone_numbers?limit=1`), waba);
    expect(tenth.app).toBe(11);
    expect(tenth.waba).toMatchObject({ call_count: 55, total_time: 55, total_cputime: 55 });
    expect(tenth.waba.estimated_time_to_regain_access).toBe(0);
    clock += 10_000;
    expect(usage(await get(`/v23.0/${waba}/phone_numbers?limit=1`), waba).waba.call_count).toBe(5);
  });

  it('past a WABA limit: 80007 with the minutes to regain access, until the block ends', async () => {
    sandbox.setRateLimits({ perWaba: 3, blockMs: 5 * 60_000 });
    const waba = fleetWabaId(3);
    for (let i = 0; i < 3; i++)
      expect((await get(`/v23.0/${waba}/phone_numbers?limit=1`)).status).toBe(200);
    const refused = await get(`/v23.0/${waba}/phone_numbers?limit=1`);
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: 80007 });
    expect(refused.json.error.fbtrace_id).toBeTruthy();
    expect(usage(refused, waba).waba).toMatchObject({
      call_count: 100,
      estimated_time_to_regain_access: 5,
    });
    // Another WABA is not affected; a number of the blocked WABA is.
    expect((await get(`/v23.0/${fleetWabaId(4)}/phone_numbers?limit=1`)).status).toBe(200);
    const number = [...sandbox.state.phones.values()].find((p) => p.wabaId === waba);
    expect((await get(`/v23.0/${number?.id}/settings`)).json.error.code).toBe(80007);
    clock += 4 * 60_000 + 1;
    expect(usage(await get(`/v23.0/${waba}/phone_numbers`), waba).waba).toMatchObject({
      estimated_time_to_regain_access: 0,
    });
    clock += 60_000;
    expect((await get(`/v23.0/${waba}/phone_numbers?limit=1`)).status).toBe(200);
  });

  it('past the app limit: code 4 for every WABA', async () => {
    sandbox.setRateLimits({ perApp: 5 });
    for (let i = 1; i <= 5; i++) await get(`/v23.0/${fleetWabaId(i)}/phone_numbers?limit=1`);
    const refused = await get(`/v23.0/${fleetWabaId(6)}/phone_numbers?limit=1`);
    expect(refused.json.error).toMatchObject({ code: 4 });
    expect(JSON.parse(String(refused.headers['x-app-usage'])).call_count).toBe(100);
    // Other tokens are other apps here.
    expect((await get('/v23.0/me', SANDBOX_TOKEN)).status).toBe(200);
  });

  it('a block can be set from the control API, by token name or WABA', async () => {
    expect((await control('rate-limit-block', { wabaId: fleetWabaId(5), ms: 90_000 })).status).toBe(
      200,
    );
    const refused = await get(`/v23.0/${fleetWabaId(5)}/phone_numbers`);
    expect(usage(refused, fleetWabaId(5)).waba.estimated_time_to_regain_access).toBe(1);
    await control('rate-limit-block', { token: 'TOKEN_FLEET', ms: 1000 });
    expect((await get('/v23.0/me')).json.error.code).toBe(4);
    await control('rate-limits', { perApp: 1 });
    clock += 1000;
    expect((await get('/v23.0/me')).status).toBe(200);
    expect((await get('/v23.0/me')).json.error.code).toBe(4);
    await control('reset', {});
    clock += 1000;
    expect((await get('/v23.0/me')).status).toBe(200);
  });
});
