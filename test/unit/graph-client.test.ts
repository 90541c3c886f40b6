import { describe, expect, it, vi } from 'vitest';
import {
  createGraphClient,
  GRAPH_BASE_URL,
  type GraphClientOptions,
  MAX_BODY_BYTES,
  parseAppUsage,
  parseBusinessUseCaseUsage,
} from '@/utils/graph/client';
import { GraphError } from '@/utils/graph/errors';
import { PhoneNumberListSchema, SettingsSchema, SuccessSchema } from '@/utils/graph/schemas';

// fetch is the network boundary: faking it here is what lets every failure shape be tested.
// The real HTTPS server is exercised by the sandbox and E2E suites.

const TOKEN = 'EAAGm0PX4ZCpsBAKZC1secretTOKEN';
const PHONE_ID = '106540352242922';
const BASE = GRAPH_BASE_URL;

type Answer = Response | Error | ((init: RequestInit) => Promise<Response>);

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
const text = (status: number, body: string) =>
  new Response(body, { status, headers: { 'content-type': 'text/html' } });
const settingsBR = {
  storage_configuration: { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: 'BR' },
};
const metaError = (code: number, extra: Record<string, unknown> = {}) => ({
  error: {
    message: `(#${code}) error`,
    type: 'OAuthException',
    code,
    fbtrace_id: 'Tr4ce',
    ...extra,
  },
});

/** A fake fetch answering from a script, one entry per call; the last entry repeats. */
function scripted(...answers: Answer[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    if (typeof answer === 'function') return answer(init);
    // A Response body can be read once; repeat entries get a clone.
    return (answer as Response).clone();
  });
  return { fetch, calls };
}

/** Never answers; rejects like real fetch when its signal aborts. */
const hang = (init: RequestInit) =>
  new Promise<Response>((_resolve, reject) => {
    init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
  });

function client(fetch: GraphClientOptions['fetch'], overrides: Partial<GraphClientOptions> = {}) {
  const sleep = vi.fn(async (_ms: number) => {});
  const graph = createGraphClient({
    fetch,
    getToken: async () => TOKEN,
    getVersion: async () => 'v26.0',
    sleep,
    random: () => 0.5,
    ...overrides,
  });
  return { graph, sleep };
}

async function failure(promise: Promise<unknown>): Promise<GraphError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphError);
  return error as GraphError;
}

describe('requests', () => {
  it('builds the URL from base, version, path and query, with the token only in a header', async () => {
    const { fetch, calls } = scripted(json(200, { data: [] }));
    const { graph } = client(fetch);
    await graph.get('/102290129340398/phone_numbers', PhoneNumberListSchema, {
      query: { fields: 'id,display_phone_number', limit: 100, after: undefined },
    });
    const [call] = calls;
    expect(call?.url).toBe(
      `${BASE}/v26.0/102290129340398/phone_numbers?fields=id%2Cdisplay_phone_number&limit=100`,
    );
    expect(call?.url).not.toContain(TOKEN);
    expect(call?.init.method).toBe('GET');
    expect(call?.init.headers).toEqual({
      Authorization: `Bearer ${TOKEN}`,
      Accept: 'application/json',
    });
    expect(call?.init.credentials).toBe('omit');
    expect(call?.init.body).toBeUndefined();
  });

  it("sends POST bodies as JSON and answers with Meta's trace ID", async () => {
    const { fetch, calls } = scripted(
      json(200, { success: true }, { 'x-fb-trace-id': 'E7riEe9OW2e' }),
    );
    const { graph } = client(fetch);
    const storage_configuration = {
      status: 'IN_COUNTRY_STORAGE_ENABLED',
      data_localization_region: 'BR',
    };
    await expect(
      graph.post(`${PHONE_ID}/settings`, SuccessSchema, { json: { storage_configuration } }),
    ).resolves.toEqual({ data: { success: true }, traceId: 'E7riEe9OW2e' });
    const [call] = calls;
    expect(call?.url).toBe(`${BASE}/v26.0/${PHONE_ID}/settings`);
    expect(call?.init.method).toBe('POST');
    expect(call?.init.headers).toMatchObject({
      Authorization: `Bearer ${TOKEN}`,
      'Content-Type': 'application/json',
    });
    expect(JSON.parse(String(call?.init.body))).toEqual({ storage_configuration });
  });

  it('reads the token and version per call', async () => {
    const { fetch, calls } = scripted(json(200, {}));
    let version = 'v25.0';
    const { graph } = client(fetch, { getVersion: async () => version });
    await graph.get(`${PHONE_ID}/settings`, SettingsSchema);
    version = 'v26.0';
    await graph.get(`${PHONE_ID}/settings`, SettingsSchema);
    expect(calls.map((c) => c.url)).toEqual([
      `${BASE}/v25.0/${PHONE_ID}/settings`,
      `${BASE}/v26.0/${PHONE_ID}/settings`,
    ]);
  });

  it.each<[string, Partial<GraphClientOptions>, string]>([
    ['no token saved', { getToken: async () => null }, 'no-token'],
    ['an empty token', { getToken: async () => '' }, 'no-token'],
    ['a version that is not one', { getVersion: async () => 'v26.0/../../me' }, 'unknown-version'],
    ['failing storage', { getToken: () => Promise.reject(new Error('storage gone')) }, 'internal'],
  ])('refuses to call with %s', async (_name, overrides, category) => {
    const { fetch } = scripted(json(200, {}));
    const { graph } = client(fetch, overrides);
    const error = await failure(graph.get(`${PHONE_ID}/settings`, SettingsSchema));
    expect(error.kind).toBe('internal');
    expect(error.category).toBe(category);
    expect(fetch).not.toHaveBeenCalled();
  });

  it.each([
    ['an access_token query', 'me', { access_token: TOKEN }],
    ['a path leaving the API', '../oauth/access_token', undefined],
    ['a full URL as path', 'https://evil.test/x', undefined],
    ['a query in the path', 'me?access_token=x', undefined],
  ])('refuses %s', async (_name, path, query) => {
    const { fetch } = scripted(json(200, {}));
    const { graph } = client(fetch);
    const error = await failure(graph.get(path, SettingsSchema, { query }));
    expect(error.kind).toBe('internal');
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('answers and failures', () => {
  it('parses a 2xx answer with the schema', async () => {
    const { fetch } = scripted(json(200, { ...settingsBR, calling: { status: 'ENABLED' } }));
    const { graph } = client(fetch);
    await expect(graph.get(`${PHONE_ID}/settings`, SettingsSchema)).resolves.toEqual(settingsBR);
  });

  it('turns a schema mismatch into malformed, naming the first issue path', async () => {
    const { fetch } = scripted(
      json(200, { data: [{ id: PHONE_ID }, { display_phone_number: '+1' }] }),
    );
    const { graph, sleep } = client(fetch);
    const error = await failure(graph.get('1/phone_numbers', PhoneNumberListSchema));
    expect(error.kind).toBe('malformed');
    expect(error.httpStatus).toBe(200);
    expect(error.message).toMatch(/data\.1\.id/);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it("takes the trace ID from the header when Meta's error body has none", async () => {
    const body = metaError(100);
    delete (body.error as { fbtrace_id?: string }).fbtrace_id;
    const { fetch } = scripted(json(400, body, { 'x-fb-trace-id': 'HeAdErTrace' }));
    const { graph } = client(fetch);
    const error = await failure(graph.post(`${PHONE_ID}/deregister`, SuccessSchema));
    expect(error).toMatchObject({ code: 100, fbtraceId: 'HeAdErTrace' });
    // The body's own trace ID wins when both are there.
    const both = scripted(json(400, metaError(100), { 'x-fb-trace-id': 'HeAdErTrace' }));
    const second = await failure(
      client(both.fetch).graph.post(`${PHONE_ID}/deregister`, SuccessSchema),
    );
    expect(second.fbtraceId).toBe('Tr4ce');
  });

  it('refuses an answer larger than the cap, without reading it all', async () => {
    const big = `{"data":[${'"x",'.repeat(MAX_BODY_BYTES / 4)}"x"]}`;
    const { fetch } = scripted(new Response(big, { status: 200 }));
    const { graph } = client(fetch);
    const error = await failure(graph.get(`${PHONE_ID}/settings`, SettingsSchema));
    expect(error.kind).toBe('malformed');
    expect(error.message).toMatch(/larger than/);
  });

  it('talks only to graph.facebook.com, never following a redirect', async () => {
    const { fetch, calls } = scripted(json(200, settingsBR));
    const { graph } = client(fetch);
    await graph.get(`${PHONE_ID}/settings`, SettingsSchema);
    expect(new URL(calls[0]?.url ?? '').origin).toBe('https://graph.facebook.com');
    expect(calls[0]?.init).toMatchObject({ credentials: 'omit', redirect: 'error' });
    // A path that names another host stays a path on Graph, or is refused.
    await graph.get('//business.facebook.com/x', SettingsSchema);
    await expect(graph.get('@business.facebook.com/x', SettingsSchema)).rejects.toThrow();
    expect(calls.map((c) => new URL(c.url).origin)).toEqual([GRAPH_BASE_URL, GRAPH_BASE_URL]);
  });

  it('treats {"success": false} as a failure', async () => {
    const { fetch } = scripted(json(200, { success: false }));
    const { graph } = client(fetch);
    const error = await failure(graph.post(`${PHONE_ID}/deregister`, SuccessSchema));
    expect(error.kind).toBe('malformed');
    expect(error.message).toMatch(/success/);
  });

  it.each<[string, Answer, Partial<GraphError>]>([
    [
      'fetch rejects (offline)',
      new TypeError('Failed to fetch'),
      { kind: 'network', category: 'network' },
    ],
    [
      'the body cannot be read (connection dropped)',
      new Response(
        new ReadableStream({
          start(controller) {
            controller.error(new TypeError('terminated'));
          },
        }),
        { status: 200 },
      ),
      { kind: 'network', category: 'network' },
    ],
    [
      '200 HTML (captive portal)',
      text(200, '<!DOCTYPE html><title>Login</title>'),
      {
        kind: 'malformed',
        category: 'malformed',
        httpStatus: 200,
        isTransient: false,
      },
    ],
    [
      '502 HTML from a gateway',
      text(502, '<html><body>Bad Gateway</body></html>'),
      {
        kind: 'malformed',
        category: 'server',
        httpStatus: 502,
        isTransient: true,
      },
    ],
    ['200 plain text', text(200, 'OK'), { kind: 'malformed', httpStatus: 200 }],
    ['200 empty body', text(200, ''), { kind: 'malformed', httpStatus: 200 }],
    ['503 empty body', text(503, ''), { kind: 'http', category: 'server', httpStatus: 503 }],
    [
      '404 JSON without error',
      json(404, { data: [] }),
      { kind: 'http', category: 'unknown', httpStatus: 404 },
    ],
    [
      '400 Meta error',
      json(400, metaError(100, { error_subcode: 33 })),
      {
        kind: 'graph',
        category: 'not-visible',
        code: 100,
        subcode: 33,
        fbtraceId: 'Tr4ce',
        httpStatus: 400,
      },
    ],
    [
      '401 expired token',
      json(401, metaError(190, { error_subcode: 463 })),
      {
        kind: 'graph',
        category: 'token-invalid',
      },
    ],
    [
      '200 carrying a Meta error',
      json(200, metaError(131009)),
      { kind: 'graph', category: 'invalid-parameter' },
    ],
  ])('%s', async (_name, answer, expected) => {
    const { fetch } = scripted(answer);
    const { graph } = client(fetch, { retry: { attempts: 1, baseDelayMs: 1 } });
    const error = await failure(graph.get(`${PHONE_ID}/settings`, SettingsSchema));
    expect(error).toMatchObject(expected);
  });

  it('times out a call that never answers', async () => {
    const { fetch } = scripted(hang);
    const { graph } = client(fetch, { timeoutMs: 20, retry: { attempts: 1, baseDelayMs: 1 } });
    const error = await failure(graph.get(`${PHONE_ID}/settings`, SettingsSchema));
    expect(error.kind).toBe('timeout');
    expect(error.isTransient).toBe(true);
  });

  it('times out while reading a body that stalls', async () => {
    const { fetch } = scripted(async (init) => {
      const body = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"storage_configuration":'));
          init.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
        },
      });
      return new Response(body, { status: 200 });
    });
    const { graph } = client(fetch, { timeoutMs: 20, retry: { attempts: 1, baseDelayMs: 1 } });
    const error = await failure(graph.get(`${PHONE_ID}/settings`, SettingsSchema));
    expect(error.kind).toBe('timeout');
  });

  it("rejects with the caller's abort reason, without retrying", async () => {
    const { fetch } = scripted(hang);
    const { graph, sleep } = client(fetch);
    const controller = new AbortController();
    const pending = graph.post(`${PHONE_ID}/register`, SuccessSchema, {
      json: { messaging_product: 'whatsapp', pin: '123456' },
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });
});

describe('retries', () => {
  it.each<[string, Answer[], number, number[]]>([
    ['503 then success', [text(503, ''), json(200, settingsBR)], 2, [300]],
    [
      'network, network, success',
      [new TypeError('reset'), new TypeError('reset'), json(200, settingsBR)],
      3,
      [300, 600],
    ],
    ['Meta 131000 then success', [json(500, metaError(131000)), json(200, settingsBR)], 2, [300]],
    ['Meta code 2 then success', [json(500, metaError(2)), json(200, settingsBR)], 2, [300]],
    [
      'is_transient flag then success',
      [json(400, metaError(100, { is_transient: true })), json(200, settingsBR)],
      2,
      [300],
    ],
    [
      'gateway HTML then success',
      [text(504, '<html>Gateway Timeout</html>'), json(200, settingsBR)],
      2,
      [300],
    ],
  ])('GET retries %s', async (_name, answers, calls, delays) => {
    const { fetch } = scripted(...answers);
    const { graph, sleep } = client(fetch);
    await expect(graph.get(`${PHONE_ID}/settings`, SettingsSchema)).resolves.toEqual(settingsBR);
    expect(fetch).toHaveBeenCalledTimes(calls);
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual(delays);
  });

  it('gives up after retry.attempts tries in total', async () => {
    const { fetch } = scripted(new TypeError('offline'));
    const { graph, sleep } = client(fetch, { retry: { attempts: 3, baseDelayMs: 300 } });
    const error = await failure(graph.get(`${PHONE_ID}/settings`, SettingsSchema));
    expect(error.kind).toBe('network');
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(sleep).toHaveBeenCalledTimes(2);
  });

  it('jitters the backoff between half and one and a half times the delay', async () => {
    for (const [random, first] of [
      [0, 150],
      [0.999, 450],
    ] as const) {
      const { fetch } = scripted(text(503, ''), json(200, settingsBR));
      const { graph, sleep } = client(fetch, { random: () => random });
      await graph.get(`${PHONE_ID}/settings`, SettingsSchema);
      expect(sleep.mock.calls[0]?.[0]).toBeCloseTo(first, -1);
    }
  });

  it.each<[string, Answer]>([
    ['invalid parameter', json(400, metaError(100))],
    ['expired token', json(401, metaError(190, { error_subcode: 463 }))],
    ['rate limit', json(429, metaError(80007))],
    ['register limit', json(400, metaError(133016))],
    ['404 without body', text(404, '')],
    ['200 HTML', text(200, '<html></html>')],
  ])('GET does not retry %s', async (_name, answer) => {
    const { fetch } = scripted(answer, json(200, settingsBR));
    const { graph, sleep } = client(fetch);
    await failure(graph.get(`${PHONE_ID}/settings`, SettingsSchema));
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it.each<[string, Answer]>([
    ['network failure', new TypeError('reset')],
    ['503', text(503, '')],
    ['Meta transient 131000', json(500, metaError(131000))],
    ['is_transient', json(400, metaError(1, { is_transient: true }))],
  ])('POST never retries a %s', async (_name, answer) => {
    const { fetch } = scripted(answer, json(200, { success: true }));
    const { graph, sleep } = client(fetch);
    const error = await failure(graph.post(`${PHONE_ID}/deregister`, SuccessSchema));
    expect(error.isTransient).toBe(true);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });
});

describe('de-duplication', () => {
  it('shares one fetch between identical GETs in flight', async () => {
    let release: (r: Response) => void = () => {};
    const { fetch } = scripted(
      () => new Promise<Response>((r) => (release = r)),
      json(200, settingsBR),
    );
    const { graph } = client(fetch);
    const a = graph.get(`${PHONE_ID}/settings`, SettingsSchema);
    const b = graph.get(`/${PHONE_ID}/settings`, SettingsSchema);
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    release(json(200, settingsBR));
    await expect(Promise.all([a, b])).resolves.toEqual([settingsBR, settingsBR]);
    expect(fetch).toHaveBeenCalledTimes(1);

    // Once settled, the next GET asks again.
    await expect(graph.get(`${PHONE_ID}/settings`, SettingsSchema)).resolves.toEqual(settingsBR);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('lets each caller parse the shared answer with its own schema', async () => {
    const { fetch } = scripted(json(200, settingsBR));
    const { graph } = client(fetch);
    const [settings, success] = await Promise.allSettled([
      graph.get(`${PHONE_ID}/settings`, SettingsSchema),
      graph.get(`${PHONE_ID}/settings`, SuccessSchema),
    ]);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(settings.status).toBe('fulfilled');
    expect(success.status).toBe('rejected');
  });

  it('does not share GETs with a different query or token', async () => {
    const { fetch } = scripted(json(200, {}));
    let token = TOKEN;
    const { graph } = client(fetch, { getToken: async () => token });
    const a = graph.get(PHONE_ID, SettingsSchema, { query: { fields: 'id' } });
    const b = graph.get(PHONE_ID, SettingsSchema, { query: { fields: 'id,status' } });
    // Saved while the first calls are still on their way: the next call uses it.
    token = 'EAAother';
    const c = graph.get(PHONE_ID, SettingsSchema, { query: { fields: 'id' } });
    await Promise.all([a, b, c]);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('reads the token and the version for every call, so a token saved between two is used', async () => {
    const { fetch } = scripted(json(200, {}), json(200, {}));
    let token = TOKEN;
    let reads = 0;
    const { graph } = client(fetch, {
      getToken: async () => {
        reads += 1;
        return token;
      },
    });
    await graph.get(`${PHONE_ID}/settings`, SettingsSchema);
    token = 'EAAother';
    await graph.get(`${PHONE_ID}/settings`, SettingsSchema);
    expect(reads).toBe(2);
    const auth = (call: number) =>
      new Headers(fetch.mock.calls[call]?.[1]?.headers).get('authorization');
    expect([auth(0), auth(1)]).toEqual([`Bearer ${TOKEN}`, 'Bearer EAAother']);
  });

  it('shares a failure too, retried once for all', async () => {
    const { fetch } = scripted(text(503, ''), json(200, settingsBR));
    const { graph } = client(fetch);
    const results = await Promise.all([
      graph.get(`${PHONE_ID}/settings`, SettingsSchema),
      graph.get(`${PHONE_ID}/settings`, SettingsSchema),
    ]);
    expect(results).toEqual([settingsBR, settingsBR]);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("one caller's abort does not cancel the shared request for the others", async () => {
    let release: (r: Response) => void = () => {};
    const { fetch, calls } = scripted(() => new Promise<Response>((r) => (release = r)));
    const { graph } = client(fetch);
    const controller = new AbortController();
    const a = graph.get(`${PHONE_ID}/settings`, SettingsSchema, { signal: controller.signal });
    const b = graph.get(`${PHONE_ID}/settings`, SettingsSchema);
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    controller.abort();
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls[0]?.init.signal?.aborted).toBe(false);
    release(json(200, settingsBR));
    await expect(b).resolves.toEqual(settingsBR);
  });

  it('never lets a GET made after a POST join one that started before it', async () => {
    const releases: ((r: Response) => void)[] = [];
    const { fetch, calls } = scripted(
      () => new Promise<Response>((r) => releases.push(r)),
      () => new Promise<Response>((r) => releases.push(r)),
      () => new Promise<Response>((r) => releases.push(r)),
    );
    const { graph } = client(fetch);
    const before = graph.get(`${PHONE_ID}/settings`, SettingsSchema);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    const post = graph.post(`${PHONE_ID}/register`, SuccessSchema, { json: { pin: '123456' } });
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    // During the POST: a fresh read.
    const during = graph.get(`${PHONE_ID}/settings`, SettingsSchema);
    await vi.waitFor(() => expect(calls).toHaveLength(3));
    releases[1]?.(json(200, { success: true }));
    await post;
    // After the POST: a fresh read again, not the one started while it ran.
    const after = graph.get(`${PHONE_ID}/settings`, SettingsSchema);
    await vi.waitFor(() => expect(calls).toHaveLength(4));
    expect(calls.map((c) => c.init.method ?? 'GET')).toEqual(['GET', 'POST', 'GET', 'GET']);
    releases[0]?.(json(200, settingsBR));
    releases[2]?.(json(200, settingsBR));
    releases[3]?.(json(200, settingsBR));
    await expect(Promise.all([before, during, after])).resolves.toHaveLength(3);
  });

  it('never shares POSTs', async () => {
    const { fetch } = scripted(json(200, { success: true }));
    const { graph } = client(fetch);
    await Promise.all([
      graph.post(`${PHONE_ID}/deregister`, SuccessSchema),
      graph.post(`${PHONE_ID}/deregister`, SuccessSchema),
    ]);
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});

describe('rate-limit headers', () => {
  const buc = JSON.stringify({
    '102290129340398': [
      {
        type: 'whatsapp_business_management',
        call_count: 96,
        total_cputime: 3,
        total_time: 4,
        estimated_time_to_regain_access: 12,
      },
    ],
  });

  it('keeps the latest usage headers for the caller', async () => {
    const { fetch } = scripted(
      json(200, settingsBR, {
        'x-app-usage': '{"call_count":28,"total_time":25,"total_cputime":5}',
        'x-business-use-case-usage': buc,
      }),
      json(200, settingsBR),
      json(200, settingsBR, { 'x-app-usage': 'not json', 'x-business-use-case-usage': '[]' }),
    );
    const { graph } = client(fetch);
    expect(graph.lastUsage).toEqual({});
    await graph.get(`${PHONE_ID}/settings`, SettingsSchema);
    expect(graph.lastUsage.app).toEqual({ callCount: 28, totalTime: 25, totalCputime: 5 });
    expect(graph.lastUsage.businessUseCase).toEqual([
      {
        id: '102290129340398',
        type: 'whatsapp_business_management',
        callCount: 96,
        totalCputime: 3,
        totalTime: 4,
        estimatedMinutes: 12,
      },
    ]);
    // Answers without (readable) headers leave the last reading in place.
    await graph.get(`${PHONE_ID}/settings`, SettingsSchema);
    await graph.get(`${PHONE_ID}/settings`, SettingsSchema);
    expect(graph.lastUsage.app?.callCount).toBe(28);
  });

  it("puts Meta's wait estimate on rate-limit errors", async () => {
    const { fetch } = scripted(json(429, metaError(80007), { 'x-business-use-case-usage': buc }));
    const { graph } = client(fetch);
    const error = await failure(graph.get(`${PHONE_ID}/settings`, SettingsSchema));
    expect(error.category).toBe('rate-limit');
    expect(error.retryAfterMinutes).toBe(12);
    expect(error.fbtraceId).toBe('Tr4ce');
  });

  it.each([
    [null, undefined],
    ['', undefined],
    ['{', undefined],
    ['[1,2]', undefined],
    [
      '{"call_count":"lots","total_time":7}',
      { callCount: undefined, totalCputime: undefined, totalTime: 7 },
    ],
  ])('parseAppUsage(%j)', (header, expected) => {
    expect(parseAppUsage(header)).toEqual(expected);
  });

  it.each([
    [null, undefined],
    ['nope', undefined],
    ['{"1":"x","2":[7,{"call_count":5}]}', [{ id: '2', callCount: 5 }]],
  ])('parseBusinessUseCaseUsage(%j)', (header, expected) => {
    const parsed = parseBusinessUseCaseUsage(header)?.map((e) =>
      Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)),
    );
    expect(parsed).toEqual(expected);
  });
});
