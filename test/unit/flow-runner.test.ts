import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { type AuditEntry, auditLog, listAudit, REGISTRATION_WINDOW_MS } from '@/utils/audit';
import { flowJournal, getFlow, recoverAll, save } from '@/utils/flow/journal';
import {
  type FlowKind,
  type FlowState,
  type FlowTarget,
  isNumberOffline,
  planFlow,
  type StepName,
  stepStarted,
  stepSucceeded,
} from '@/utils/flow/machine';
import { createFlowRunner, type FlowApi, type StorageBody } from '@/utils/flow/runner';
import { GraphError } from '@/utils/graph/errors';

const ID = '106540352242922';
const PIN = '482915';
const WRONG_PIN = '111111';
const CODE = '135790';
const T0 = 1_700_000_000_000;

const graphError = (code: number, message = `Meta error ${code}`) =>
  new GraphError({ kind: 'graph', code, message, fbtraceId: `trace-${code}`, httpStatus: 400 });
const networkError = () => new GraphError({ kind: 'network', message: 'Failed to fetch' });
const timeoutError = () => new GraphError({ kind: 'timeout', message: 'timed out' });
const http503 = () => new GraphError({ kind: 'http', httpStatus: 503, message: 'Unavailable' });

type Op = StepName | 'read';
interface Failure {
  op: Op;
  error: unknown;
  /** The call reached Meta and was applied, but the answer was lost. */
  applied?: boolean;
}

/**
 * A fake Meta: the network boundary. It keeps the number's state like Meta does (settings only
 * while unregistered, PIN checked on register) and records every call in order.
 */
function fakeMeta(initial: { registered: boolean; storage: string; codeVerified?: boolean }) {
  const number = { codeVerified: true, ...initial };
  const calls: Array<{ op: Op; body?: StorageBody; method?: string; language?: string }> = [];
  const failures: Failure[] = [];
  const journalAtCall: Array<FlowState | null> = [];
  let flowId: string | undefined;

  const maybeFail = (op: Op, apply: () => void) => {
    const i = failures.findIndex((f) => f.op === op);
    if (i >= 0) {
      const [f] = failures.splice(i, 1);
      if (f?.applied) apply();
      throw f?.error;
    }
    apply();
  };
  const snapshot = async () => {
    journalAtCall.push(flowId ? await getFlow(flowId) : null);
  };

  const api: FlowApi = {
    async deregister() {
      calls.push({ op: 'deregister' });
      await snapshot();
      maybeFail('deregister', () => {
        number.registered = false;
      });
    },
    async setStorage(_id, body) {
      calls.push({ op: 'set-storage', body });
      await snapshot();
      if (number.registered) throw graphError(100, 'Phone number is registered');
      maybeFail('set-storage', () => {
        number.storage =
          body.status === 'IN_COUNTRY_STORAGE_ENABLED' ? body.data_localization_region : 'default';
      });
    },
    async register(_id, pin) {
      calls.push({ op: 'register' });
      await snapshot();
      // Meta echoing the PIN in its message: the runner must scrub it.
      if (pin !== PIN) throw graphError(133005, `Two-step PIN ${pin} is wrong`);
      if (!number.codeVerified) throw graphError(133006);
      maybeFail('register', () => {
        number.registered = true;
      });
    },
    async requestCode(_id, method, language) {
      calls.push({ op: 'request-code', method, language });
      maybeFail('request-code', () => undefined);
    },
    async verifyCode(_id, code) {
      calls.push({ op: 'verify-code' });
      if (code !== CODE) throw graphError(136025, `Code ${code} is wrong`);
      maybeFail('verify-code', () => {
        number.codeVerified = true;
      });
    },
    async read() {
      calls.push({ op: 'read' });
      maybeFail('read', () => undefined);
      return { ...number, raw: { ...number } };
    },
  };
  return {
    api,
    number,
    calls,
    failures,
    journalAtCall,
    ops: () => calls.map((c) => c.op),
    posts: () => calls.filter((c) => c.op !== 'read').map((c) => c.op),
    follow: (id: string) => {
      flowId = id;
    },
  };
}

let clock = T0;
let slept: number[] = [];
let changes: FlowState[] = [];
beforeEach(() => {
  clock = T0;
  slept = [];
  changes = [];
});

function runnerFor(api: FlowApi) {
  let n = 0;
  return createFlowRunner({
    api,
    journal: flowJournal,
    audit: auditLog,
    now: () => clock,
    newId: () => `id-${++n}`,
    onChange: (s) => {
      changes.push(s);
    },
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
    },
  });
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; name?: string };
  }
  throw new Error('expected a rejection');
}

describe('the happy paths, with exact request bodies', () => {
  it.each([
    [
      'enable',
      { registered: false, storage: 'default' },
      'BR',
      { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: 'BR' },
    ],
    [
      'disable',
      { registered: false, storage: 'BR' },
      undefined,
      { status: 'IN_COUNTRY_STORAGE_DISABLED' },
    ],
  ] as const)('%s sends one settings POST and reads back', async (kind, initial, target, body) => {
    const meta = fakeMeta(initial);
    const flow = await runnerFor(meta.api).start(kind, { phoneNumberId: ID, target });
    expect(flow.phase).toBe('completed');
    expect(meta.ops()).toEqual(['read', 'set-storage', 'read']);
    expect(meta.calls[1]?.body).toEqual(body);
    expect(JSON.stringify(meta.calls[1]?.body)).toBe(JSON.stringify(body));
    const [audit] = await listAudit();
    expect(audit).toMatchObject({
      phoneNumberId: ID,
      action: 'set-storage',
      result: 'success',
      regionBefore: initial.storage,
      regionAfter: target ?? 'default',
      flowId: flow.id,
    });
  });

  it('registers with the PIN', async () => {
    const meta = fakeMeta({ registered: false, storage: 'BR' });
    const flow = await runnerFor(meta.api).start('register', { phoneNumberId: ID }, { pin: PIN });
    expect(flow.phase).toBe('completed');
    expect(meta.ops()).toEqual(['read', 'register', 'read']);
  });

  it('moves a registered number: deregister, settings, register, read back', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    const runner = runnerFor(meta.api);
    const flow = await runner.start('move', { phoneNumberId: ID, target: 'DE' }, { pin: PIN });
    expect(flow.phase).toBe('completed');
    expect(flow.confirmed).toMatchObject({ registered: true, storage: 'DE' });
    expect(meta.ops()).toEqual(['read', 'deregister', 'set-storage', 'register', 'read']);
    expect(meta.calls[2]?.body).toEqual({
      status: 'IN_COUNTRY_STORAGE_ENABLED',
      data_localization_region: 'DE',
    });
    expect((await getFlow(flow.id))?.phase).toBe('completed');
    expect((await listAudit()).map((e) => `${e.action}:${e.result}`)).toEqual([
      'deregister:success',
      'set-storage:success',
      'register:success',
    ]);
  });

  it('journals each step as running before the call is made', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    const runner = runnerFor(meta.api);
    // The id is the first one the runner makes.
    meta.follow('id-1');
    await runner.start('move', { phoneNumberId: ID, target: 'DE' }, { pin: PIN });
    const running = meta.journalAtCall.map(
      (s) => s?.steps.find((x) => x.status === 'running')?.name,
    );
    expect(running).toEqual(['deregister', 'set-storage', 'register']);
    // And every state the UI saw was in the journal form.
    expect(changes.at(-1)?.phase).toBe('completed');
  });

  it('moves to default storage with the disable body', async () => {
    const meta = fakeMeta({ registered: true, storage: 'IN' });
    const flow = await runnerFor(meta.api).start(
      'move',
      { phoneNumberId: ID, target: 'disabled' },
      { pin: PIN },
    );
    expect(flow.phase).toBe('completed');
    expect(meta.calls[2]?.body).toEqual({ status: 'IN_COUNTRY_STORAGE_DISABLED' });
  });
});

describe('input is checked before anything is sent', () => {
  it.each(['12345', '1234567', 'abcdef', '12 456', '١٢٣٤٥٦', '', '123456\n'])(
    'refuses the PIN %j',
    async (pin) => {
      const meta = fakeMeta({ registered: true, storage: 'default' });
      const runner = runnerFor(meta.api);
      const error = await rejection(
        runner.start('move', { phoneNumberId: ID, target: 'DE' }, { pin }),
      );
      expect(error).toMatchObject({ name: 'FlowValidationError', code: 'invalid-pin' });
      expect(meta.calls).toEqual([]);
      expect(await rejection(runner.provideRegistration('any', pin))).toMatchObject({
        code: 'invalid-pin',
      });
      expect(await rejection(runner.resume('any', { pin }))).toMatchObject({ code: 'invalid-pin' });
      expect(await rejection(runner.goBack('any', { pin }))).toMatchObject({ code: 'invalid-pin' });
      expect(meta.calls).toEqual([]);
    },
  );

  it('needs the PIN before a move starts (never deregisters without a way back)', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    const error = await rejection(
      runnerFor(meta.api).start('move', { phoneNumberId: ID, target: 'DE' }),
    );
    expect(error).toMatchObject({ code: 'pin-required' });
    expect(meta.calls).toEqual([]);
  });

  it.each(['12345', 'abcdef', '1234567'])('refuses the code %j', async (code) => {
    const meta = fakeMeta({ registered: false, storage: 'default' });
    const error = await rejection(runnerFor(meta.api).submitCode('any', code));
    expect(error).toMatchObject({ code: 'invalid-code' });
    expect(meta.calls).toEqual([]);
  });

  it.each([
    ['SMS', 'english', 'invalid-language'],
    ['FAX', 'en_US', 'invalid-method'],
  ])('refuses a code request by %s in %s', async (method, language, code) => {
    const meta = fakeMeta({ registered: false, storage: 'default' });
    const error = await rejection(
      runnerFor(meta.api).requestCode('any', method as 'SMS', language),
    );
    expect(error).toMatchObject({ code });
    expect(meta.calls).toEqual([]);
  });

  it.each([
    ['enable', { registered: true, storage: 'default' }, 'BR', 'number-registered'],
    ['move', { registered: false, storage: 'default' }, 'BR', 'number-not-registered'],
    ['move', { registered: true, storage: 'BR' }, 'BR', 'nothing-to-change'],
  ] as const)(
    'refuses %s of %j to %s (%s) after the read, sending nothing',
    async (kind, initial, target, code) => {
      const meta = fakeMeta(initial);
      const error = await rejection(
        runnerFor(meta.api).start(
          kind as FlowKind,
          { phoneNumberId: ID, target: target as FlowTarget },
          { pin: PIN },
        ),
      );
      expect(error).toMatchObject({ code });
      expect(meta.posts()).toEqual([]);
      expect(await flowJournal.activeFlowFor(ID)).toBeNull();
    },
  );

  it('refuses a second flow for a number while one is active', async () => {
    const meta = fakeMeta({ registered: false, storage: 'default' });
    const runner = runnerFor(meta.api);
    const first = await runner.start('register', { phoneNumberId: ID }); // waits for the PIN
    expect(first.phase).toBe('awaiting-pin');
    const error = await rejection(runner.start('enable', { phoneNumberId: ID, target: 'BR' }));
    expect(error).toMatchObject({ code: 'active-flow-exists', flowId: first.id });
    expect(meta.posts()).toEqual([]);
  });
});

describe('errors from Meta', () => {
  it('asks for the PIN before register when none was given, sending nothing', async () => {
    const meta = fakeMeta({ registered: false, storage: 'default' });
    const runner = runnerFor(meta.api);
    const flow = await runner.start('register', { phoneNumberId: ID });
    expect(flow.phase).toBe('awaiting-pin');
    expect(meta.posts()).toEqual([]);
    const done = await runner.provideRegistration(flow.id, PIN);
    expect(done.phase).toBe('completed');
    expect(meta.posts()).toEqual(['register']);
  });

  it('133005: asks for the PIN again, and only the register is repeated', async () => {
    const meta = fakeMeta({ registered: true, storage: 'BR' });
    const runner = runnerFor(meta.api);
    const flow = await runner.start(
      'move',
      { phoneNumberId: ID, target: 'IN' },
      { pin: WRONG_PIN },
    );
    expect(flow.phase).toBe('awaiting-pin');
    expect(isNumberOffline(flow)).toBe(true);
    const done = await runner.provideRegistration(flow.id, PIN);
    expect(done.phase).toBe('completed');
    expect(meta.posts()).toEqual(['deregister', 'set-storage', 'register', 'register']);
  });

  it('133008: no retry until the wait is over', async () => {
    const meta = fakeMeta({ registered: false, storage: 'BR' });
    meta.failures.push({ op: 'register', error: graphError(133008) });
    const runner = runnerFor(meta.api);
    const flow = await runner.start('register', { phoneNumberId: ID }, { pin: PIN });
    expect(flow).toMatchObject({ phase: 'failed', waitReason: 'pin-too-many' });
    expect(await rejection(runner.resume(flow.id, { pin: PIN }))).toMatchObject({
      code: 'cannot-resume',
    });
    expect(await rejection(runner.provideRegistration(flow.id, PIN))).toMatchObject({
      code: 'wrong-phase',
    });
    expect(meta.posts()).toEqual(['register']);
    clock = (flow.retryNotBefore ?? 0) + 1;
    expect((await runner.resume(flow.id, { pin: PIN })).phase).toBe('completed');
    expect(meta.posts()).toEqual(['register', 'register']);
  });

  it('133009: waits at least a minute', async () => {
    const meta = fakeMeta({ registered: false, storage: 'BR' });
    meta.failures.push({ op: 'register', error: graphError(133009) });
    const runner = runnerFor(meta.api);
    const flow = await runner.start('register', { phoneNumberId: ID }, { pin: PIN });
    expect(flow.retryNotBefore).toBe(T0 + 60_000);
    expect(await rejection(runner.resume(flow.id, { pin: PIN }))).toMatchObject({
      code: 'cannot-resume',
    });
  });

  it('133016: blocked for 72 hours, no resume and no go-back', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    meta.failures.push({ op: 'register', error: graphError(133016) });
    const runner = runnerFor(meta.api);
    const flow = await runner.start('move', { phoneNumberId: ID, target: 'DE' }, { pin: PIN });
    expect(flow).toMatchObject({ phase: 'failed', waitReason: 'register-limit' });
    expect(flow.retryNotBefore).toBe(T0 + REGISTRATION_WINDOW_MS);
    expect(await rejection(runner.resume(flow.id, { pin: PIN }))).toMatchObject({
      code: 'cannot-resume',
    });
    expect(await rejection(runner.goBack(flow.id, { pin: PIN }))).toMatchObject({
      code: 'cannot-go-back',
    });
    expect(meta.posts()).toEqual(['deregister', 'set-storage', 'register']);
  });

  it('133006: requests a code, verifies it, then registers where it stopped', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default', codeVerified: true });
    const runner = runnerFor(meta.api);
    meta.failures.push({ op: 'register', error: graphError(133006) });
    const flow = await runner.start('move', { phoneNumberId: ID, target: 'SG' }, { pin: PIN });
    expect(flow.phase).toBe('needs-verification');
    const asked = await runner.requestCode(flow.id, 'SMS', 'en_US');
    expect(asked.phase).toBe('awaiting-code');
    expect(meta.calls.at(-1)).toEqual({ op: 'request-code', method: 'SMS', language: 'en_US' });
    // Wrong code: still waiting for a code, nothing else sent.
    const wrong = await runner.submitCode(flow.id, '000000', { pin: PIN });
    expect(wrong.phase).toBe('awaiting-code');
    // Another code by voice.
    expect((await runner.requestCode(flow.id, 'VOICE', 'pt_BR')).phase).toBe('awaiting-code');
    const done = await runner.submitCode(flow.id, CODE, { pin: PIN });
    expect(done.phase).toBe('completed');
    expect(meta.posts()).toEqual([
      'deregister',
      'set-storage',
      'register',
      'request-code',
      'verify-code',
      'request-code',
      'verify-code',
      'register',
    ]);
  });

  it('an unverified number goes to verification before register is ever sent', async () => {
    const meta = fakeMeta({ registered: false, storage: 'default', codeVerified: false });
    const runner = runnerFor(meta.api);
    const flow = await runner.start('register', { phoneNumberId: ID }, { pin: PIN });
    expect(flow.phase).toBe('needs-verification');
    expect(meta.posts()).toEqual([]);
    expect(await rejection(runner.submitCode(flow.id, CODE))).toMatchObject({
      code: 'wrong-phase',
    });
    await runner.requestCode(flow.id, 'SMS', 'en_US');
    const waiting = await runner.submitCode(flow.id, CODE); // no PIN given here
    expect(waiting.phase).toBe('awaiting-pin');
    expect((await runner.provideRegistration(flow.id, PIN)).phase).toBe('completed');
    expect(meta.posts()).toEqual(['request-code', 'verify-code', 'register']);
  });

  it('133000: deregisters again first, on resume only', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    meta.failures.push({ op: 'register', error: graphError(133000) });
    const runner = runnerFor(meta.api);
    const flow = await runner.start('move', { phoneNumberId: ID, target: 'DE' }, { pin: PIN });
    expect(flow).toMatchObject({ phase: 'failed', hint: 'deregister-again' });
    expect(meta.posts()).toEqual(['deregister', 'set-storage', 'register']);
    const done = await runner.resume(flow.id, { pin: PIN });
    expect(done.phase).toBe('completed');
    expect(meta.posts()).toEqual([
      'deregister',
      'set-storage',
      'register',
      'deregister',
      'register',
    ]);
  });

  it('code 100 on settings while registered: failed with the move offered, no resume', async () => {
    const meta = fakeMeta({ registered: false, storage: 'default' });
    const runner = runnerFor(meta.api);
    // Registered by someone else between the read and the POST.
    const read = meta.api.read;
    meta.api.read = async (id) => {
      const r = await read(id);
      meta.number.registered = true;
      return { ...r, registered: false };
    };
    const flow = await runner.start('enable', { phoneNumberId: ID, target: 'BR' });
    expect(flow).toMatchObject({ phase: 'failed', hint: 'offer-move' });
    expect(flow.error?.code).toBe(100);
    expect(await rejection(runner.resume(flow.id))).toMatchObject({ code: 'cannot-resume' });
  });

  it('the read-back must show the change, or the flow fails', async () => {
    const meta = fakeMeta({ registered: false, storage: 'default' });
    meta.api.setStorage = async () => {
      meta.calls.push({ op: 'set-storage' }); // Meta says success but nothing changes
    };
    const flow = await runnerFor(meta.api).start('enable', { phoneNumberId: ID, target: 'BR' });
    expect(flow.phase).toBe('failed');
    expect(flow.error?.category).toBe('read-back-mismatch');
  });
});

describe('no POST is ever sent twice without resume and a read', () => {
  const cases = [
    ['deregister', networkError],
    ['set-storage', networkError],
    ['register', networkError],
    ['deregister', timeoutError],
    ['set-storage', http503],
    ['register', () => new GraphError({ kind: 'graph', code: 2, httpStatus: 500, message: 'x' })],
  ] as const;

  it.each(
    cases.flatMap(
      ([op, make]) =>
        [
          [op, make().kind, make, true],
          [op, make().kind, make, false],
        ] as const,
    ),
  )('%s fails with %s (applied by Meta: %s)', async (op, _kind, make, applied) => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    meta.failures.push({ op, error: make(), applied });
    const runner = runnerFor(meta.api);
    const flow = await runner.start('move', { phoneNumberId: ID, target: 'DE' }, { pin: PIN });
    expect(flow.phase).toBe('interrupted');
    expect(flow.steps.find((s) => s.name === op)?.status).toBe('unknown');
    const audit = await listAudit();
    expect(audit.at(-1)).toMatchObject({ action: op, result: 'unknown' });
    const postsBefore = meta.posts();
    expect(postsBefore.at(-1)).toBe(op);

    const done = await runner.resume(flow.id, { pin: PIN });
    expect(done.phase).toBe('completed');
    // The first call on resume is a read, after the in-flight grace period.
    expect(meta.calls[meta.calls.length - meta.posts().length + postsBefore.length]?.op).toBe(
      'read',
    );
    expect(slept).toEqual([20_000]);
    const sent = meta.posts().filter((p) => p === op).length;
    expect(sent).toBe(applied ? 1 : 2);
  });

  it('a failed reconcile read sends nothing and stays interrupted', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    meta.failures.push({ op: 'set-storage', error: networkError() });
    const runner = runnerFor(meta.api);
    const flow = await runner.start('move', { phoneNumberId: ID, target: 'DE' }, { pin: PIN });
    meta.failures.push({ op: 'read', error: networkError() });
    const again = await runner.resume(flow.id, { pin: PIN });
    expect(again.phase).toBe('interrupted');
    expect(again.steps[1]?.status).toBe('unknown');
    expect(meta.posts()).toEqual(['deregister', 'set-storage']);
  });

  it('only one run per flow at a time', async () => {
    const meta = fakeMeta({ registered: false, storage: 'default' });
    const runner = runnerFor(meta.api);
    const flow = await runner.start('register', { phoneNumberId: ID });
    let release: () => void = () => undefined;
    const register = meta.api.register;
    meta.api.register = async (id, pin) => {
      await new Promise<void>((r) => {
        release = r;
      });
      return register(id, pin);
    };
    const first = runner.provideRegistration(flow.id, PIN);
    await new Promise((r) => setTimeout(r, 20));
    expect(runner.isRunning(flow.id)).toBe(true);
    expect(await rejection(runner.provideRegistration(flow.id, PIN))).toMatchObject({
      code: 'busy',
    });
    expect(await rejection(runner.resume(flow.id, { pin: PIN }))).toMatchObject({ code: 'busy' });
    release();
    expect((await first).phase).toBe('completed');
    expect(meta.posts()).toEqual(['register']);
  });
});

describe('recovery after the worker died mid-call', () => {
  const observe = {
    deregister: { applied: { registered: false }, notApplied: { registered: true } },
    'set-storage': {
      applied: { registered: false, storage: 'DE' },
      notApplied: { registered: false, storage: 'default' },
    },
    register: {
      applied: { registered: false, storage: 'DE' },
      notApplied: { registered: false, storage: 'DE' },
    },
  } as const;

  it.each([
    ['deregister', true],
    ['deregister', false],
    ['set-storage', true],
    ['set-storage', false],
    ['register', true],
    ['register', false],
  ] as const)('a %s cut off (applied: %s) is read first, then finished', async (name, applied) => {
    // The journal as a killed worker left it: the step 'running'.
    let state = planFlow('move', {
      id: 'crashed',
      phoneNumberId: ID,
      target: 'DE',
      before: { storage: 'default', registered: true },
      now: T0,
    });
    while (state.steps.find((s) => s.status !== 'done')?.name !== name) {
      state = stepSucceeded(stepStarted(state, T0), T0);
    }
    await save(stepStarted(state, T0 + 1));

    const meta = fakeMeta({ registered: true, storage: 'default' });
    Object.assign(meta.number, observe[name][applied ? 'applied' : 'notApplied']);
    if (name === 'register' && applied) meta.number.registered = true;

    const [recovered] = await recoverAll(T0 + 2);
    expect(recovered?.phase).toBe('interrupted');
    expect(recovered?.steps.find((s) => s.name === name)?.status).toBe('unknown');

    clock = T0 + 60_000; // later than the grace period: no wait
    const runner = runnerFor(meta.api);
    const done = await runner.resume('crashed', { pin: PIN });
    expect(done.phase).toBe('completed');
    expect(meta.ops()[0]).toBe('read');
    expect(slept).toEqual([]);
    expect(meta.posts().filter((p) => p === name).length).toBe(applied ? 0 : 1);
  });
});

describe('going back and abandoning', () => {
  it('goes back after a stopped move: previous storage, registered again', async () => {
    const meta = fakeMeta({ registered: true, storage: 'GB' });
    meta.failures.push({ op: 'register', error: graphError(131031) });
    const runner = runnerFor(meta.api);
    const flow = await runner.start('move', { phoneNumberId: ID, target: 'DE' }, { pin: PIN });
    expect(flow.phase).toBe('failed');
    expect(isNumberOffline(flow)).toBe(true);
    const back = await runner.goBack(flow.id, { pin: PIN });
    expect(back.phase).toBe('completed');
    expect(back.goBack?.target).toBe('GB');
    expect(meta.number).toMatchObject({ registered: true, storage: 'GB' });
    expect(meta.calls.filter((c) => c.op === 'set-storage').map((c) => c.body)).toEqual([
      { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: 'DE' },
      { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: 'GB' },
    ]);
    const audit = await listAudit();
    expect(audit.filter((e) => e.action === 'set-storage').at(-1)).toMatchObject({
      regionBefore: 'DE',
      regionAfter: 'GB',
    });
  });

  it('refuses to go back when the 72-hour budget has no register left', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    meta.failures.push({ op: 'register', error: graphError(190) });
    const runner = runnerFor(meta.api);
    const flow = await runner.start('move', { phoneNumberId: ID, target: 'DE' }, { pin: PIN });
    for (let i = 0; i < 8; i++) {
      await auditLog.append({
        phoneNumberId: ID,
        action: 'register',
        result: 'error',
        at: new Date(T0).toISOString(),
      });
    }
    expect(await rejection(runner.goBack(flow.id, { pin: PIN }))).toMatchObject({
      code: 'registration-limit',
    });
  });

  it('abandons only with an explicit acknowledgement while the number is offline', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    meta.failures.push({ op: 'set-storage', error: graphError(131009) });
    const runner = runnerFor(meta.api);
    const flow = await runner.start('move', { phoneNumberId: ID, target: 'DE' }, { pin: PIN });
    expect(await rejection(runner.abandon(flow.id))).toMatchObject({
      code: 'offline-not-acknowledged',
    });
    const gone = await runner.abandon(flow.id, { acknowledgeOffline: true });
    expect(gone.phase).toBe('abandoned');
    expect(await flowJournal.activeFlowFor(ID)).toBeNull();
    expect(meta.posts()).toEqual(['deregister', 'set-storage']);
  });
});

describe('the 10-per-72-hours budget', () => {
  const fill = async (count: number, at: number) => {
    for (let i = 0; i < count; i++) {
      await auditLog.append({
        phoneNumberId: ID,
        action: i % 2 ? 'register' : 'deregister',
        result: 'success',
        at: new Date(at).toISOString(),
      });
    }
  };

  it('refuses a move when deregister and register would not both fit', async () => {
    await fill(9, T0 - 3_600_000);
    const meta = fakeMeta({ registered: true, storage: 'default' });
    const error = await rejection(
      runnerFor(meta.api).start('move', { phoneNumberId: ID, target: 'DE' }, { pin: PIN }),
    );
    expect(error).toMatchObject({ code: 'registration-limit' });
    expect(meta.posts()).toEqual([]);
  });

  it('allows it with 8 used, and ignores calls older than 72 hours', async () => {
    await fill(8, T0 - 3_600_000);
    await fill(5, T0 - REGISTRATION_WINDOW_MS - 1);
    const meta = fakeMeta({ registered: true, storage: 'default' });
    const flow = await runnerFor(meta.api).start(
      'move',
      { phoneNumberId: ID, target: 'DE' },
      { pin: PIN },
    );
    expect(flow.phase).toBe('completed');
  });

  it('stops before a register that would go over the limit, without sending it', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    const runner = runnerFor(meta.api);
    const flow = await runner.start(
      'move',
      { phoneNumberId: ID, target: 'DE' },
      { pin: WRONG_PIN },
    );
    expect(flow.phase).toBe('awaiting-pin');
    await fill(8, T0); // 2 used by the flow + 8 elsewhere = 10
    const stopped = await runner.provideRegistration(flow.id, PIN);
    expect(stopped).toMatchObject({ phase: 'failed', waitReason: 'register-limit' });
    expect(meta.posts()).toEqual(['deregister', 'set-storage', 'register']);
  });
});

describe('secrets never reach storage', () => {
  it('a PIN and a code given to the runner appear nowhere in storage or in any state', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    meta.failures.push({ op: 'register', error: graphError(133006) });
    const runner = runnerFor(meta.api);
    const flow = await runner.start(
      'move',
      { phoneNumberId: ID, target: 'DE' },
      { pin: WRONG_PIN },
    );
    // Meta's message echoed the wrong PIN; it must have been scrubbed.
    expect(flow.phase).toBe('awaiting-pin');
    await runner.provideRegistration(flow.id, PIN); // → 133006
    await runner.requestCode(flow.id, 'SMS', 'en_US');
    await runner.submitCode(flow.id, '999999', { pin: PIN }); // wrong code, echoed by Meta
    const done = await runner.submitCode(flow.id, CODE, { pin: PIN });
    expect(done.phase).toBe('completed');

    const everything = JSON.stringify({
      storage: await fakeBrowser.storage.local.get(null),
      sync: await fakeBrowser.storage.sync.get(null),
      session: await fakeBrowser.storage.session.get(null),
      changes,
      audit: (await listAudit()) satisfies AuditEntry[],
    });
    expect(everything).toContain('deregister'); // the check looks at real content
    for (const secret of [PIN, WRONG_PIN, CODE, '999999']) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).toContain('[redacted]');
  });
});
