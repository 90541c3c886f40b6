import type { SerializedGraphError } from '../graph/error-body';
import { isRegionCode } from '../regions';
import type { FlowState, Step } from './flow-schema';

export type { FlowState, Phase, Step } from './flow-schema';

/**
 * The Local Storage change flow as plain data and pure transitions. A flow is a list of steps;
 * the runner (runner.ts) performs them one at a time and journals each transition, so a closed
 * popup, a killed service worker or a browser restart can always be picked up where it stopped.
 *
 * Rules that make it safe:
 * - a POST whose outcome is unknown (connection lost, worker killed) is never re-sent blindly:
 *   the step becomes 'unknown' and is settled by reading the number first (reconcile);
 * - register/deregister are never retried automatically; only the person's Resume re-runs them;
 * - the PIN is an argument of the run, never part of this state.
 */

export const FLOW_KINDS = ['enable', 'disable', 'register', 'move', 'revert'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];
export const STEP_NAMES = ['deregister', 'set-storage', 'register', 'read-back'] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** Where data should end up: a region code, or 'default' (in-country storage off). */
export const TARGET_PATTERN = /^([A-Z]{2}|default)$/;

/** A target Meta accepts: one of the 14 regions, or 'default'. */
export const isAllowedTarget = (target: string | undefined): target is string =>
  target === 'default' || isRegionCode(target);

export interface PlanInput {
  id: string;
  kind: FlowKind;
  phoneNumberId: string;
  displayPhoneNumber?: string;
  verifiedName?: string;
  target?: string;
  before: { storage: string; registered: boolean };
  now: number;
}

const STEPS_BY_KIND: Record<FlowKind, StepName[]> = {
  enable: ['set-storage', 'read-back'],
  disable: ['set-storage', 'read-back'],
  register: ['register', 'read-back'],
  move: ['deregister', 'set-storage', 'register', 'read-back'],
  // Back to the setting the number had: deregister only if it is registered again.
  revert: ['set-storage', 'register', 'read-back'],
};

/** Which flows a person may start for a number in this state ('revert' is only "go back"). */
export function allowedKinds(registered: boolean): FlowKind[] {
  return registered ? ['move'] : ['enable', 'disable', 'register'];
}

/** Kinds that change the storage setting, and so need a target. */
export const needsTarget = (kind: FlowKind) => kind !== 'register';

export function planFlow(input: PlanInput): FlowState {
  const steps = STEPS_BY_KIND[input.kind].map((name): Step => ({ name, status: 'pending' }));
  return {
    id: input.id,
    kind: input.kind,
    phoneNumberId: input.phoneNumberId,
    displayPhoneNumber: input.displayPhoneNumber,
    verifiedName: input.verifiedName,
    target: input.target,
    before: input.before,
    steps,
    phase: 'ready',
    retryable: true,
    createdAt: input.now,
    updatedAt: input.now,
  };
}

const update = (state: FlowState, now: number, patch: Partial<FlowState>): FlowState => ({
  ...state,
  ...patch,
  updatedAt: now,
});

const setStep = (state: FlowState, index: number, patch: Partial<Step>): Step[] =>
  state.steps.map((s, i) => (i === index ? { ...s, ...patch } : s));

/** Index of the step to run next, or -1 when all are done. */
export const nextStepIndex = (state: FlowState) =>
  state.steps.findIndex((s) => s.status !== 'done');

export function stepStarted(state: FlowState, index: number, now: number): FlowState {
  return update(state, now, {
    steps: setStep(state, index, { status: 'running', startedAt: now, error: undefined }),
    phase: 'running',
    error: undefined,
  });
}

export function stepSucceeded(state: FlowState, index: number, now: number): FlowState {
  const steps = setStep(state, index, { status: 'done', endedAt: now, error: undefined });
  const done = steps.every((s) => s.status === 'done');
  return update(state, now, { steps, phase: done ? 'completed' : 'ready', error: undefined });
}

/** Errors after which trying again soon cannot help. */
const FINAL_CATEGORIES = new Set(['register-limit', 'deleted', 'permission', 'token-invalid']);

/**
 * Only a definite refusal from Meta says a call was not applied. No answer, a 5xx (with or
 * without Meta's body), an error Meta marks transient, codes 1 and 2, or a 200 that does not
 * parse all leave the outcome unknown: the number is read before anything is sent again.
 */
export function outcomeIsUnknown(error: SerializedGraphError): boolean {
  if (error.kind === 'internal') return false;
  return (
    error.kind === 'network' ||
    error.kind === 'timeout' ||
    error.kind === 'malformed' ||
    error.isTransient ||
    error.category === 'server' ||
    error.category === 'transient' ||
    error.code === 1 ||
    error.code === 2 ||
    (error.httpStatus ?? 0) >= 500
  );
}

/** Meta's "not registered" answers to a deregister: 133010, or code 100 with subcode 2207051. */
export const isNotRegisteredAnswer = (error: SerializedGraphError) =>
  error.code === 133010 || (error.code === 100 && error.subcode === 2207051);

/**
 * Did Meta answer definitely, so that the call cannot still be on its way? Then an unknown step
 * may be settled by reading at once, without the in-flight grace.
 */
export const answeredDefinitely = (step: Step) =>
  !!step.error && step.error.kind === 'graph' && !outcomeIsUnknown(step.error);

/** The storage a set-storage step asks for. */
export const stepTarget = (state: FlowState, step: Step) =>
  step.target ?? state.target ?? 'default';

/**
 * A set-storage refusal that the path via default storage may get around: Meta refused (code
 * 100) a change from one region straight to another, which no Meta page describes.
 */
function mayGoViaDefault(state: FlowState, step: Step, error: SerializedGraphError) {
  return (
    step.name === 'set-storage' &&
    step.target === undefined &&
    state.storagePath !== 'via-default' &&
    error.kind === 'graph' &&
    error.category === 'invalid-parameter' &&
    isRegionCode(state.before.storage) &&
    isRegionCode(state.target) &&
    state.before.storage !== state.target
  );
}

/**
 * Decides what an error means for the flow. POSTs whose outcome is unknown (see
 * outcomeIsUnknown) become 'unknown', settled later by a read, never by sending again.
 */
export function stepFailed(
  state: FlowState,
  index: number,
  error: SerializedGraphError,
  now: number,
): FlowState {
  const step = state.steps[index];
  const unknown =
    step?.name !== 'read-back' &&
    (outcomeIsUnknown(error) || (step?.name === 'deregister' && isNotRegisteredAnswer(error)));
  if (unknown) {
    // A deregister Meta calls "not registered" may have reached its aim, or not (a number
    // registered elsewhere meanwhile): only a read of the number can say.
    return update(state, now, {
      steps: setStep(state, index, { status: 'unknown', endedAt: now, error }),
      phase: 'interrupted',
      error,
      retryable: true,
    });
  }
  if (step && mayGoViaDefault(state, step, error)) {
    // Settings calls do not count toward the 10 register/deregister calls: turn in-country
    // storage off, then on in the new region.
    const steps = [...state.steps];
    steps.splice(
      index,
      1,
      { name: 'set-storage', status: 'pending', target: 'default' },
      { name: 'set-storage', status: 'pending' },
    );
    return update(state, now, {
      steps,
      phase: 'ready',
      error: undefined,
      storagePath: 'via-default',
    });
  }
  switch (error.category) {
    case 'pin-mismatch':
      return update(state, now, {
        steps: setStep(state, index, { status: 'pending', error }),
        phase: 'awaiting-pin',
        error,
        retryable: true,
      });
    case 'needs-verification':
      return update(state, now, {
        steps: setStep(state, index, { status: 'pending', error }),
        phase: 'needs-verification',
        error,
        retryable: true,
      });
    case 'deregister-failed': {
      // Meta: an earlier deregistration failed; deregister again, then carry on.
      const steps = setStep(state, index, { status: 'pending', error });
      steps.splice(index, 0, { name: 'deregister', status: 'pending' });
      return update(state, now, { steps, phase: 'failed', error, retryable: true });
    }
    default:
      return update(state, now, {
        steps: setStep(state, index, { status: 'failed', endedAt: now, error }),
        phase: 'failed',
        error,
        retryable: !FINAL_CATEGORIES.has(error.category),
      });
  }
}

/** After a restart: a step left 'running' was cut off mid-call; its outcome is unknown. */
export function recoverAfterRestart(state: FlowState, now: number): FlowState {
  if (!state.steps.some((s) => s.status === 'running')) return state;
  return update(state, now, {
    steps: state.steps.map((s) =>
      s.status === 'running' ? { ...s, status: 'unknown' as const } : s,
    ),
    phase: 'interrupted',
    retryable: true,
  });
}

export interface Observed {
  registered: boolean;
  /** 'default', 'no-storage' or a region code. */
  storage: string;
}

/** Whether a fresh read shows a step's effect. */
export function stepApplied(state: FlowState, step: Step, observed: Observed): boolean {
  if (step.name === 'deregister') return !observed.registered;
  if (step.name === 'register') return observed.registered;
  if (step.name === 'set-storage') return observed.storage === stepTarget(state, step);
  return false;
}

/** The steps a read must settle before anything is sent again. */
export const unsettledSteps = (state: FlowState) =>
  state.steps.filter((s) => s.status === 'unknown' || s.status === 'failed');

/**
 * Settles 'unknown' steps from a fresh read of the number, so nothing is sent twice:
 * a step whose effect is visible is done; one whose effect is not visible may run again.
 */
export function reconcile(state: FlowState, observed: Observed, now: number): FlowState {
  const steps = state.steps.map((s): Step => {
    if (s.status !== 'unknown' && s.status !== 'failed') return s;
    return stepApplied(state, s, observed)
      ? { ...s, status: 'done', error: undefined }
      : { ...s, status: 'pending' };
  });
  const done = steps.every((s) => s.status === 'done');
  return update(state, now, { steps, phase: done ? 'completed' : 'ready', error: undefined });
}

/**
 * True while the number is deregistered by a change and not registered again: a move after its
 * deregister, and a "go back" (which starts where a move left the number offline) until its
 * register is done.
 */
export function isNumberOffline(state: FlowState): boolean {
  const dereg = state.steps.find((s) => s.name === 'deregister');
  const reg = state.steps.find((s) => s.name === 'register');
  if (state.kind === 'revert') return reg?.status !== 'done';
  return state.before.registered && dereg?.status === 'done' && reg?.status !== 'done';
}

/**
 * May the person run the flow on? Yes when trying again can help, and always while the number
 * is offline: after a wait Meta imposes (133008, 133016) Resume must still finish the change,
 * or the number would be stranded.
 */
export function canResume(state: FlowState): boolean {
  return (
    isActive(state) && state.phase !== 'running' && (state.retryable || isNumberOffline(state))
  );
}

/** A flow that still needs the person: not completed, and not replaced by a "go back". */
export const isActive = (state: FlowState) =>
  state.phase !== 'completed' && !state.supersededBy && state.dismissedAt === undefined;

/**
 * A stopped change may be closed unless it left the number offline, is still running, or has
 * a step whose outcome is unknown (Resume checks it with Meta first; a closed change would
 * hide a call that may have been made).
 */
export const canDismiss = (state: FlowState) =>
  isActive(state) &&
  state.phase !== 'running' &&
  !isNumberOffline(state) &&
  !state.steps.some((s) => s.status === 'unknown');

/**
 * Going back makes sense when a move stopped with the number deregistered: the previous
 * storage setting is restored and the number registered again. (No Storage cannot be set
 * through the settings endpoint, so a number that had it cannot be put back this way.)
 */
export function canGoBack(state: FlowState): boolean {
  return (
    state.kind === 'move' &&
    isActive(state) &&
    state.phase !== 'running' &&
    isNumberOffline(state) &&
    TARGET_PATTERN.test(state.before.storage)
  );
}

/** Does the read-back match what the flow set out to do? */
export function readBackMatches(state: FlowState, observed: Observed): boolean {
  const wantsRegistered =
    state.kind === 'register' || state.kind === 'move' || state.kind === 'revert';
  const storageOk = state.target === undefined || observed.storage === state.target;
  const registrationOk = wantsRegistered ? observed.registered : true;
  return storageOk && registrationOk;
}

/** Meta allows 10 register/deregister calls per number in a moving 72 hours. */
export const REGISTRATION_LIMIT = 10;

/** Register/deregister calls a flow will make (for the "N of 10 per 72 h" display). */
export const registrationCallsPlanned = (kind: FlowKind) =>
  STEPS_BY_KIND[kind].filter((s) => s === 'register' || s === 'deregister').length;
