import type { AuditEntry } from '../audit';
import {
  type ErrorCategory,
  GraphError,
  type GraphErrorInit,
  type SerializedGraphError,
} from '../graph/errors';
import { isRegionCode } from '../regions';
import {
  allowedKinds,
  answeredDefinitely,
  canDismiss,
  canGoBack,
  canResume,
  type FlowKind,
  type FlowState,
  isActive,
  isAllowedTarget,
  needsTarget,
  nextStepIndex,
  type Observed,
  planFlow,
  REGISTRATION_LIMIT,
  readBackMatches,
  reconcile,
  registrationCallsPlanned,
  type Step,
  stepApplied,
  stepFailed,
  stepStarted,
  stepSucceeded,
  stepTarget,
  unsettledSteps,
} from './machine';
import { isValidCode, isValidPin } from './pin';

/** What Meta gave back for an accepted change: its trace ID, kept in the audit log as proof. */
export interface Receipt {
  traceId?: string;
}

/** What the runner needs from the outside world; the background wires it to the Graph client. */
export interface FlowApi {
  deregister(phoneNumberId: string): Promise<Receipt>;
  setStorage(phoneNumberId: string, target: string): Promise<Receipt>;
  register(phoneNumberId: string, pin: string): Promise<Receipt>;
  requestCode(phoneNumberId: string, method: 'SMS' | 'VOICE', language: string): Promise<Receipt>;
  verifyCode(phoneNumberId: string, code: string): Promise<Receipt>;
  /** A fresh read of the number (never from cache). */
  read(
    phoneNumberId: string,
  ): Promise<Observed & { displayPhoneNumber?: string; verifiedName?: string }>;
}

export interface FlowStore {
  get(id: string): Promise<FlowState | null>;
  activeFor(phoneNumberId: string): Promise<FlowState | null>;
  save(state: FlowState): Promise<void>;
  /** Saves a new flow unless the number has an unfinished one (returned instead), atomically. */
  createIfNoneActive(state: FlowState): Promise<FlowState | null>;
  /** Saves several flows in one write. */
  saveAll(states: FlowState[]): Promise<void>;
}

export interface RunnerDeps {
  api: FlowApi;
  journal: FlowStore;
  audit(entry: AuditEntry): Promise<void>;
  now(): number;
  newId(): string;
  onChange(state: FlowState): void;
  /** A call that changed the number (deregister, set storage, register) succeeded. */
  onNumberChanged?(state: FlowState): void;
  sleep?(ms: number): Promise<void>;
  /** Register/deregister calls this browser has seen for the number in the last 72 hours. */
  registrationCallsSeen?(phoneNumberId: string): Promise<number>;
}

/**
 * How long a request cut off mid-call may still be processed by Meta (longer than the client's
 * 15 s timeout). A step whose outcome is unknown is judged by a read only after this, so a
 * request still on its way is never mistaken for one that never arrived.
 */
export const IN_FLIGHT_GRACE_MS = 20_000;

/**
 * Meta may take a moment to report a register or deregister (platform_type, status). A read
 * that does not show a change yet is repeated after these waits (30 s in all) before the
 * change counts as not made: a stale read never makes Residency send a call again.
 */
export const RECHECK_DELAYS_MS = [2_000, 4_000, 8_000, 16_000] as const;

const refusal = (category: ErrorCategory, message: string, extra: Partial<GraphErrorInit> = {}) =>
  new GraphError({ kind: 'internal', category, message, ...extra });
const invalid = (message: string) => refusal('invalid-input', message);

export interface StartInput {
  kind: FlowKind;
  phoneNumberId: string;
  target?: string;
}

/**
 * Checks what a start asks for before anything is read or sent, and returns it with the
 * target it implies (turning in-country storage off targets default storage).
 */
function validateStart(input: StartInput, pin: string | undefined): StartInput {
  if (input.kind === 'revert') {
    throw refusal('wrong-kind', '"Go back" starts only from a move that left the number offline.');
  }
  const target = input.kind === 'disable' ? (input.target ?? 'default') : input.target;
  if (needsTarget(input.kind)) {
    if (!isAllowedTarget(target)) {
      throw invalid('Choose one of the 14 Local Storage regions, or default storage.');
    }
    if (input.kind === 'disable' && target !== 'default') {
      throw invalid('Turning in-country storage off has no region.');
    }
    if (input.kind === 'enable' && target === 'default') {
      throw invalid('Choose a region to turn in-country storage on.');
    }
  } else if (target !== undefined) {
    throw invalid('Registering a number does not change its storage.');
  }
  if ((input.kind === 'register' || input.kind === 'move') && !isValidPin(pin)) {
    throw invalid('The PIN is exactly six digits.');
  }
  return { ...input, target };
}

/**
 * Runs change flows: one step at a time, journaled before and after each, never re-sending a
 * POST on its own. Every action on a number's change runs under that number's lock; a second
 * action while one runs is refused, not queued. The PIN is passed per run and forgotten after.
 */
export function createFlowRunner(deps: RunnerDeps) {
  const lockedNumbers = new Set<string>();
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  /** Runs `task` holding the number's lock; refuses at once when another action holds it. */
  async function exclusive<T>(phoneNumberId: string, task: () => Promise<T>): Promise<T> {
    if (lockedNumbers.has(phoneNumberId)) {
      throw refusal('number-busy', 'Another action on this number is under way.');
    }
    lockedNumbers.add(phoneNumberId);
    try {
      return await task();
    } finally {
      lockedNumbers.delete(phoneNumberId);
    }
  }

  async function load(id: string) {
    const state = await deps.journal.get(id);
    if (!state) throw invalid('This change is no longer in the journal.');
    return state;
  }

  /** An action on an existing flow: the lock of its number, then the flow read afresh. */
  async function withFlow<T>(id: string, task: (state: FlowState) => Promise<T>): Promise<T> {
    const { phoneNumberId } = await load(id);
    return exclusive(phoneNumberId, async () => task(await load(id)));
  }

  async function save(state: FlowState) {
    await deps.journal.save(state);
    deps.onChange(state);
    return state;
  }

  async function audit(
    state: FlowState,
    action: AuditEntry['action'],
    outcome: {
      error?: SerializedGraphError;
      unknown?: boolean;
      receipt?: Receipt;
      step?: Step;
    } = {},
  ) {
    const { error, unknown, receipt, step } = outcome;
    // The storage the number had when this call was made: after the flow's own storage change,
    // that is the target (a register that ends a move to AU happened with AU storage).
    const setting = action === 'set-storage' ? step : undefined;
    const earlier = state.steps.filter(
      (s) => s.name === 'set-storage' && s.status === 'done' && s !== setting,
    );
    const last = earlier.at(-1);
    await deps.audit({
      id: deps.newId(),
      at: new Date(deps.now()).toISOString(),
      phoneNumberId: state.phoneNumberId,
      displayPhoneNumber: state.displayPhoneNumber,
      action,
      regionBefore: last ? stepTarget(state, last) : state.before.storage,
      regionAfter: setting ? stepTarget(state, setting) : undefined,
      result: unknown ? 'unknown' : error ? 'error' : 'success',
      errorCode: error?.code,
      fbtraceId: error?.fbtraceId ?? receipt?.traceId,
      flowId: state.id,
    });
  }

  /**
   * Reads the number until `shows` holds or the rechecks run out, saving each wait on the step
   * so the views can show it. Returns the last read.
   */
  async function readUntil(
    state: FlowState,
    index: number,
    shows: (observed: Observed) => boolean,
  ): Promise<{ state: FlowState; observed: Observed }> {
    let observed = await deps.api.read(state.phoneNumberId);
    for (let attempt = 0; !shows(observed) && attempt < RECHECK_DELAYS_MS.length; attempt++) {
      const delay = RECHECK_DELAYS_MS[attempt] ?? 0;
      const check = {
        attempt: attempt + 2,
        of: RECHECK_DELAYS_MS.length + 1,
        nextAt: deps.now() + delay,
      };
      state = await save({
        ...state,
        steps: state.steps.map((s, i) => (i === index ? { ...s, check } : s)),
        updatedAt: deps.now(),
      });
      await sleep(delay);
      observed = await deps.api.read(state.phoneNumberId);
    }
    const steps = state.steps.map((s) => (s.check ? { ...s, check: undefined } : s));
    return { state: { ...state, steps }, observed };
  }

  /**
   * Settles steps whose outcome is unknown (and failed ones about to run again) by reading the
   * number, never by sending: after the in-flight grace for calls that got no definite answer,
   * and reading again with backoff while a call whose outcome is unknown does not show yet.
   */
  async function settle(initial: FlowState): Promise<FlowState> {
    const unsettled = unsettledSteps(initial);
    if (unsettled.length === 0) return initial;
    const cutOff = unsettled.filter((s) => s.status === 'unknown' && !answeredDefinitely(s));
    if (cutOff.length > 0) {
      const lastStart = Math.max(...cutOff.map((s) => s.startedAt ?? 0));
      const wait = lastStart + IN_FLIGHT_GRACE_MS - deps.now();
      if (wait > 0) await sleep(wait);
    }
    const unknown = unsettled.filter((s) => s.status === 'unknown');
    const index = initial.steps.indexOf(unknown[0] ?? (unsettled[0] as Step));
    const { state, observed } = await readUntil(initial, index, (o) =>
      unknown.every((s) => stepApplied(initial, s, o)),
    );
    return save(reconcile(state, observed, deps.now()));
  }

  /** settle(), or the flow saved 'interrupted' with the reason when the number cannot be read. */
  async function settleOrInterrupt(
    state: FlowState,
  ): Promise<{ state: FlowState; interrupted: boolean }> {
    try {
      return { state: await settle(state), interrupted: false };
    } catch (error) {
      const interrupted = await save({
        ...state,
        phase: 'interrupted',
        error: GraphError.serialize(error),
        updatedAt: deps.now(),
      });
      return { state: interrupted, interrupted: true };
    }
  }

  async function perform(
    state: FlowState,
    step: Step,
    pin: string | undefined,
  ): Promise<Receipt | undefined> {
    switch (step.name) {
      case 'deregister':
        return deps.api.deregister(state.phoneNumberId);
      case 'set-storage':
        return deps.api.setStorage(state.phoneNumberId, stepTarget(state, step));
      case 'register':
        if (!isValidPin(pin)) throw invalid('A six-digit PIN is needed to register the number.');
        return deps.api.register(state.phoneNumberId, pin);
      case 'read-back':
        return undefined;
    }
  }

  /** The read-back: Meta may report a register or deregister late, so it reads again first. */
  async function readBack(state: FlowState, index: number): Promise<FlowState> {
    const read = await readUntil(state, index, (o) => readBackMatches(state, o));
    if (!readBackMatches(state, read.observed)) {
      const { observed } = read;
      throw Object.assign(
        new GraphError({
          kind: 'internal',
          category: 'read-back-mismatch',
          message: `Meta reports storage "${observed.storage}" and ${observed.registered ? 'registered' : 'not registered'}.`,
        }),
        { state: read.state },
      );
    }
    return read.state;
  }

  /** Runs steps until the flow completes, fails, or needs the person. Call under the lock. */
  async function drive(initial: FlowState, pin: string | undefined): Promise<FlowState> {
    // Unknown outcomes (and failed calls about to run again) are settled by looking first.
    const first = await settleOrInterrupt(initial);
    if (first.interrupted) return first.state;
    let state = first.state;
    for (;;) {
      const index = nextStepIndex(state);
      const step = state.steps[index];
      if (index < 0 || !step) return state;
      if (step.name === 'register' && !isValidPin(pin)) {
        return save({ ...state, phase: 'awaiting-pin', updatedAt: deps.now() });
      }
      state = await save(stepStarted(state, index, deps.now()));
      const current = state.steps[index] as Step;
      try {
        if (step.name === 'read-back') state = await readBack(state, index);
        const receipt = await perform(state, current, pin);
        state = await save(stepSucceeded(recordPath(state, current), index, deps.now()));
        if (step.name !== 'read-back') {
          await audit(state, step.name, { receipt, step: state.steps[index] });
          deps.onNumberChanged?.(state);
        }
      } catch (error) {
        const serialized = GraphError.serialize(error);
        const at = (error as { state?: FlowState }).state ?? state;
        state = await save(stepFailed(at, index, serialized, deps.now()));
        if (step.name !== 'read-back')
          await audit(state, step.name, {
            error: serialized,
            unknown: state.steps[index]?.status === 'unknown',
            step: current,
          });
        // Meta definitely answered "not registered" to a deregister: read now, not after a
        // wait, and count the step done only if the number reads unregistered.
        if (state.steps[index]?.status === 'unknown' && answeredDefinitely(state.steps[index])) {
          const { state: settled } = await settleOrInterrupt(state);
          if (settled.steps[index]?.status === 'done') {
            state = settled;
            continue;
          }
          if (unsettledSteps(settled).length > 0) return settled;
          // Meta said "not registered" but the number reads registered: stop and show it.
          return save({
            ...settled,
            steps: settled.steps.map((s, i) =>
              i === index ? { ...s, status: 'failed' as const, error: serialized } : s,
            ),
            phase: 'failed',
            error: serialized,
            retryable: true,
            updatedAt: deps.now(),
          });
        }
        // The storage change goes the way round via default storage: carry on at once.
        if (state.phase === 'ready') continue;
        return state;
      }
    }
  }

  /** Notes how a region-to-region storage change was made, once its last step succeeds. */
  function recordPath(state: FlowState, step: Step): FlowState {
    if (step.name !== 'set-storage' || step.target !== undefined || state.storagePath) return state;
    const regionToRegion =
      isRegionCode(state.before.storage) &&
      isRegionCode(state.target) &&
      state.before.storage !== state.target;
    return regionToRegion ? { ...state, storagePath: 'direct' } : state;
  }

  return {
    /** Plans a flow from a fresh read of the number and runs it. */
    async start(request: StartInput, pin?: string): Promise<FlowState> {
      const input = validateStart(request, pin);
      return exclusive(input.phoneNumberId, async () => {
        const unfinished = () =>
          refusal(
            'invalid-input',
            'This number already has an unfinished change. Finish or resume it first.',
          );
        if (await deps.journal.activeFor(input.phoneNumberId)) throw unfinished();
        // Never deregister a number unless the register that follows fits in Meta's limit too.
        const planned = registrationCallsPlanned(input.kind);
        const seen =
          planned > 0 ? ((await deps.registrationCallsSeen?.(input.phoneNumberId)) ?? 0) : 0;
        if (seen + planned > REGISTRATION_LIMIT) {
          throw refusal(
            'register-budget',
            `${seen} register/deregister calls seen in 72 hours; this change needs ${planned} more.`,
          );
        }
        const observed = await deps.api.read(input.phoneNumberId);
        if (!allowedKinds(observed.registered).includes(input.kind)) {
          // Registered since the page was read: a direct storage change would only earn Meta's
          // code 100. Nothing is sent; the person is pointed to the guided move instead.
          if (input.kind === 'enable' || input.kind === 'disable') {
            throw refusal(
              'registered-use-move',
              'The number is registered; storage can change only while it is not.',
            );
          }
          throw refusal(
            'wrong-kind',
            `A ${input.kind} cannot start for a number that is ${observed.registered ? 'registered' : 'not registered'}.`,
          );
        }
        const state = planFlow({
          id: deps.newId(),
          kind: input.kind,
          phoneNumberId: input.phoneNumberId,
          displayPhoneNumber: observed.displayPhoneNumber,
          verifiedName: observed.verifiedName,
          target: input.target,
          before: { storage: observed.storage, registered: observed.registered },
          now: deps.now(),
        });
        // The check for an unfinished change and the save are one journal step.
        if (await deps.journal.createIfNoneActive(state)) throw unfinished();
        deps.onChange(state);
        // No verification by code first: Meta registers numbers that report NOT_VERIFIED or
        // EXPIRED; it answers 133006 when it wants a code, and only then is one asked for.
        return drive(state, pin);
      });
    },
    /** Continues an unfinished flow after the person asked to (with the PIN where needed). */
    resume(id: string, pin?: string): Promise<FlowState> {
      return withFlow(id, async (state) => {
        if (state.phase === 'completed') return state;
        if (!canResume(state)) throw invalid('Retrying this change cannot help now.');
        if (pin !== undefined && !isValidPin(pin)) throw invalid('The PIN is exactly six digits.');
        const retryAt = state.error?.retryAt;
        if (retryAt !== undefined && deps.now() < retryAt) {
          // Meta named the time; asking earlier would only count against the PIN guesses.
          throw refusal('pin-too-many', 'Meta does not accept PIN attempts yet.', { retryAt });
        }
        return drive(state, pin);
      });
    },
    /** Closes a stopped change that did not leave the number offline. */
    dismiss(id: string): Promise<FlowState> {
      return withFlow(id, async (state) => {
        if (!canDismiss(state)) throw invalid('This change cannot be closed: finish it first.');
        return save({ ...state, dismissedAt: deps.now(), updatedAt: deps.now() });
      });
    },
    /** Restores the setting the number had before a move, and registers it again. */
    goBack(id: string, pin?: string): Promise<FlowState> {
      return withFlow(id, async (initial) => {
        if (!canGoBack(initial)) throw invalid('Going back is not possible for this change now.');
        if (!isValidPin(pin)) throw invalid('The PIN is exactly six digits.');
        // What the move did is settled by reading first: a register that reached Meta means
        // the number is back, and nothing is sent.
        const state = await settle(initial);
        if (!canGoBack(state)) return state;
        const observed = await deps.api.read(state.phoneNumberId);
        if (observed.registered) return save(reconcile(state, observed, deps.now()));
        const revert = planFlow({
          id: deps.newId(),
          kind: 'revert',
          phoneNumberId: state.phoneNumberId,
          displayPhoneNumber: state.displayPhoneNumber,
          verifiedName: state.verifiedName,
          target: state.before.storage,
          before: { storage: observed.storage, registered: false },
          now: deps.now(),
        });
        // The old storage may already be back (an earlier attempt): then it is not set again.
        const planned =
          observed.storage === revert.target
            ? {
                ...revert,
                steps: revert.steps.map((s) =>
                  s.name === 'set-storage' ? { ...s, status: 'done' as const } : s,
                ),
              }
            : revert;
        // The move is retired and the "go back" begun in one write: never neither, never both.
        const retired = { ...state, supersededBy: planned.id, updatedAt: deps.now() };
        await deps.journal.saveAll([retired, planned]);
        deps.onChange(retired);
        deps.onChange(planned);
        return drive(planned, pin);
      });
    },
    /** Asks Meta to send a verification code, for a change Meta asked to verify. */
    requestCode(id: string, method: 'SMS' | 'VOICE', language: string): Promise<FlowState> {
      return withFlow(id, async (state) => {
        assertAwaitingCode(state);
        try {
          const receipt = await deps.api.requestCode(state.phoneNumberId, method, language);
          await audit(state, 'request-code', { receipt });
          return save({ ...state, error: undefined, updatedAt: deps.now() });
        } catch (error) {
          await audit(state, 'request-code', { error: GraphError.serialize(error) });
          return save({ ...state, error: GraphError.serialize(error), updatedAt: deps.now() });
        }
      });
    },
    /** Verifies the code, then carries on with the flow (the PIN is needed to register). */
    verifyCode(id: string, code: string, pin?: string): Promise<FlowState> {
      if (!isValidCode(code))
        return Promise.reject(invalid('The verification code is six digits.'));
      return withFlow(id, async (state) => {
        assertAwaitingCode(state);
        try {
          const receipt = await deps.api.verifyCode(state.phoneNumberId, code);
          await audit(state, 'verify-code', { receipt });
        } catch (error) {
          await audit(state, 'verify-code', { error: GraphError.serialize(error) });
          return save({ ...state, error: GraphError.serialize(error), updatedAt: deps.now() });
        }
        return drive(
          await save({ ...state, phase: 'ready', error: undefined, updatedAt: deps.now() }),
          pin,
        );
      });
    },
  };
}

/** Codes are asked for and checked only for an unfinished change Meta asked to verify. */
function assertAwaitingCode(state: FlowState) {
  if (!isActive(state) || state.phase !== 'needs-verification') {
    throw refusal('not-awaiting-code', 'This change is not waiting for a verification code.');
  }
}

export type FlowRunner = ReturnType<typeof createFlowRunner>;
