// The fleet scan: its pure parts (pacing, scheduler, progress) on plain data, and the scanner
// against the in-process sandbox's 2,000 numbers with a fake clock shared by both.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  allowance,
  applyScanEvent,
  createFleetScanner,
  type FleetRow,
  findRow,
  MAX_CONCURRENCY,
  NO_PACING,
  newScan,
  nextTasks,
  notePacing,
  progressOf,
  rateLimitWaitMs,
  type ScanDeps,
  type ScanState,
} from '@/utils/fleet';
import {
  AssignedWabaListSchema,
  createGraphClient,
  MeSchema,
  type SerializedGraphError,
} from '@/utils/graph';
import {
  FLEET_NUMBER_COUNT,
  fleetPhoneId,
  fleetWabaId,
  type Sandbox,
  startSandbox,
  TOKEN_EXPIRED,
  TOKEN_FLEET,
  TOKEN_NO_WABAS,
} from '../sandbox';
import { type SandboxFetch, sandboxFetch } from './sandbox-fetch';

const T0 = Date.parse('2026-12-02T03:00:00Z');
let clock = T0;
let sandbox: Sandbox;
let transport: SandboxFetch;

beforeAll(async () => {
  sandbox = await startSandbox({ now: () => clock });
  transport = sandboxFetch(sandbox);
});
afterAll(async () => {
  transport.close();
  await sandbox.close();
});
beforeEach(() => {
  sandbox.reset();
  clock = T0;
});

const rateError = (retryAfterMinutes?: number): SerializedGraphError => ({
  kind: 'graph',
  category: 'rate-limit',
  message: '(#80007) Rate limit issues',
  code: 80007,
  isTransient: true,
  ...(retryAfterMinutes !== undefined ? { retryAfterMinutes } : {}),
});

describe('pacing', () => {
  it('allows every call below 50 %, then fewer in proportion, one from 90 %', () => {
    expect(allowance(undefined, 0, 48)).toBe(48);
    expect(allowance({ percent: 49, at: 0 }, 0, 48)).toBe(48);
    expect(allowance({ percent: 50, at: 0 }, 0, 48)).toBe(48);
    expect(allowance({ percent: 60, at: 0 }, 0, 48)).toBe(36);
    expect(allowance({ percent: 70, at: 0 }, 0, 48)).toBe(24);
    expect(allowance({ percent: 80, at: 0 }, 0, 48)).toBe(12);
    expect(allowance({ percent: 89, at: 0 }, 0, 48)).toBe(1);
    expect(allowance({ percent: 94, at: 0 }, 0, 48)).toBe(1);
    expect(allowance({ percent: 70, at: 0 }, 0, 4)).toBe(2);
  });

  it('never allows more as usage rises', () => {
    let before = Number.POSITIVE_INFINITY;
    for (let percent = 0; percent <= 100; percent++) {
      const now = allowance({ percent, at: 0 }, 0, 48);
      expect(now).toBeLessThanOrEqual(before);
      before = now;
    }
  });

  it('pauses from 95 % until a probe is due', () => {
    expect(allowance({ percent: 95, at: 0 }, 0, 48)).toBe(0);
    expect(allowance({ percent: 97, at: 0 }, 9_999, 48)).toBe(0);
    expect(allowance({ percent: 97, at: 0 }, 10_000, 48)).toBe(1);
  });

  it('reads the highest figure of the app and of each WABA', () => {
    const p = notePacing(
      NO_PACING,
      {
        app: { callCount: 10, totalTime: 62, totalCputime: 5 },
        businessUseCase: [
          { id: '7', callCount: 30 },
          { id: '7', totalTime: 80 },
        ],
      },
      42,
    );
    expect(p.app).toEqual({ percent: 62, at: 42 });
    expect(p.wabas['7']).toEqual({ percent: 80, at: 42 });
  });

  it("waits Meta's minutes, else a doubling backoff capped at a minute", () => {
    expect(rateLimitWaitMs(rateError(3), 1)).toBe(180_000);
    expect(rateLimitWaitMs(rateError(0), 1)).toBe(2_000);
    expect(rateLimitWaitMs(rateError(), 3)).toBe(8_000);
    expect(rateLimitWaitMs(rateError(), 10)).toBe(60_000);
  });
});

const phone = (id: string) => ({ id, display_phone_number: `+1 ${id}` });

function scanWith(wabas: string[], rows: string[][]): ScanState {
  let s = applyScanEvent(newScan('s', 0), {
    type: 'wabas.found',
    wabas: wabas.map((id) => ({ id })),
  });
  rows.forEach((ids, i) => {
    s = applyScanEvent(s, { type: 'page.read', wabaId: wabas[i] ?? '', numbers: ids.map(phone) });
  });
  return s;
}

describe('progress', () => {
  it('adds rows as pages arrive and keeps where the next page starts', () => {
    let s = scanWith(['1', '2'], []);
    s = applyScanEvent(s, { type: 'page.read', wabaId: '1', numbers: [phone('11')], after: 'c1' });
    expect(s.wabas[0]).toMatchObject({ state: 'listing', after: 'c1', pages: 1 });
    s = applyScanEvent(s, { type: 'page.read', wabaId: '1', numbers: [phone('12')] });
    expect(s.wabas[0]).toMatchObject({ state: 'listed', pages: 2 });
    expect(s.wabas[0]).not.toHaveProperty('after');
    expect(s.rows.map((r) => r.phoneNumberId)).toEqual(['11', '12']);
    expect(progressOf(s)).toMatchObject({ wabasTotal: 2, wabasListed: 1, numbersTotal: 2 });
  });

  it('a failed row keeps why; a retry makes it pending again without the error', () => {
    let s = scanWith(['1'], [['11']]);
    s = applyScanEvent(s, { type: 'number.failed', phoneNumberId: '11', error: rateError() });
    expect(findRow(s, '11')).toMatchObject({ state: 'failed', error: { code: 80007 } });
    expect(progressOf(s).numbersFailed).toBe(1);
    s = applyScanEvent(s, { type: 'retry.number', phoneNumberId: '11' });
    expect(findRow(s, '11')?.state).toBe('pending');
    expect(findRow(s, '11')).not.toHaveProperty('error');
  });

  it('counts refusals in a row; a success ends the streak, only wait.over the wait', () => {
    let s = scanWith(['1'], [['11', '12']]);
    s = applyScanEvent(s, { type: 'rate-limited', until: 500, code: 4 });
    s = applyScanEvent(s, { type: 'rate-limited', until: 300 });
    expect(s.streak).toBe(2);
    expect(s.wait?.until).toBe(500);
    s = applyScanEvent(s, {
      type: 'number.read',
      phoneNumberId: '11',
      settings: {},
      readAt: 1,
      apiVersion: 'v23.0',
    });
    expect(s.streak).toBe(0);
    expect(s.wait).toBeDefined();
    expect(applyScanEvent(s, { type: 'wait.over' }).wait).toBeUndefined();
    expect(s.stats).toEqual({ requests: 5, rateLimited: 2 });
  });
});

describe('scheduler', () => {
  it('lists pages before reading numbers, within the allowance', () => {
    const s = scanWith(['1', '2'], [['11', '12', '13']]);
    const plan = nextTasks(s, NO_PACING, new Map(), 0, 3);
    expect(plan.start).toEqual([
      { kind: 'page', wabaId: '2' },
      { kind: 'number', wabaId: '1', phoneNumberId: '11' },
      { kind: 'number', wabaId: '1', phoneNumberId: '12' },
    ]);
  });

  it('starts nothing during a wait and says when to look again', () => {
    const s = applyScanEvent(scanWith(['1'], [['11']]), { type: 'rate-limited', until: 900 });
    expect(nextTasks(s, NO_PACING, new Map(), 100, 16)).toEqual({ start: [], wakeAt: 900 });
    expect(nextTasks(s, NO_PACING, new Map(), 900, 16).start).toHaveLength(1);
  });

  it('gives a WABA at 70 % half of its calls, while other WABAs have all of theirs', () => {
    const s = scanWith(
      ['1', '2'],
      [
        ['11', '12', '13', '14'],
        ['21', '22', '23', '24'],
      ],
    );
    const pacing = { wabas: { '1': { percent: 70, at: 50 } } };
    const plan = nextTasks(s, pacing, new Map(), 60, 4);
    expect(plan.start.map((t) => (t.kind === 'number' ? t.phoneNumberId : t.kind))).toEqual([
      '11',
      '12',
      '21',
      '22',
    ]);
  });

  it('holds a WABA at 95 % until its probe is due, while other WABAs go on', () => {
    const s = scanWith(['1', '2'], [['11'], ['21']]);
    const pacing = { wabas: { '1': { percent: 96, at: 50 } } };
    const plan = nextTasks(s, pacing, new Map(), 60, 16);
    expect(plan.start).toEqual([{ kind: 'number', wabaId: '2', phoneNumberId: '21' }]);
    expect(plan.wakeAt).toBe(10_050);
  });
});

// ---- against the sandbox ----

interface Run {
  deps: ScanDeps;
  inFlight: () => number;
  saved: () => ScanState | null;
  wakes: number[];
  changes: FleetRow[][];
  peak: () => number;
}

function runFor(token: string, extra: Partial<ScanDeps> = {}): Run {
  let inFlight = 0;
  let peak = 0;
  const graph = createGraphClient({
    fetch: async (input, init) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      try {
        return await transport.fetch(input, init);
      } finally {
        inFlight -= 1;
      }
    },
    getToken: async () => token,
    getVersion: async () => 'v23.0',
  });
  let saved: ScanState | null = null;
  const wakes: number[] = [];
  const changes: FleetRow[][] = [];
  const deps: ScanDeps = {
    read: graph.read,
    listWabas: async () => {
      const me = await graph.get('me', MeSchema);
      const list = await graph.get(
        `${me.id}/assigned_whatsapp_business_accounts`,
        AssignedWabaListSchema,
        { query: { fields: 'id,name', limit: 100 } },
      );
      return list.data;
    },
    phoneFields: 'id,display_phone_number,verified_name,quality_rating,status,platform_type',
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
    save: async (state) => {
      saved = structuredClone(state);
    },
    onChange: (_state, rows) => changes.push(rows),
    wakeAt: (at) => wakes.push(at),
    newId: () => 'scan-1',
    ...extra,
  };
  return { deps, saved: () => saved, wakes, changes, peak: () => peak, inFlight: () => inFlight };
}

const graphCalls = (edge: string) =>
  sandbox.requests().filter((r) => r.host === 'graph.facebook.com' && r.path.endsWith(edge));

function expectMatchesSandbox(state: ScanState) {
  const rows = state.rows;
  expect(rows).toHaveLength(FLEET_NUMBER_COUNT);
  for (const row of rows) {
    const record = sandbox.phone(row.phoneNumberId);
    expect(row.state).toBe('done');
    expect(row.wabaId).toBe(record?.wabaId);
    expect(row.phone.platform_type).toBe(record?.platform_type);
    expect(row.settings?.storage_configuration).toEqual(record?.storage);
    expect(row.traceId).toMatch(/^A/);
    expect(row.apiVersion).toBe('v23.0');
  }
}

// Real calls to a sandbox on a shared, busy machine: generous time, the fake clock for waits.
/** A whole scan of the fleet from the start. */
async function scanAll(extra: Partial<ScanDeps> = {}) {
  const run = runFor(TOKEN_FLEET, extra);
  const scanner = createFleetScanner(run.deps);
  await scanner.start();
  return { run, scanner, state: scanner.current() as ScanState };
}

describe('scanning the sandbox fleet', { timeout: 120_000 }, () => {
  it('reads all 2,000 numbers of 20 WABAs, at most MAX_CONCURRENCY calls at a time', async () => {
    const { run, state } = await scanAll();
    expect(state.phase).toBe('done');
    expect(state.wabas).toHaveLength(20);
    expectMatchesSandbox(state);
    expect(run.peak()).toBeLessThanOrEqual(MAX_CONCURRENCY);
    expect(run.peak()).toBeGreaterThan(16);
    expect(state.stats.rateLimited).toBe(0);
    // One call per number, one per page, two for the WABAs: nothing read twice.
    expect(graphCalls('/settings')).toHaveLength(FLEET_NUMBER_COUNT);
    expect(graphCalls('/phone_numbers')).toHaveLength(29);
    expect(run.saved()?.phase).toBe('done');
    // Rows arrive with their page, before the settings are read.
    expect(run.changes.findIndex((rows) => rows.length === 55)).toBeLessThan(10);
  });

  it('slows down as usage rises and meets no rate-limit error', async () => {
    sandbox.setRateLimits({ perApp: 900, windowMs: 60_000 });
    const { state } = await scanAll();
    expectMatchesSandbox(state);
    expect(state.stats.rateLimited).toBe(0);
    expect(sandbox.requests().filter((r) => r.errorCode !== undefined)).toEqual([]);
    // It paused for the window to move at least twice (2,000 calls at 900 a minute).
    expect(clock - T0).toBeGreaterThanOrEqual(2 * 60_000);
  });

  it("waits out Meta's estimated_time_to_regain_access and continues", async () => {
    sandbox.blockRateLimit({ wabaId: fleetWabaId(1) }, 5 * 60_000);
    const { run, state } = await scanAll();
    expectMatchesSandbox(state);
    expect(state.stats.rateLimited).toBeGreaterThan(0);
    expect(state.wait).toBeUndefined();
    expect(run.wakes[0]).toBe(T0 + 5 * 60_000);
    expect(clock - T0).toBeGreaterThanOrEqual(5 * 60_000);
    // The refused calls were made again, not given up: every number was read once successfully.
    const ok = graphCalls('/settings').filter((r) => r.status === 200);
    expect(ok).toHaveLength(FLEET_NUMBER_COUNT);
  });

  it('backs off when Meta refuses with 0 minutes, and continues', async () => {
    // 20 s reads as 0 minutes: 2 s, 4 s, 8 s, 16 s of backoff outlast it.
    sandbox.blockRateLimit({ token: TOKEN_FLEET }, 20_000);
    const { run, state } = await scanAll();
    expectMatchesSandbox(state);
    expect(state.stats.rateLimited).toBe(4);
    expect(clock - T0).toBe(30_000);
    expect(run.wakes).toEqual([T0 + 2_000, T0 + 6_000, T0 + 14_000, T0 + 30_000]);
  });

  it('saves no more often than saveEveryMs while reading, and at once at the end', async () => {
    const saves: { at: number; phase: ScanState['phase'] }[] = [];
    const { state } = await scanAll({
      now: () => Date.now(),
      saveEvery: 1,
      saveEveryMs: 400,
      save: async (s) => {
        saves.push({ at: Date.now(), phase: s.phase });
      },
    });
    expectMatchesSandbox(state);
    expect(saves.at(-1)?.phase).toBe('done');
    const during = saves.filter((s) => s.phase === 'numbers');
    expect(during.length).toBeGreaterThan(0);
    for (let i = 1; i < during.length; i++)
      expect(during[i]!.at - during[i - 1]!.at).toBeGreaterThanOrEqual(400);
  });

  it('a new worker resumes the saved scan: no page listed or number read twice', async () => {
    // The first worker dies after 700 settings reads: from then on no call of it returns.
    let reads = 0;
    const first = runFor(TOKEN_FLEET, { saveEvery: 25 });
    const stalled: ScanDeps = {
      ...first.deps,
      read: ((path: string, ...rest: never[]) => {
        if (path.endsWith('/settings')) reads += 1;
        if (reads > 700) return new Promise(() => undefined);
        return (first.deps.read as (...a: unknown[]) => unknown)(path, ...rest);
      }) as ScanDeps['read'],
    };
    void createFleetScanner(stalled).start();
    await expect.poll(() => reads > 700 && first.inFlight() === 0, { timeout: 60_000 }).toBe(true);
    const saved = first.saved() as ScanState;
    expect(saved.phase).toBe('numbers');
    const doneBefore = saved.rows.filter((r) => r.state === 'done');
    expect(doneBefore.length).toBeGreaterThanOrEqual(600);
    const listedBefore = saved.wabas.reduce((n, w) => n + w.pages, 0);

    sandbox.clearRequests();
    const second = runFor(TOKEN_FLEET);
    const scanner = createFleetScanner(second.deps);
    await scanner.resume(saved);
    const state = scanner.current() as ScanState;
    expectMatchesSandbox(state);
    expect(graphCalls('/assigned_whatsapp_business_accounts')).toHaveLength(0);
    expect(graphCalls('/phone_numbers')).toHaveLength(29 - listedBefore);
    const readAgain = graphCalls('/settings').map((r) => r.path.split('/')[2]);
    expect(readAgain).toHaveLength(FLEET_NUMBER_COUNT - doneBefore.length);
    for (const row of doneBefore) expect(readAgain).not.toContain(row.phoneNumberId);
  });

  it('a failed number says why; retrying it alone reads it', async () => {
    const id = fleetPhoneId(7);
    sandbox.injectGraphError({
      error: { code: 10, message: '(#10) Application does not have permission for this action' },
      count: 1,
      match: { path: `${id}/settings` },
    });
    sandbox.injectFault({
      kind: 'malformed-json',
      count: 1,
      match: { path: `${fleetPhoneId(8)}/` },
    });
    const { scanner } = await scanAll();
    let state = scanner.current() as ScanState;
    expect(state.phase).toBe('done');
    expect(progressOf(state).numbersFailed).toBe(2);
    expect(findRow(state, id)?.error).toMatchObject({ code: 10, category: 'permission' });
    expect(findRow(state, fleetPhoneId(8))?.error).toMatchObject({ category: 'malformed' });
    sandbox.clearRequests();
    await scanner.retryNumber(id);
    await scanner.retryNumber(fleetPhoneId(8));
    state = scanner.current() as ScanState;
    expectMatchesSandbox(state);
    expect(graphCalls('/settings')).toHaveLength(2);
  });

  it('a retry asked while the scan is saving its end is not lost', async () => {
    const [a, b] = [fleetPhoneId(11), fleetPhoneId(12)];
    for (const id of [a, b])
      sandbox.injectGraphError({
        error: { code: 10, message: '(#10) Application does not have permission' },
        match: { path: `${id}/settings` },
      });
    // Once `held` is on, every save waits until the test lets it through.
    let held = false;
    const waiting: (() => void)[] = [];
    const { scanner } = await scanAll({
      save: () =>
        held ? new Promise<void>((resolve) => waiting.push(resolve)) : Promise.resolve(),
    });
    held = true;
    const first = scanner.retryNumber(a);
    await expect.poll(() => findRow(scanner.current() as ScanState, a)?.state).toBe('done');
    // The run is saving its end now; the second retry comes in during that save.
    await expect.poll(() => waiting.length).toBeGreaterThanOrEqual(2);
    const second = scanner.retryNumber(b);
    const release = setInterval(() => {
      for (const resolve of waiting.splice(0)) resolve();
    }, 5);
    await Promise.all([first, second]);
    clearInterval(release);
    expect(findRow(scanner.current() as ScanState, b)?.state).toBe('done');
    expect(scanner.current()?.phase).toBe('done');
  });

  it('a token that reaches no WABA finishes with nothing; a refused token fails the scan', async () => {
    const none = createFleetScanner(runFor(TOKEN_NO_WABAS).deps);
    await none.start();
    expect(none.current()).toMatchObject({ phase: 'done', wabas: [], rows: [] });
    const expired = createFleetScanner(runFor(TOKEN_EXPIRED).deps);
    await expired.start();
    expect(expired.current()).toMatchObject({
      phase: 'failed',
      error: { category: 'token-invalid', code: 190 },
    });
  });
});
