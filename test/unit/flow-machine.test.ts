import { describe, expect, it } from 'vitest';
import {
  abandonFlow,
  canGoBack,
  canResume,
  type FlowError,
  type FlowKind,
  type FlowState,
  FlowStateSchema,
  goBackBlocker,
  isNumberOffline,
  nextStep,
  type Observed,
  PIN_TOO_FAST_WAIT_MS,
  PIN_TOO_MANY_WAIT_MS,
  type PlanInput,
  planFlow,
  planGoBack,
  prepareResume,
  REGISTRATION_WINDOW_MS,
  reconcileUnknown,
  recoverAfterRestart,
  registrationBudgetOk,
  registrationCallsUsed,
  resumeBlocker,
  type StepName,
  stepFailed,
  stepStarted,
  stepSucceeded,
} from '@/utils/flow/machine';
import type { SerializedGraphError } from '@/utils/graph/errors';
import { GraphError } from '@/utils/graph/errors';

const T0 = 1_700_000_000_000;

const graph = (code: number, extra: Partial<SerializedGraphError> = {}): SerializedGraphError =>
  new GraphError({
    kind: 'graph',
    code,
    message: `Meta error ${code}`,
    fbtraceId: `trace-${code}`,
    httpStatus: 400,
    ...extra,
  }).toJSON();
const network = (): SerializedGraphError =>
  new GraphError({ kind: 'network', message: 'Failed to fetch' }).toJSON();
const timeout = (): SerializedGraphError =>
  new GraphError({ kind: 'timeout', message: 'timed out after 15 s' }).toJSON();
const http503 = (): SerializedGraphError =>
  new GraphError({ kind: 'http', httpStatus: 503, message: 'Service Unavailable' }).toJSON();
const graph500 = (): SerializedGraphError => graph(1, { httpStatus: 500 });

function plan(kind: FlowKind, over: Partial<PlanInput> = {}): FlowState {
  const registered = kind === 'move';
  return planFlow(kind, {
    id: `flow-${kind}`,
    phoneNumberId: '106540352242922',
    target: kind === 'enable' || kind === 'move' ? 'BR' : undefined,
    before: { storage: 'default', registered },
    now: T0,
    ...over,
  });
}

/** Runs steps successfully until the named step is the next one. */
function advanceTo(state: FlowState, name: StepName, now = T0 + 1): FlowState {
  let s = state;
  for (let guard = 0; guard < 20; guard++) {
    const next = nextStep(s);
    if (!next || next.name === name) return s;
    s = stepSucceeded(stepStarted(s, now), now);
  }
  throw new Error('no such step');
}

const names = (s: FlowState) => s.steps.map((x) => `${x.name}:${x.status}`);
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as FlowError).code;
  }
  return 'no error';
};

describe('planFlow', () => {
  it.each([
    ['enable', ['set-storage', 'read-back']],
    ['disable', ['set-storage', 'read-back']],
    ['register', ['register', 'read-back']],
    ['move', ['deregister', 'set-storage', 'register', 'read-back']],
  ] as const)('plans %s as %j, ready, nothing started', (kind, steps) => {
    const s = plan(
      kind,
      kind === 'disable' ? { before: { storage: 'BR', registered: false } } : {},
    );
    expect(s.steps.map((x) => x.name)).toEqual(steps);
    expect(s.steps.every((x) => x.status === 'pending')).toBe(true);
    expect(s.phase).toBe('ready');
    expect(FlowStateSchema.parse(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it('puts code request and verification before register when the number is not verified', () => {
    expect(plan('move', { codeVerified: false }).steps.map((x) => x.name)).toEqual([
      'deregister',
      'set-storage',
      'request-code',
      'verify-code',
      'register',
      'read-back',
    ]);
    expect(plan('enable', { codeVerified: false }).steps.map((x) => x.name)).toEqual([
      'set-storage',
      'read-back',
    ]);
  });

  it.each([
    ['enable', { before: { storage: 'default', registered: true } }, 'number-registered'],
    ['disable', { before: { storage: 'BR', registered: true } }, 'number-registered'],
    ['register', { before: { storage: 'BR', registered: true } }, 'number-registered'],
    ['move', { before: { storage: 'BR', registered: false } }, 'number-not-registered'],
    ['enable', { target: undefined }, 'invalid-target'],
    ['enable', { target: 'disabled' }, 'invalid-target'],
    ['enable', { target: 'US' }, 'invalid-target'],
    ['enable', { target: 'br' }, 'invalid-target'],
    ['disable', { target: 'BR', before: { storage: 'BR', registered: false } }, 'invalid-target'],
    ['register', { target: 'BR' }, 'invalid-target'],
    ['move', { target: undefined }, 'invalid-target'],
    ['enable', { before: { storage: 'BR', registered: false } }, 'nothing-to-change'],
    ['disable', { before: { storage: 'default', registered: false } }, 'nothing-to-change'],
    ['move', { target: 'disabled' }, 'nothing-to-change'],
    ['enable', { phoneNumberId: '12a' }, 'invalid-phone-number-id'],
  ] as const)('refuses %s with %j: %s', (kind, over, code) => {
    expect(codeOf(() => plan(kind, over as Partial<PlanInput>))).toBe(code);
  });
});

describe('transitions', () => {
  it('walks a move through running, offline, completed with the read-back confirmed', () => {
    let s = plan('move');
    expect(nextStep(s)).toEqual({ index: 0, name: 'deregister' });
    s = stepStarted(s, T0 + 1);
    expect(s.phase).toBe('running');
    expect(s.steps[0]).toMatchObject({ status: 'running', startedAt: T0 + 1, attempts: 1 });
    expect(nextStep(s)).toBeNull(); // never two at once
    s = stepSucceeded(s, T0 + 2);
    expect(isNumberOffline(s)).toBe(true);
    s = stepSucceeded(stepStarted(s, T0 + 3), T0 + 4); // set-storage
    s = stepSucceeded(stepStarted(s, T0 + 5), T0 + 6); // register
    expect(isNumberOffline(s)).toBe(false);
    expect(nextStep(s)?.name).toBe('read-back');
    s = stepSucceeded(stepStarted(s, T0 + 7), T0 + 8, { registered: true, storage: 'BR' });
    expect(s.phase).toBe('completed');
    expect(s.confirmed).toEqual({ registered: true, storage: 'BR', at: T0 + 8 });
    expect(nextStep(s)).toBeNull();
    expect(registrationCallsUsed(s)).toBe(2);
  });

  it.each([
    ['move', { registered: true, storage: 'IN' }, /storage is "IN", expected "BR"/],
    ['move', { registered: false, storage: 'BR' }, /not registered/],
    ['enable', { registered: false, storage: 'default' }, /expected "BR"/],
    ['register', { registered: false, storage: 'default' }, /not registered/],
  ] as const)('fails %s when the read-back shows %j', (kind, observed, message) => {
    let s = advanceTo(plan(kind), 'read-back');
    s = stepSucceeded(stepStarted(s, T0 + 9), T0 + 10, observed);
    expect(s.phase).toBe('failed');
    expect(s.error?.category).toBe('read-back-mismatch');
    expect(s.error?.message).toMatch(message);
    expect(s.steps.at(-1)?.status).toBe('failed');
    // Resuming only reads again.
    expect(nextStep(prepareResume(s, T0 + 11))?.name).toBe('read-back');
  });

  it('treats "disabled" as Meta reporting default storage', () => {
    let s = plan('disable', { before: { storage: 'BR', registered: false } });
    s = advanceTo(s, 'read-back');
    s = stepSucceeded(stepStarted(s, T0 + 1), T0 + 2, { registered: false, storage: 'default' });
    expect(s.phase).toBe('completed');
  });
});

describe('stepFailed decides from the error', () => {
  const atRegister = () => advanceTo(plan('move'), 'register');
  const NOW = T0 + 100;

  it.each([
    // error, phase, step status, waitReason, wait, hint, can resume now
    ['133005 wrong PIN', graph(133005), 'awaiting-pin', 'pending', undefined, 0, undefined, true],
    [
      '133008 too many PINs',
      graph(133008),
      'failed',
      'failed',
      'pin-too-many',
      PIN_TOO_MANY_WAIT_MS,
      undefined,
      false,
    ],
    [
      '133009 PIN too fast',
      graph(133009),
      'failed',
      'failed',
      'pin-too-fast',
      PIN_TOO_FAST_WAIT_MS,
      undefined,
      false,
    ],
    [
      '133016 limit',
      graph(133016),
      'failed',
      'failed',
      'register-limit',
      REGISTRATION_WINDOW_MS,
      undefined,
      false,
    ],
    ['network', network(), 'interrupted', 'unknown', undefined, 0, undefined, true],
    ['timeout', timeout(), 'interrupted', 'unknown', undefined, 0, undefined, true],
    ['http 503', http503(), 'interrupted', 'unknown', undefined, 0, undefined, true],
    ['graph 500 code 1', graph500(), 'interrupted', 'unknown', undefined, 0, undefined, true],
    ['190 token', graph(190, { subcode: 463 }), 'failed', 'failed', undefined, 0, undefined, true],
    ['131031 locked', graph(131031), 'failed', 'failed', undefined, 0, undefined, true],
  ] as const)(
    '%s on register',
    (_label, error, phase, status, waitReason, wait, hint, resumable) => {
      const s = stepFailed(stepStarted(atRegister(), NOW - 1), error, NOW);
      expect(s.phase).toBe(phase);
      const register = s.steps.find((x) => x.name === 'register');
      expect(register?.status).toBe(status);
      expect(register?.error?.code).toBe(error.code);
      expect(s.error).toEqual(error);
      expect(s.waitReason).toBe(waitReason);
      expect(s.retryNotBefore).toBe(wait ? NOW + wait : undefined);
      expect(s.hint).toBe(hint);
      expect(canResume(s, NOW)).toBe(resumable);
      if (wait) {
        expect(resumeBlocker(s, NOW + wait - 1)).toBe('wait');
        expect(canResume(s, NOW + wait)).toBe(true);
      }
      // Whatever happened, nothing can be sent again without an explicit resume.
      if (phase !== 'awaiting-pin') expect(nextStep(s)).toBeNull();
    },
  );

  it('uses Meta’s own wait when it gives one (133008 with retry-after)', () => {
    const s = stepFailed(
      stepStarted(atRegister(), NOW),
      graph(133008, { retryAfterMinutes: 180 }),
      NOW,
    );
    expect(s.retryNotBefore).toBe(NOW + 180 * 60_000);
  });

  it('133006: enters needs-verification with request-code and verify-code before register', () => {
    const s = stepFailed(stepStarted(atRegister(), NOW), graph(133006), NOW);
    expect(s.phase).toBe('needs-verification');
    expect(names(s)).toEqual([
      'deregister:done',
      'set-storage:done',
      'request-code:pending',
      'verify-code:pending',
      'register:pending',
      'read-back:pending',
    ]);
    expect(nextStep(s)?.name).toBe('request-code');
  });

  it('133000: puts a fresh deregister before the step and waits for resume', () => {
    const s = stepFailed(stepStarted(atRegister(), NOW), graph(133000), NOW);
    expect(s.phase).toBe('failed');
    expect(s.hint).toBe('deregister-again');
    expect(names(s)).toEqual([
      'deregister:done',
      'set-storage:done',
      'deregister:pending',
      'register:pending',
      'read-back:pending',
    ]);
    expect(nextStep(s)).toBeNull();
    expect(canResume(s, NOW)).toBe(true);
    expect(nextStep(prepareResume(s, NOW))).toEqual({ index: 2, name: 'deregister' });
  });

  it('code 100 on set-storage while registered: failed, offer the guided move, no resume', () => {
    // The plan saw the number unregistered; Meta says it is registered now.
    const s = stepFailed(
      stepStarted(plan('enable'), NOW),
      graph(100, { details: 'Phone number is registered' }),
      NOW,
    );
    expect(s.phase).toBe('failed');
    expect(s.hint).toBe('offer-move');
    expect(resumeBlocker(s, NOW)).toBe('use-move');
  });

  it('code 100 on set-storage of an unregistered number (e.g. a region refused): plain failure', () => {
    const s = stepFailed(
      stepStarted(plan('enable'), NOW),
      graph(100, { message: 'Invalid parameter' }),
      NOW,
    );
    expect(s.phase).toBe('failed');
    expect(s.hint).toBeUndefined();
  });

  it.each(['deregister', 'set-storage', 'register', 'request-code', 'verify-code'] as const)(
    'a network failure on %s makes the outcome unknown, never pending',
    (name) => {
      const s0 = advanceTo(plan('move', { codeVerified: false }), name);
      const s = stepFailed(stepStarted(s0, NOW), network(), NOW);
      expect(s.phase).toBe('interrupted');
      expect(s.steps.find((x) => x.name === name)?.status).toBe('unknown');
      expect(nextStep(s)).toBeNull();
      expect(nextStep(prepareResume(s, NOW))).toBeNull(); // still needs a read first
      expect(() => stepStarted(prepareResume(s, NOW), NOW)).toThrow();
    },
  );

  it('a failed read-back is simply read again later (no unknown outcome)', () => {
    const s0 = advanceTo(plan('move'), 'read-back');
    const s = stepFailed(stepStarted(s0, NOW), network(), NOW);
    expect(s.phase).toBe('interrupted');
    expect(s.steps.at(-1)?.status).toBe('pending');
  });

  it('a wrong verification code keeps the flow waiting for a code', () => {
    let s = stepFailed(stepStarted(atRegister(), NOW), graph(133006), NOW);
    s = stepSucceeded(stepStarted(s, NOW), NOW); // request-code
    expect(s.phase).toBe('awaiting-code');
    s = stepFailed(stepStarted(s, NOW), graph(136025), NOW);
    expect(s.phase).toBe('awaiting-code');
    expect(nextStep(s)?.name).toBe('verify-code');
  });
});

describe('recovery after a restart and reconcile', () => {
  const moveSteps = ['deregister', 'set-storage', 'register'] as const;
  const applied: Record<(typeof moveSteps)[number], Observed> = {
    deregister: { registered: false, storage: 'default' },
    'set-storage': { registered: false, storage: 'BR' },
    register: { registered: true, storage: 'BR' },
  };
  const notApplied: Record<(typeof moveSteps)[number], Observed> = {
    deregister: { registered: true, storage: 'default' },
    'set-storage': { registered: false, storage: 'default' },
    register: { registered: false, storage: 'BR' },
  };

  it.each(moveSteps)('a %s cut off mid-call becomes unknown, then is settled by a read', (name) => {
    const crashed = stepStarted(advanceTo(plan('move'), name), T0 + 5);
    const s = recoverAfterRestart(crashed, T0 + 6);
    expect(s.phase).toBe('interrupted');
    const index = s.steps.findIndex((x) => x.name === name);
    expect(s.steps[index]?.status).toBe('unknown');
    expect(canResume(s, T0 + 6)).toBe(true);

    const yes = reconcileUnknown(s, applied[name], T0 + 7);
    expect(yes.steps[index]?.status).toBe('done');
    expect(yes.phase).toBe('ready');
    expect(nextStep(yes)?.index).toBe(index + 1);

    const no = reconcileUnknown(s, notApplied[name], T0 + 7);
    expect(no.steps[index]?.status).toBe('pending');
    expect(nextStep(no)).toEqual({ index, name });
    // Steps that were already done are not touched by the read.
    expect(no.steps.slice(0, index).every((x) => x.status === 'done')).toBe(true);
  });

  it('a read-back cut off is just read again', () => {
    const s = recoverAfterRestart(stepStarted(advanceTo(plan('move'), 'read-back'), T0), T0 + 1);
    expect(s.phase).toBe('interrupted');
    expect(s.steps.at(-1)?.status).toBe('pending');
  });

  it('leaves idle and finished flows alone', () => {
    const idle = plan('move');
    expect(recoverAfterRestart(idle, T0 + 1)).toBe(idle);
    const done = { ...idle, phase: 'completed' as const };
    expect(recoverAfterRestart(done, T0 + 1)).toBe(done);
  });

  it('settles an unknown verify-code from code_verification_status', () => {
    let s = stepFailed(stepStarted(advanceTo(plan('move'), 'register'), T0), graph(133006), T0);
    s = stepSucceeded(stepStarted(s, T0), T0);
    s = stepFailed(stepStarted(s, T0), timeout(), T0);
    const verified = reconcileUnknown(s, { registered: false, storage: 'BR', codeVerified: true });
    expect(nextStep(verified)?.name).toBe('register');
    const notVerified = reconcileUnknown(s, {
      registered: false,
      storage: 'BR',
      codeVerified: false,
    });
    expect(notVerified.phase).toBe('awaiting-code');
    expect(nextStep(notVerified)?.name).toBe('verify-code');
  });

  it('for "disabled", a read of default storage proves the set-storage applied', () => {
    const s0 = advanceTo(
      plan('move', { target: 'disabled', before: { storage: 'BR', registered: true } }),
      'set-storage',
    );
    const s = stepFailed(stepStarted(s0, T0), network(), T0);
    const r = reconcileUnknown(s, { registered: false, storage: 'default' }, T0);
    expect(r.steps[1]?.status).toBe('done');
  });
});

describe('going back', () => {
  const NOW = T0 + 1000;
  const failedAt = (name: StepName, error = graph(190)) =>
    stepFailed(stepStarted(advanceTo(plan('move'), name), NOW), error, NOW);

  it('after storage changed and register failed: restore storage, register, read back', () => {
    const s = failedAt('register');
    expect(isNumberOffline(s)).toBe(true);
    expect(canGoBack(s, { now: NOW })).toBe(true);
    const back = planGoBack(s, { now: NOW });
    expect(back.phase).toBe('reverting');
    expect(back.goBack?.target).toBe('disabled'); // was default storage
    expect(names(back)).toEqual(['set-storage:pending', 'register:pending', 'read-back:pending']);
    expect(isNumberOffline(back)).toBe(true);
    expect(registrationCallsUsed(back)).toBe(2); // history still counts
    let r = stepSucceeded(stepStarted(back, NOW), NOW);
    r = stepSucceeded(stepStarted(r, NOW), NOW);
    expect(isNumberOffline(r)).toBe(false);
    r = stepSucceeded(stepStarted(r, NOW), NOW, { registered: true, storage: 'default' });
    expect(r.phase).toBe('completed');
  });

  it('after only the deregister: register again, storage untouched', () => {
    const s = failedAt('set-storage', graph(131009));
    const back = planGoBack(s, { now: NOW });
    expect(back.goBack?.target).toBeUndefined();
    expect(names(back)).toEqual(['register:pending', 'read-back:pending']);
  });

  it.each([
    ['while still registered (nothing done)', () => plan('move'), 'number-registered'],
    ['while an outcome is unknown', () => failedAt('register', network()), 'outcome-unknown'],
    [
      'when the previous storage cannot be set (No Storage)',
      () =>
        stepFailed(
          stepStarted(
            advanceTo(
              plan('move', { before: { storage: 'no-storage', registered: true } }),
              'register',
            ),
            NOW,
          ),
          graph(190),
          NOW,
        ),
      'storage-not-restorable',
    ],
    ['during the 72-hour block', () => failedAt('register', graph(133016)), 'wait'],
  ] as const)('is refused %s', (_label, make, reason) => {
    const s = make();
    expect(goBackBlocker(s, { now: NOW })).toBe(reason);
    expect(canGoBack(s, { now: NOW })).toBe(false);
    expect(() => planGoBack(s, { now: NOW })).toThrow();
  });

  it('is refused when the limit leaves no register call', () => {
    const s = failedAt('register');
    expect(canGoBack(s, { now: NOW, registrationCallsInWindow: 9 })).toBe(true);
    expect(canGoBack(s, { now: NOW, registrationCallsInWindow: 10 })).toBe(false);
  });
});

describe('limits, offline and abandon', () => {
  it('counts every register/deregister attempt, wrong PINs included', () => {
    let s = advanceTo(plan('move'), 'register');
    s = stepFailed(stepStarted(s, T0), graph(133005), T0);
    s = stepFailed(stepStarted(s, T0), graph(133005), T0);
    expect(registrationCallsUsed(s)).toBe(3);
  });

  it('a deregister is only allowed when the register after it fits too', () => {
    const s = plan('move');
    expect(registrationBudgetOk(s, 8)).toBe(true);
    expect(registrationBudgetOk(s, 9)).toBe(false);
  });

  it('refuses to abandon a flow that leaves the number offline unless acknowledged', () => {
    const s = advanceTo(plan('move'), 'set-storage');
    const stopped = stepFailed(stepStarted(s, T0), graph(190), T0);
    expect(codeOf(() => abandonFlow(stopped, T0))).toBe('offline-not-acknowledged');
    expect(abandonFlow(stopped, T0, { acknowledgeOffline: true }).phase).toBe('abandoned');
    expect(abandonFlow(plan('move'), T0).phase).toBe('abandoned');
  });

  it('an unknown deregister counts as possibly offline', () => {
    const s = stepFailed(stepStarted(plan('move'), T0), network(), T0);
    expect(isNumberOffline(s)).toBe(true);
  });
});
