import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { FlowState } from '@/utils/change-flow/machine';
import type { Envelope } from '@/utils/messaging/protocol';
import { isRegistered } from '../sandbox/answers';
import type { Behaviour } from '../sandbox/core';
import { createInProcessSandbox, type InProcessSandbox } from '../sandbox/in-process';
import type { LoggedRequest } from '../sandbox/log';
import { PHONES, SANDBOX_TOKEN, SEED_PIN } from '../sandbox/seed';

// A model-based test of the write path: random sequences of what people do (start each kind,
// resume, go back, dismiss, request and verify codes, two at once), with injected faults
// (5xx, dropped connections, transient errors, unparsable answers, the worker dying mid-call
// and a fresh background starting over the same storage), driving the REAL message router,
// journal and runner against the in-process sandbox on a fake clock. The invariants are read
// from the sandbox's request log and state, and from what the background shows as unfinished.

type Router = typeof import('@/utils/background/router');
let shared: Router | undefined;
const NUMBERS = [PHONES.brazil.id, PHONES.unregistered.id] as const;
const RUNS = Number(process.env.FLOW_MODEL_RUNS ?? 2000);
const popup = () => ({
  id: fakeBrowser.runtime.id,
  url: `chrome-extension://${fakeBrowser.runtime.id}/popup.html`,
});

type Pin = 'right' | 'wrong' | 'none';
type Op =
  | { type: 'start'; n: 0 | 1; kind: string; target?: string; pin: Pin }
  | {
      type: 'resume' | 'goBack' | 'dismiss' | 'requestCode' | 'verifyCode';
      n: 0 | 1;
      pick: number;
      pin: Pin;
      code: 'right' | 'wrong';
    };
type Fault = {
  kind: 'http500' | 'drop' | 'malformed-json' | 'transient' | 'death';
  applied: boolean;
  path?: string;
} | null;
interface Batch {
  ops: Op[];
  fault: Fault;
  advance: number;
}

const number = fc.constantFrom<0 | 1>(0, 1);
const pin = fc.constantFrom<Pin>('right', 'right', 'wrong', 'none');
const TARGETS: Record<string, (string | undefined)[]> = {
  enable: ['IN', 'DE', 'BR', 'XX'],
  disable: [undefined, undefined, 'DE'],
  register: [undefined, undefined, 'DE'],
  move: ['IN', 'DE', 'BR', 'default'],
  revert: ['DE'],
};
// Mostly starts that make sense, some that must be refused (wrong kind, bad target).
const startOp = fc
  .constantFrom('enable', 'disable', 'register', 'register', 'move', 'move', 'move', 'revert')
  .chain((kind) =>
    fc.record({
      type: fc.constant('start' as const),
      n: number,
      kind: fc.constant(kind),
      target: fc.constantFrom(...(TARGETS[kind] ?? [undefined])),
      pin,
    }),
  );
const flowOp = fc.record({
  type: fc.constantFrom(
    'resume' as const,
    'resume' as const,
    'goBack' as const,
    'dismiss' as const,
    'requestCode' as const,
    'verifyCode' as const,
  ),
  n: number,
  pick: fc.nat(3),
  pin,
  code: fc.constantFrom('right' as const, 'wrong' as const),
});
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: startOp },
  { weight: 3, arbitrary: flowOp },
);
const fault: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom('http500', 'drop', 'malformed-json', 'transient', 'death'),
      applied: fc.boolean(),
      path: fc.constantFrom('/deregister', '/settings', '/register', undefined),
    }),
  },
);
const batch: fc.Arbitrary<Batch> = fc.record({
  // Pairs are sent at once, often the same action twice (from the popup and the panel).
  ops: fc.oneof(
    { weight: 3, arbitrary: fc.tuple(op) },
    {
      weight: 1,
      arbitrary: op.chain((a) => fc.tuple(fc.constant(a), fc.oneof(fc.constant(a), op))),
    },
  ),
  fault,
  advance: fc.constantFrom(0, 1_000, 25_000, 3_600_000),
});
const behaviour = fc.record({
  registrationReportDelayMs: fc.constantFrom(0, 3_000),
  refuseRegionToRegion: fc.boolean(),
  notRegisteredAnswer: fc.constantFrom<Behaviour['notRegisteredAnswer']>('133010', '100/2207051'),
});

/** A scenario's world: the sandbox, the background generation now running, what it has seen. */
class World {
  router!: Router;
  readonly flows = new Map<string, FlowState>();
  readonly everRegistered = NUMBERS.map(() => false);
  died = false;
  logSeen = 0;
  /** Per number: the last POST since a read, and whether Meta refused it outright. */
  readonly lastPost = new Map<string, { key: string; definite: boolean }>();

  constructor(readonly sandbox: InProcessSandbox) {}

  async startGeneration() {
    vi.resetModules();
    this.router = await import('@/utils/background/router');
    shared = this.router;
    this.router.announceRecoveredFlows();
    this.died = false;
    this.sandbox.intercept(undefined);
  }

  ask(message: Record<string, unknown>): Promise<Envelope> {
    return this.router.handleMessage(message, popup());
  }

  flowsOf(n: 0 | 1) {
    return [...this.flows.values()].filter((f) => f.phoneNumberId === NUMBERS[n]);
  }

  message(o: Op): Record<string, unknown> {
    const pinValue = o.pin === 'right' ? SEED_PIN : o.pin === 'wrong' ? '111111' : undefined;
    const phoneNumberId = NUMBERS[o.n];
    if (o.type === 'start')
      return { type: 'flow.start', kind: o.kind, phoneNumberId, target: o.target, pin: pinValue };
    // A flow of that number, else any flow seen, else one that does not exist.
    const own = this.flowsOf(o.n);
    const known = own.length ? own : [...this.flows.values()];
    const flowId = known[o.pick % Math.max(1, known.length)]?.id ?? crypto.randomUUID();
    switch (o.type) {
      case 'resume':
        return { type: 'flow.resume', flowId, pin: pinValue };
      case 'goBack':
        return { type: 'flow.goBack', flowId, pin: pinValue ?? SEED_PIN };
      case 'dismiss':
        return { type: 'flow.dismiss', flowId };
      case 'requestCode':
        return { type: 'flow.requestCode', flowId, method: 'SMS', language: 'en_US' };
      case 'verifyCode': {
        const code =
          o.code === 'right'
            ? (this.sandbox.lastVerificationCode(phoneNumberId) ?? '000000')
            : '999999';
        return { type: 'flow.verifyCode', flowId, code, pin: pinValue };
      }
    }
  }

  remember(reply: Envelope | undefined) {
    if (!reply?.ok) return;
    const data = reply.data as FlowState | FlowState[] | null;
    for (const flow of Array.isArray(data) ? data : data ? [data] : []) {
      if (flow && typeof flow === 'object' && 'steps' in flow) this.flows.set(flow.id, flow);
    }
  }

  async active(): Promise<FlowState[]> {
    const reply = await this.ask({ type: 'flow.listActive' });
    this.remember(reply);
    expect(reply.ok).toBe(true);
    return reply.ok ? (reply.data as FlowState[]) : [];
  }

  newRequests(): LoggedRequest[] {
    const log = this.sandbox.core.requests();
    const fresh = log.slice(this.logSeen);
    this.logSeen = log.length;
    return fresh;
  }
}

/**
 * SHA-256 hashes in flight. The change history's hash chain uses WebCrypto, which answers on a
 * real turn of the event loop rather than on the fake clock, so settling waits for them too.
 */
let hashing = 0;
function countHashing() {
  const digest = crypto.subtle.digest.bind(crypto.subtle);
  return vi.spyOn(crypto.subtle, 'digest').mockImplementation((...args) => {
    hashing++;
    return digest(...args).finally(() => hashing--);
  });
}

/** Lets the fake clock run until every promise settled (or the worker died). */
async function runUntilSettled(world: World, pending: Promise<unknown>[]) {
  let open = pending.length;
  for (const p of pending) void p.finally(() => open--);
  for (let i = 0; i < 500 && (open > 0 || hashing > 0) && !world.died; i++) {
    await vi.runAllTimersAsync();
    while (hashing > 0) await new Promise((resolve) => setImmediate(resolve));
  }
  if (open > 0 && !world.died) throw new Error('an action never finished');
}

const nodeOf = (path: string) => path.replace(/^\/v\d+\.0\//, '').split('/');

/** Checks the invariants over what one batch sent, and over what the background shows. */
async function checkBatch(world: World, allowedToSend: Set<string>) {
  for (const r of world.newRequests()) {
    const [id, edge] = nodeOf(r.path);
    if (!id || !NUMBERS.includes(id as (typeof NUMBERS)[number])) continue;
    if (r.method === 'GET') {
      if (!edge) world.lastPost.delete(id);
      continue;
    }
    // Nothing is sent for a number whose change is finished, closed or replaced.
    expect(allowedToSend, `POST ${edge} for ${id} with no unfinished change acted on`).toContain(
      id,
    );
    // Never the same change (deregister, settings, register) twice without reading the number
    // in between, unless Meta refused the first outright. (Asking for another code is the
    // person's call, and changes nothing.)
    if (edge === 'request_code' || edge === 'verify_code') continue;
    const key = `${edge} ${JSON.stringify(r.body)}`;
    const last = world.lastPost.get(id);
    if (last && last.key === key)
      expect(last.definite, `${key} sent twice for ${id} without a read between`).toBe(true);
    const definite =
      (r.status ?? 0) >= 400 &&
      (r.status ?? 0) < 500 &&
      r.errorCode !== undefined &&
      r.errorCode !== 1 &&
      r.errorCode !== 2;
    world.lastPost.set(id, { key, definite });
    // Never a register or deregister call the plan does not need: none to a number already
    // in the state it aims for.
    if (edge === 'register') expect(r.registeredBefore, `register of registered ${id}`).toBe(false);
    if (edge === 'deregister')
      expect(r.registeredBefore, `deregister of unregistered ${id}`).toBe(true);
  }
  if (world.died) return;
  const active = await world.active();
  for (const [n, id] of NUMBERS.entries()) {
    // At most one unfinished change per number.
    expect(active.filter((f) => f.phoneNumberId === id).length).toBeLessThanOrEqual(1);
    const phone = world.sandbox.core.state.phones.get(id);
    if (!phone) continue;
    if (isRegistered(phone)) world.everRegistered[n] = true;
    // Never a number Residency took offline without an unfinished change shown.
    else if (world.everRegistered[n])
      expect(
        active.some((f) => f.phoneNumberId === id),
        `${id} offline with no unfinished change`,
      ).toBe(true);
  }
}

async function runScenario(setup: Behaviour & { verify: boolean }, batches: Batch[]) {
  const world = new World(createInProcessSandbox(() => Date.now()));
  const { verify, ...switches } = setup;
  world.sandbox.core.configure(switches);
  world.sandbox.updatePhone(NUMBERS[1], { verificationRequired: verify });
  vi.stubGlobal('fetch', world.sandbox.fetch);
  const { tokenStore } = await import('@/utils/storage');
  await tokenStore.set(SANDBOX_TOKEN);
  // One background for the whole scenario, until a worker death starts a fresh one.
  world.router = shared ??= await import('@/utils/background/router');
  world.everRegistered[0] = true;

  for (const b of batches) {
    const before = await world.active();
    const messages = b.ops.map((o) => world.message(o));
    // Numbers this batch may send for: a start's, and the number of an unfinished change acted
    // on. A finished, closed or replaced change (or one that does not exist) sends nothing.
    const allowed = new Set<string>();
    for (const m of messages) {
      if (m.type === 'flow.start') allowed.add(String(m.phoneNumberId));
      const acted = before.find((f) => f.id === m.flowId);
      if (acted) allowed.add(acted.phoneNumberId);
    }
    const f = b.fault;
    if (f && f.kind !== 'death') {
      const match = { method: 'POST', ...(f.path ? { path: f.path } : {}) };
      if (f.kind === 'transient')
        world.sandbox.core.rules.addError({
          error: { code: 2, message: 'Service temporarily unavailable', is_transient: true },
          status: 503,
          match,
        });
      else world.sandbox.core.rules.addFault({ kind: f.kind, applied: f.applied, match });
    }
    if (f?.kind === 'death' && b.ops.length === 1) {
      world.sandbox.intercept((url, method) => {
        if (method !== 'POST' || (f.path && !url.pathname.includes(f.path))) return undefined;
        world.died = true;
        return f.applied ? 'freeze-after' : 'freeze-before';
      });
    }
    const replies = messages.map((m) => world.ask(m));
    for (const r of replies) void r.then((reply) => world.remember(reply));
    await runUntilSettled(world, replies);
    world.sandbox.core.rules.clear();
    world.sandbox.intercept(undefined);
    if (
      b.ops.length === 2 &&
      b.ops[0]?.n === b.ops[1]?.n &&
      b.ops.every((o) => o.type === 'start')
    ) {
      // Two starts for one number at once: at most one is taken.
      const taken = (await Promise.all(replies)).filter((r) => r.ok);
      expect(taken.length).toBeLessThanOrEqual(1);
    }
    await checkBatch(world, allowed);
    if (world.died) {
      // The worker died mid-call: a fresh background over the same storage takes over.
      await world.startGeneration();
      await runUntilSettled(world, [Promise.resolve()]);
      await checkBatch(world, new Set());
    }
    await vi.advanceTimersByTimeAsync(b.advance);
  }
}

describe('the write path under random actions and faults (model-based)', () => {
  let i18n: typeof fakeBrowser.i18n;
  beforeEach(() => {
    i18n = fakeBrowser.i18n;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    countHashing();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it(`keeps every invariant over ${RUNS} random scenarios`, { timeout: 180_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        behaviour,
        fc.boolean(),
        fc.array(batch, { minLength: 1, maxLength: 12 }),
        async (switches, verify, batches) => {
          fakeBrowser.reset();
          Object.assign(fakeBrowser, { i18n });
          await runScenario({ ...switches, verify }, batches);
        },
      ),
      {
        numRuns: RUNS,
        seed: process.env.FLOW_MODEL_SEED ? Number(process.env.FLOW_MODEL_SEED) : undefined,
      },
    );
  });
});
