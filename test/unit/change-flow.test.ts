import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  type AuditEntry,
  type AuditRecord,
  csvCell,
  isTrim,
  registrationCallsSince,
  toCsv,
  verifyChain,
} from '@/utils/audit';
import { appendToChain, chainEntries } from '@/utils/audit/chain';
import { journal } from '@/utils/change-flow/journal';
import {
  canDismiss,
  canResume,
  type FlowState,
  isNumberOffline,
  type Observed,
  planFlow,
  reconcile,
  recoverAfterRestart,
  stepFailed,
  stepStarted,
  stepSucceeded,
} from '@/utils/change-flow/machine';
import { createFlowRunner, type FlowApi, type RunnerDeps } from '@/utils/change-flow/runner';
import { GraphError, type SerializedGraphError } from '@/utils/graph/errors';

const PIN = '246810';
const graphError = (code: number, category: string): SerializedGraphError => ({
  kind: 'graph',
  category,
  message: `error ${code}`,
  code,
  fbtraceId: `trace-${code}`,
  isTransient: false,
});
const networkError: SerializedGraphError = {
  kind: 'network',
  category: 'network',
  message: 'reset',
  isTransient: true,
};

const move = (): FlowState =>
  planFlow({
    id: 'f1',
    kind: 'move',
    phoneNumberId: '1',
    target: 'DE',
    before: { storage: 'default', registered: true },
    now: 0,
  });

describe('the flow machine', () => {
  it('plans the guided move as deregister, set storage, register, read back', () => {
    expect(move().steps.map((s) => s.name)).toEqual([
      'deregister',
      'set-storage',
      'register',
      'read-back',
    ]);
  });

  it('completes when every step succeeds, and knows when the number is offline', () => {
    let s = move();
    s = stepSucceeded(stepStarted(s, 0, 1), 0, 2);
    expect(isNumberOffline(s)).toBe(true);
    for (const i of [1, 2, 3]) s = stepSucceeded(stepStarted(s, i, i), i, i);
    expect(s.phase).toBe('completed');
    expect(isNumberOffline(s)).toBe(false);
  });

  it.each([
    [graphError(133005, 'pin-mismatch'), 'awaiting-pin', 'pending', true],
    [graphError(133006, 'needs-verification'), 'needs-verification', 'pending', true],
    [graphError(133008, 'pin-too-many'), 'failed', 'failed', true],
    [graphError(133009, 'pin-too-fast'), 'failed', 'failed', true],
    [graphError(133016, 'register-limit'), 'failed', 'failed', false],
    [graphError(100, 'invalid-parameter'), 'failed', 'failed', true],
    [networkError, 'interrupted', 'unknown', true],
    [
      { ...networkError, kind: 'timeout', category: 'timeout' } as SerializedGraphError,
      'interrupted',
      'unknown',
      true,
    ],
    [
      {
        kind: 'http',
        category: 'server',
        message: '503',
        isTransient: true,
      } as SerializedGraphError,
      'interrupted',
      'unknown',
      true,
    ],
  ] as const)(
    'on %j during register: phase %s, step %s, retryable %s',
    (error, phase, stepStatus, retryable) => {
      const s = stepFailed(stepStarted(move(), 2, 1), 2, error, 2);
      expect(s.phase).toBe(phase);
      expect(s.steps[2]?.status).toBe(stepStatus);
      expect(s.retryable).toBe(retryable);
      expect(s.error?.code).toBe(error.code);
    },
  );

  it('deregisters again first when Meta says an earlier deregistration failed (133000)', () => {
    const s = stepFailed(stepStarted(move(), 1, 1), 1, graphError(133000, 'deregister-failed'), 2);
    expect(s.steps.map((x) => `${x.name}:${x.status}`)).toEqual([
      'deregister:pending',
      'deregister:pending',
      'set-storage:pending',
      'register:pending',
      'read-back:pending',
    ]);
  });

  it.each([
    graphError(133010, 'not-registered'),
    { ...graphError(100, 'invalid-parameter'), subcode: 2207051 },
  ])(
    'leaves a deregister Meta answers with "not registered" (%j) unknown until a read',
    (error) => {
      const s = stepFailed(stepStarted(move(), 0, 1), 0, error, 2);
      expect(s.steps[0]?.status).toBe('unknown');
      expect(s.phase).toBe('interrupted');
      expect(reconcile(s, { registered: false, storage: 'default' }, 3).steps[0]?.status).toBe(
        'done',
      );
      expect(reconcile(s, { registered: true, storage: 'default' }, 3).steps[0]?.status).toBe(
        'pending',
      );
      // Elsewhere 133010 is a refusal like any other.
      const r = stepFailed(stepStarted(move(), 2, 1), 2, graphError(133010, 'not-registered'), 2);
      expect(r.steps[2]?.status).toBe('failed');
    },
  );

  it.each<[string, SerializedGraphError]>([
    [
      "a 5xx with Meta's body",
      { ...graphError(1, 'transient'), httpStatus: 500, isTransient: true },
    ],
    ['an error Meta marks transient', { ...graphError(131000, 'transient'), isTransient: true }],
    ['code 2', { ...graphError(2, 'transient'), isTransient: false }],
    [
      'a 200 whose body does not parse',
      {
        kind: 'malformed',
        category: 'malformed',
        message: 'x',
        httpStatus: 200,
        isTransient: false,
      },
    ],
    [
      'a 502 without a body',
      { kind: 'http', category: 'server', message: 'x', httpStatus: 502, isTransient: true },
    ],
  ])('counts %s at register as unknown, not failed', (_name, error) => {
    const s = stepFailed(stepStarted(move(), 2, 1), 2, error, 2);
    expect(s.steps[2]?.status).toBe('unknown');
    expect(s.phase).toBe('interrupted');
  });

  it.each([0, 1, 2])(
    'after a crash during step %i the step is unknown, then settled by a read',
    (index) => {
      let s = move();
      for (let i = 0; i < index; i++) s = stepSucceeded(stepStarted(s, i, i), i, i);
      s = recoverAfterRestart(stepStarted(s, index, 5), 6);
      expect(s.phase).toBe('interrupted');
      expect(s.steps[index]?.status).toBe('unknown');
      const applied: Observed[] = [
        { registered: false, storage: 'default' },
        { registered: false, storage: 'DE' },
        { registered: true, storage: 'DE' },
      ];
      const notApplied: Observed[] = [
        { registered: true, storage: 'default' },
        { registered: false, storage: 'default' },
        { registered: false, storage: 'DE' },
      ];
      expect(reconcile(s, applied[index] as Observed, 7).steps[index]?.status).toBe('done');
      expect(reconcile(s, notApplied[index] as Observed, 7).steps[index]?.status).toBe('pending');
    },
  );
});

function fakeMeta(initial: Observed) {
  const calls: string[] = [];
  const state = { ...initial, verified: true };
  const failures: Array<{ on: string; error: unknown; applied?: boolean }> = [];
  const maybeFail = (on: string, apply: () => void) => {
    const i = failures.findIndex((f) => f.on === on);
    if (i >= 0) {
      const [f] = failures.splice(i, 1);
      if (f?.applied) apply();
      throw f?.error;
    }
    apply();
  };
  // Like Meta, every accepted call answers with a trace ID (here: the call's number).
  const receipt = () => ({ traceId: `trace-${calls.length}` });
  const api: FlowApi = {
    deregister: async () => {
      calls.push('deregister');
      maybeFail('deregister', () => {
        state.registered = false;
      });
      return receipt();
    },
    setStorage: async (_id, target) => {
      calls.push(`set-storage:${target}`);
      maybeFail('set-storage', () => {
        state.storage = target;
      });
      return receipt();
    },
    register: async (_id, pin) => {
      calls.push(`register:${pin === PIN ? 'right' : 'wrong'}`);
      if (pin !== PIN) throw GraphError.fromJSON(graphError(133005, 'pin-mismatch'));
      maybeFail('register', () => {
        state.registered = true;
      });
      return receipt();
    },
    requestCode: async () => {
      calls.push('request-code');
      return receipt();
    },
    verifyCode: async () => {
      calls.push('verify-code');
      return receipt();
    },
    read: async () => ({
      registered: state.registered,
      storage: state.storage,
      displayPhoneNumber: '+1 555',
    }),
  };
  return { api, calls, state, failures, GraphError };
}

function runnerFor(api: FlowApi, audit: AuditEntry[] = [], extra: Partial<RunnerDeps> = {}) {
  let n = 0;
  return createFlowRunner({
    api,
    journal,
    audit: async (e) => {
      audit.push(e);
    },
    now: () => 1_000_000 + n,
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    onChange: () => undefined,
    sleep: async () => undefined,
    ...extra,
  });
}

describe('the flow runner', () => {
  it('moves a registered number and journals it as completed', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    const flow = await runnerFor(meta.api).start(
      { kind: 'move', phoneNumberId: '1', target: 'DE' },
      PIN,
    );
    expect(flow.phase).toBe('completed');
    expect(meta.calls).toEqual(['deregister', 'set-storage:DE', 'register:right']);
    expect((await journal.get(flow.id))?.phase).toBe('completed');
  });

  it('asks again after a wrong PIN, and registers with the right one', async () => {
    const meta = fakeMeta({ registered: true, storage: 'BR' });
    const runner = runnerFor(meta.api);
    const flow = await runner.start({ kind: 'move', phoneNumberId: '1', target: 'IN' }, '111111');
    expect(flow.phase).toBe('awaiting-pin');
    expect(isNumberOffline(flow)).toBe(true);
    // A change that left the number offline cannot be closed, only finished.
    await expect(runner.dismiss(flow.id)).rejects.toThrow(/finish it first/);
    const done = await runner.resume(flow.id, PIN);
    expect(done.phase).toBe('completed');
    expect(meta.calls).toEqual([
      'deregister',
      'set-storage:IN',
      'register:wrong',
      'register:right',
    ]);
  });

  it('never re-sends a POST whose outcome is unknown without reading first', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    meta.failures.push({
      on: 'set-storage',
      error: new meta.GraphError({ kind: 'network', message: 'reset' }),
      applied: true,
    });
    const runner = runnerFor(meta.api);
    const flow = await runner.start({ kind: 'move', phoneNumberId: '1', target: 'DE' }, PIN);
    expect(flow.phase).toBe('interrupted');
    const done = await runner.resume(flow.id, PIN);
    expect(done.phase).toBe('completed');
    // The setting had reached Meta: it is not sent a second time.
    expect(meta.calls.filter((c) => c.startsWith('set-storage'))).toHaveLength(1);
  });

  it('stops on the 72-hour limit and offers no retry', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    meta.failures.push({
      on: 'deregister',
      error: meta.GraphError.fromJSON(graphError(133016, 'register-limit')),
    });
    const runner = runnerFor(meta.api);
    const flow = await runner.start({ kind: 'move', phoneNumberId: '1', target: 'DE' }, PIN);
    expect(flow).toMatchObject({ phase: 'failed', retryable: false });
    await expect(runner.resume(flow.id, PIN)).rejects.toThrow(/cannot help/);
    expect(meta.calls).toEqual(['deregister']);
    // The number was never deregistered: the person may close the change.
    expect((await runner.dismiss(flow.id)).dismissedAt).toBeDefined();
    expect(await journal.activeFor('1')).toBeNull();
  });

  it("audits each call with Meta's trace ID and the storage the number had at that moment", async () => {
    const meta = fakeMeta({ registered: true, storage: 'IN' });
    const audit: AuditEntry[] = [];
    const runner = runnerFor(meta.api, audit);
    const flow = await runner.start({ kind: 'move', phoneNumberId: '1', target: 'AU' }, '000000');
    await runner.resume(flow.id, PIN);
    expect(
      audit.map((e) => [e.action, e.regionBefore, e.regionAfter, e.result, e.fbtraceId]),
    ).toEqual([
      ['deregister', 'IN', undefined, 'success', 'trace-1'],
      ['set-storage', 'IN', 'AU', 'success', 'trace-2'],
      // Meta's error trace for the refused PIN; by then the number already had AU storage.
      ['register', 'AU', undefined, 'error', 'trace-133005'],
      ['register', 'AU', undefined, 'success', 'trace-4'],
    ]);
  });

  it('refuses a malformed PIN without calling Meta, and never stores the PIN', async () => {
    const meta = fakeMeta({ registered: false, storage: 'default' });
    const runner = runnerFor(meta.api);
    await expect(runner.start({ kind: 'register', phoneNumberId: '1' }, '12ab56')).rejects.toThrow(
      /six digits/,
    );
    expect(meta.calls).toEqual([]);
    const audit: AuditEntry[] = [];
    await runnerFor(meta.api, audit).start({ kind: 'register', phoneNumberId: '2' }, PIN);
    const everything = JSON.stringify([await fakeBrowser.storage.local.get(null), audit]);
    expect(everything).not.toContain(PIN);
  });

  it('goes back: restores the previous setting, registers again, and retires the first flow', async () => {
    const meta = fakeMeta({ registered: true, storage: 'BR' });
    const runner = runnerFor(meta.api);
    const flow = await runner.start({ kind: 'move', phoneNumberId: '1', target: 'DE' }, '111111');
    expect(flow.phase).toBe('awaiting-pin');
    const revert = await runner.goBack(flow.id, PIN);
    expect(revert).toMatchObject({ kind: 'revert', target: 'BR', phase: 'completed' });
    expect(meta.calls.slice(-2)).toEqual(['set-storage:BR', 'register:right']);
    expect(await journal.activeFor('1')).toBeNull();
    await expect(runner.goBack(flow.id, PIN)).rejects.toThrow(/not possible/);
  });

  it('keeps a "go back" stopped by a wrong PIN marked offline: it cannot be closed, only finished', async () => {
    const meta = fakeMeta({ registered: true, storage: 'BR' });
    const runner = runnerFor(meta.api);
    const flow = await runner.start({ kind: 'move', phoneNumberId: '1', target: 'DE' }, '111111');
    const revert = await runner.goBack(flow.id, '222222');
    expect(revert).toMatchObject({ kind: 'revert', phase: 'awaiting-pin' });
    expect(isNumberOffline(revert)).toBe(true);
    expect(canDismiss(revert)).toBe(false);
    await expect(runner.dismiss(revert.id)).rejects.toThrow(/finish it first/);
    expect((await runner.resume(revert.id, PIN)).phase).toBe('completed');
  });

  it('registers a number without asking for a code first, and verifies only when Meta answers 133006', async () => {
    // Meta's code_verification_status (NOT_VERIFIED, EXPIRED) is no reason to ask for a code.
    const meta = fakeMeta({ registered: false, storage: 'default' });
    const runner = runnerFor(meta.api);
    expect((await runner.start({ kind: 'register', phoneNumberId: '1' }, PIN)).phase).toBe(
      'completed',
    );
    expect(meta.calls).toEqual(['register:right']);

    const other = fakeMeta({ registered: false, storage: 'default' });
    other.failures.push({
      on: 'register',
      error: GraphError.fromJSON(graphError(133006, 'needs-verification')),
    });
    const second = runnerFor(other.api);
    const flow = await second.start({ kind: 'register', phoneNumberId: '2' }, PIN);
    expect(flow.phase).toBe('needs-verification');
    await second.requestCode(flow.id, 'SMS', 'en_US');
    const done = await second.verifyCode(flow.id, '123456', PIN);
    expect(done.phase).toBe('completed');
    expect(other.calls).toEqual([
      'register:right',
      'request-code',
      'verify-code',
      'register:right',
    ]);
  });

  it('refuses a move that would need more register/deregister calls than the 72-hour limit leaves', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    const runner = runnerFor(meta.api, [], { registrationCallsSeen: async () => 9 });
    await expect(
      runner.start({ kind: 'move', phoneNumberId: '1', target: 'DE' }, PIN),
    ).rejects.toMatchObject({
      category: 'register-budget',
    });
    expect(meta.calls).toEqual([]);
    // Changing storage of an unregistered number uses no such call and is still allowed.
    meta.state.registered = false;
    await expect(
      runner.start({ kind: 'enable', phoneNumberId: '2', target: 'DE' }),
    ).resolves.toBeDefined();
  });

  it.each(['enable', 'disable'] as const)(
    'sends nothing for %s once the number is registered, and points to the guided move',
    async (kind) => {
      const meta = fakeMeta({ registered: true, storage: 'BR' });
      const runner = runnerFor(meta.api);
      const target = kind === 'enable' ? 'DE' : undefined;
      await expect(runner.start({ kind, phoneNumberId: '1', target })).rejects.toMatchObject({
        category: 'registered-use-move',
      });
      expect(meta.calls).toEqual([]);
      expect(await journal.activeFor('1')).toBeNull();
    },
  );

  it('after 133000 deregisters again, and carries on when Meta says it is not registered', async () => {
    const meta = fakeMeta({ registered: true, storage: 'IN' });
    meta.failures.push({
      on: 'register',
      error: GraphError.fromJSON(graphError(133000, 'deregister-failed')),
    });
    const api: FlowApi = {
      ...meta.api,
      // Already unregistered: Meta answers 133010.
      deregister: async (id) => {
        if (meta.state.registered) return meta.api.deregister(id);
        meta.calls.push('deregister:not-registered');
        throw GraphError.fromJSON(graphError(133010, 'not-registered'));
      },
    };
    const runner = runnerFor(api);
    const flow = await runner.start({ kind: 'move', phoneNumberId: '1', target: 'SG' }, PIN);
    expect(flow.phase).toBe('failed');
    const done = await runner.resume(flow.id, PIN);
    expect(done.phase).toBe('completed');
    expect(meta.calls).toEqual([
      'deregister',
      'set-storage:SG',
      'register:right',
      'deregister:not-registered',
      'register:right',
    ]);
  });

  it('keeps Resume after too many PIN guesses (133008), refusing it until the time Meta named', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    const retryAt = 1_000_000 + 3_600_000;
    meta.failures.push({
      on: 'register',
      error: GraphError.fromJSON({ ...graphError(133008, 'pin-too-many'), retryAt }),
    });
    let now = 1_000_000;
    const runner = runnerFor(meta.api, [], { now: () => now });
    const flow = await runner.start({ kind: 'move', phoneNumberId: '1', target: 'DE' }, PIN);
    expect(flow).toMatchObject({ phase: 'failed', error: { retryAt } });
    expect(isNumberOffline(flow)).toBe(true);
    expect(canResume(flow)).toBe(true);
    await expect(runner.resume(flow.id, PIN)).rejects.toMatchObject({
      category: 'pin-too-many',
      retryAt,
    });
    expect(meta.calls.filter((c) => c.startsWith('register'))).toHaveLength(1);
    now = retryAt + 1;
    expect((await runner.resume(flow.id, PIN)).phase).toBe('completed');
  });

  it('does not resume a stopped change that left the number as it was (133016 at deregister)', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    meta.failures.push({
      on: 'deregister',
      error: GraphError.fromJSON(graphError(133016, 'register-limit')),
    });
    const runner = runnerFor(meta.api);
    const flow = await runner.start({ kind: 'move', phoneNumberId: '1', target: 'DE' }, PIN);
    expect(flow).toMatchObject({ phase: 'failed', retryable: false });
    expect(canResume(flow)).toBe(false);
    await expect(runner.resume(flow.id, PIN)).rejects.toThrow(/cannot help/);
    expect(meta.calls).toEqual(['deregister']);
  });

  it('tells the background after each call that changed the number, not after the read-back', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    const changed: string[] = [];
    const runner = runnerFor(meta.api, [], {
      onNumberChanged: (state) =>
        changed.push(state.steps.filter((s) => s.status === 'done').at(-1)?.name ?? ''),
    });
    await runner.start({ kind: 'move', phoneNumberId: '1', target: 'DE' }, PIN);
    expect(changed).toEqual(['deregister', 'set-storage', 'register']);
  });

  it('refuses a second change of a number while one is unfinished', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    const runner = runnerFor(meta.api);
    await runner.start({ kind: 'move', phoneNumberId: '1', target: 'DE' }, '000000');
    await expect(
      runner.start({ kind: 'move', phoneNumberId: '1', target: 'JP' }, PIN),
    ).rejects.toThrow(/unfinished/);
  });
});

describe("one change per number, and Meta's real behaviour", () => {
  it('refuses a second action on a number while one runs, instead of queueing it', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    const runner = runnerFor(meta.api);
    const input = { kind: 'move' as const, phoneNumberId: '1', target: 'DE' };
    const [first, second] = await Promise.allSettled([
      runner.start(input, PIN),
      runner.start({ ...input, target: 'BR' }, PIN),
    ]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { phase: 'completed' } });
    expect(second).toMatchObject({ status: 'rejected', reason: { category: 'number-busy' } });
    expect(meta.calls).toEqual(['deregister', 'set-storage:DE', 'register:right']);
  });

  it.each(['dismissed', 'completed'] as const)(
    'sends nothing for a code on a %s change',
    async (how) => {
      const meta = fakeMeta({ registered: false, storage: 'default' });
      meta.failures.push({
        on: 'register',
        error: GraphError.fromJSON(graphError(133006, 'needs-verification')),
      });
      const runner = runnerFor(meta.api);
      const flow = await runner.start({ kind: 'register', phoneNumberId: '1' }, PIN);
      if (how === 'dismissed') await runner.dismiss(flow.id);
      else await runner.verifyCode(flow.id, '123456', PIN);
      const before = [...meta.calls];
      await expect(runner.verifyCode(flow.id, '123456', PIN)).rejects.toMatchObject({
        category: 'not-awaiting-code',
      });
      await expect(runner.requestCode(flow.id, 'SMS', 'en_US')).rejects.toMatchObject({
        category: 'not-awaiting-code',
      });
      expect(meta.calls).toEqual(before);
      expect(await journal.activeFor('1')).toBeNull();
    },
  );

  it.each<[string, { kind: string; target?: string }, boolean, string]>([
    ['a "go back" started directly', { kind: 'revert', target: 'DE' }, false, 'wrong-kind'],
    ['a region outside the 14', { kind: 'enable', target: 'US' }, false, 'invalid-input'],
    ['enable without a region', { kind: 'enable' }, false, 'invalid-input'],
    ['enable of default storage', { kind: 'enable', target: 'default' }, false, 'invalid-input'],
    ['disable with a region', { kind: 'disable', target: 'DE' }, false, 'invalid-input'],
    ['a move without a target', { kind: 'move' }, true, 'invalid-input'],
    ['register with a target', { kind: 'register', target: 'DE' }, false, 'invalid-input'],
    ['register of a registered number', { kind: 'register' }, true, 'wrong-kind'],
    ['a move of an unregistered number', { kind: 'move', target: 'DE' }, false, 'wrong-kind'],
  ])('refuses %s before sending anything', async (_name, input, registered, category) => {
    const meta = fakeMeta({ registered, storage: 'default' });
    await expect(
      runnerFor(meta.api).start({ phoneNumberId: '1', ...input } as never, PIN),
    ).rejects.toMatchObject({ category });
    expect(meta.calls).toEqual([]);
    expect(await journal.activeFor('1')).toBeNull();
  });

  it('waits for Meta to report a register late, without sending it again', async () => {
    const meta = fakeMeta({ registered: false, storage: 'default' });
    let staleReads = 2;
    const slept: number[] = [];
    const checks: unknown[] = [];
    const api: FlowApi = {
      ...meta.api,
      read: async (id) => {
        const fresh = await meta.api.read(id);
        return meta.state.registered && staleReads-- > 0 ? { ...fresh, registered: false } : fresh;
      },
    };
    const runner = runnerFor(api, [], {
      sleep: async (ms) => {
        slept.push(ms);
      },
      onChange: (s) => {
        const check = s.steps.find((x) => x.check)?.check;
        if (check) checks.push(check);
      },
    });
    const flow = await runner.start({ kind: 'register', phoneNumberId: '1' }, PIN);
    expect(flow.phase).toBe('completed');
    expect(meta.calls).toEqual(['register:right']);
    expect(slept).toEqual([2_000, 4_000]);
    expect(checks).toMatchObject([
      { attempt: 2, of: 5 },
      { attempt: 3, of: 5 },
    ]);
    expect(flow.steps.every((s) => s.check === undefined)).toBe(true);
  });

  it('settles a 5xx at register by reading: Meta applied it, so nothing is sent again', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    meta.failures.push({
      on: 'register',
      error: new GraphError({ kind: 'http', httpStatus: 500, message: '500' }),
      applied: true,
    });
    const runner = runnerFor(meta.api);
    const flow = await runner.start({ kind: 'move', phoneNumberId: '1', target: 'DE' }, PIN);
    expect(flow).toMatchObject({ phase: 'interrupted' });
    expect((await runner.resume(flow.id, PIN)).phase).toBe('completed');
    expect(meta.calls.filter((c) => c.startsWith('register'))).toHaveLength(1);
  });

  it('reads before going back: a register that reached Meta means there is nothing to undo', async () => {
    const meta = fakeMeta({ registered: true, storage: 'BR' });
    meta.failures.push({
      on: 'register',
      error: new GraphError({ kind: 'network', message: 'reset' }),
      applied: true,
    });
    const runner = runnerFor(meta.api);
    const flow = await runner.start({ kind: 'move', phoneNumberId: '1', target: 'DE' }, PIN);
    expect(canDismiss(flow)).toBe(false);
    const after = await runner.goBack(flow.id, PIN);
    expect(after).toMatchObject({ id: flow.id, kind: 'move' });
    expect(isNumberOffline(after)).toBe(false);
    expect(meta.calls).toEqual(['deregister', 'set-storage:DE', 'register:right']);
  });

  it('reads before resuming a failed register: done if Meta shows it registered', async () => {
    const meta = fakeMeta({ registered: false, storage: 'default' });
    meta.failures.push({
      on: 'register',
      error: GraphError.fromJSON(graphError(131009, 'invalid-parameter')),
      applied: true,
    });
    const runner = runnerFor(meta.api);
    const flow = await runner.start({ kind: 'register', phoneNumberId: '1' }, PIN);
    expect(flow.phase).toBe('failed');
    expect((await runner.resume(flow.id, PIN)).phase).toBe('completed');
    expect(meta.calls).toEqual(['register:right']);
  });

  it.each([
    [false, ['set-storage:IN'], 'direct'],
    [true, ['set-storage:IN', 'set-storage:default', 'set-storage:IN'], 'via-default'],
  ] as const)(
    'moves region to region directly, or via default storage when Meta refuses (refuses: %s)',
    async (refuses, calls, path) => {
      const meta = fakeMeta({ registered: false, storage: 'BR' });
      const api: FlowApi = {
        ...meta.api,
        setStorage: async (id, target) => {
          if (refuses && target !== 'default' && meta.state.storage !== 'default') {
            meta.calls.push(`set-storage:${target}`);
            throw GraphError.fromJSON(graphError(100, 'invalid-parameter'));
          }
          return meta.api.setStorage(id, target);
        },
      };
      const audit: AuditEntry[] = [];
      const flow = await runnerFor(api, audit).start({
        kind: 'enable',
        phoneNumberId: '1',
        target: 'IN',
      });
      expect(flow).toMatchObject({ phase: 'completed', storagePath: path });
      expect(meta.calls).toEqual(calls);
      expect(audit.map((e) => [e.result, e.regionBefore, e.regionAfter])).toEqual(
        refuses
          ? [
              ['error', 'BR', 'IN'],
              ['success', 'BR', 'default'],
              ['success', 'default', 'IN'],
            ]
          : [['success', 'BR', 'IN']],
      );
    },
  );

  it('counts a deregister Meta calls "not registered" done only once the number reads so', async () => {
    const meta = fakeMeta({ registered: true, storage: 'default' });
    const api: FlowApi = {
      ...meta.api,
      deregister: async () => {
        meta.calls.push('deregister');
        throw GraphError.fromJSON({ ...graphError(100, 'invalid-parameter'), subcode: 2207051 });
      },
    };
    const flow = await runnerFor(api).start(
      { kind: 'move', phoneNumberId: '1', target: 'DE' },
      PIN,
    );
    // Meta said "not registered", yet the number reads registered: stop, send nothing more.
    expect(flow).toMatchObject({ phase: 'failed' });
    expect(flow.steps[0]?.status).toBe('failed');
    expect(meta.calls).toEqual(['deregister']);
  });
});

describe('the audit log', () => {
  const entry = (action: AuditEntry['action'], at: string, phoneNumberId = '1'): AuditEntry => ({
    id: at,
    at,
    phoneNumberId,
    action,
    result: 'success',
  });

  it('counts register and deregister calls of the last 72 hours per number', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    const entries = [
      entry('deregister', '2026-11-20T11:00:00Z'), // older than 72 h
      entry('deregister', '2026-11-21T12:00:00Z'),
      entry('register', '2026-11-22T12:00:00Z'),
      entry('set-storage', '2026-11-22T12:00:00Z'),
      entry('register', '2026-11-22T12:00:00Z', '2'),
    ];
    expect(registrationCallsSince(entries, '1', now)).toBe(2);
  });

  it('writes CSV that quotes properly and never starts a cell with a formula', async () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1 555-010-0001')).toBe(`"'+1 555-010-0001"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    const records = await chainEntries([
      { ...entry('register', '2026-11-22T12:00:00Z'), displayPhoneNumber: '+1 555' },
    ]);
    const csv = toCsv(records, await verifyChain(records), '2026-11-22T13:00:00Z');
    expect(csv.split('\r\n')[0]).toBe(
      'at,phoneNumberId,displayPhoneNumber,action,regionBefore,regionAfter,result,errorCode,fbtraceId,flowId,kind,removed,removedFrom,removedThrough,lastRemovedHash,id,prevHash,hash',
    );
    expect(csv).toContain(`"'+1 555"`);
  });

  it('counts only calls, not retention trims, toward the 72-hour limit', async () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    let records: AuditRecord[] = [];
    for (const at of ['2026-11-22T10:00:00Z', '2026-11-22T11:00:00Z', '2026-11-22T12:00:00Z'])
      records = (await appendToChain(records, entry('register', at), 2)).records;
    expect(records.filter(isTrim)).toHaveLength(1);
    expect(registrationCallsSince(records, '1', now)).toBe(2);
  });
});
