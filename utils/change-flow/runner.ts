import type { AuditEntry } from '../audit';
import { GraphError, type SerializedGraphError } from '../graph/errors';
import {
  canDismiss,
  canGoBack,
  canResume,
  type FlowKind,
  type FlowState,
  nextStepIndex,
  type Observed,
  planFlow,
  REGISTRATION_LIMIT,
  readBackMatches,
  reconcile,
  registrationCallsPlanned,
  type StepName,
  stepFailed,
  stepStarted,
  stepSucceeded,
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
  ): Promise<
    Observed & { displayPhoneNumber?: string; verifiedName?: string; codeVerified?: boolean }
  >;
}

export interface FlowStore {
  get(id: string): Promise<FlowState | null>;
  activeFor(phoneNumberId: string): Promise<FlowState | null>;
  save(state: FlowState): Promise<void>;
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

const invalid = (message: string) =>
  new GraphError({ kind: 'internal', category: 'invalid-input', message });

export interface StartInput {
  kind: FlowKind;
  phoneNumberId: string;
  target?: string;
}

/**
 * Runs change flows: one step at a time, journaled before and after each, never re-sending a
 * POST on its own. The PIN is passed per run and forgotten when the run ends.
 */
export function createFlowRunner(deps: RunnerDeps) {
  const running = new Set<string>();

  async function save(state: FlowState) {
    await deps.journal.save(state);
    deps.onChange(state);
    return state;
  }

  async function audit(
    state: FlowState,
    action: AuditEntry['action'],
    outcome: { error?: SerializedGraphError; unknown?: boolean; receipt?: Receipt } = {},
  ) {
    const { error, unknown, receipt } = outcome;
    // The storage the number had when this call was made: after the flow's own storage change,
    // that is the target (a register that ends a move to AU happened with AU storage).
    const storageChanged = state.steps.some((s) => s.name === 'set-storage' && s.status === 'done');
    await deps.audit({
      id: deps.newId(),
      at: new Date(deps.now()).toISOString(),
      phoneNumberId: state.phoneNumberId,
      displayPhoneNumber: state.displayPhoneNumber,
      action,
      regionBefore:
        action !== 'set-storage' && storageChanged
          ? (state.target ?? state.before.storage)
          : state.before.storage,
      regionAfter: action === 'set-storage' ? state.target : undefined,
      result: unknown ? 'unknown' : error ? 'error' : 'success',
      errorCode: error?.code,
      fbtraceId: error?.fbtraceId ?? receipt?.traceId,
      flowId: state.id,
    });
  }

  async function perform(
    state: FlowState,
    step: StepName,
    pin: string | undefined,
  ): Promise<Receipt | undefined> {
    switch (step) {
      case 'deregister':
        return deps.api.deregister(state.phoneNumberId);
      case 'set-storage':
        return deps.api.setStorage(state.phoneNumberId, state.target ?? 'default');
      case 'register':
        if (!isValidPin(pin)) throw invalid('A six-digit PIN is needed to register the number.');
        return deps.api.register(state.phoneNumberId, pin);
      case 'read-back': {
        const observed = await deps.api.read(state.phoneNumberId);
        if (!readBackMatches(state, observed)) {
          throw new GraphError({
            kind: 'internal',
            category: 'read-back-mismatch',
            message: `Meta reports storage "${observed.storage}" and ${observed.registered ? 'registered' : 'not registered'}.`,
          });
        }
        return undefined;
      }
    }
  }

  /** Runs steps until the flow completes, fails, or needs the person. */
  async function drive(initial: FlowState, pin: string | undefined): Promise<FlowState> {
    if (running.has(initial.id)) return initial;
    running.add(initial.id);
    let state = initial;
    try {
      // Unknown outcomes are settled by looking, never by sending again.
      const unknown = state.steps.filter((s) => s.status === 'unknown');
      if (unknown.length > 0) {
        const lastStart = Math.max(...unknown.map((s) => s.startedAt ?? 0));
        const wait = lastStart + IN_FLIGHT_GRACE_MS - deps.now();
        if (wait > 0) await (deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))(wait);
        try {
          state = await save(
            reconcile(state, await deps.api.read(state.phoneNumberId), deps.now()),
          );
        } catch (error) {
          return await save({
            ...state,
            phase: 'interrupted',
            error: GraphError.serialize(error),
            updatedAt: deps.now(),
          });
        }
      }
      for (;;) {
        const index = nextStepIndex(state);
        const step = state.steps[index];
        if (index < 0 || !step) return state;
        if (step.name === 'register' && !isValidPin(pin)) {
          return await save({ ...state, phase: 'awaiting-pin', updatedAt: deps.now() });
        }
        state = await save(stepStarted(state, index, deps.now()));
        try {
          const receipt = await perform(state, step.name, pin);
          state = await save(stepSucceeded(state, index, deps.now()));
          if (step.name !== 'read-back') {
            await audit(state, step.name, { receipt });
            deps.onNumberChanged?.(state);
          }
        } catch (error) {
          const serialized = GraphError.serialize(error);
          state = await save(stepFailed(state, index, serialized, deps.now()));
          if (step.name !== 'read-back')
            await audit(state, step.name, {
              error: serialized,
              unknown: state.phase === 'interrupted',
            });
          // Meta's refusal showed the step's aim already holds (see stepFailed): carry on.
          if (state.steps[index]?.status === 'done') continue;
          return state;
        }
      }
    } finally {
      running.delete(initial.id);
    }
  }

  async function load(id: string) {
    const state = await deps.journal.get(id);
    if (!state) throw invalid('This change is no longer in the journal.');
    return state;
  }

  return {
    /** Plans a flow from a fresh read of the number and runs it. */
    async start(input: StartInput, pin?: string): Promise<FlowState> {
      if (await deps.journal.activeFor(input.phoneNumberId)) {
        throw invalid('This number already has an unfinished change. Finish or resume it first.');
      }
      if ((input.kind === 'register' || input.kind === 'move') && !isValidPin(pin)) {
        throw invalid('The PIN is exactly six digits.');
      }
      // Never deregister a number unless the register that follows fits in Meta's limit too.
      const planned = registrationCallsPlanned(input.kind);
      const seen =
        planned > 0 ? ((await deps.registrationCallsSeen?.(input.phoneNumberId)) ?? 0) : 0;
      if (seen + planned > REGISTRATION_LIMIT) {
        throw new GraphError({
          kind: 'internal',
          category: 'register-budget',
          message: `${seen} register/deregister calls seen in 72 hours; this change needs ${planned} more.`,
        });
      }
      const observed = await deps.api.read(input.phoneNumberId);
      // Registered since the page was read: a direct storage change would only earn Meta's
      // code 100. Nothing is sent; the person is pointed to the guided move.
      if ((input.kind === 'enable' || input.kind === 'disable') && observed.registered) {
        throw new GraphError({
          kind: 'internal',
          category: 'registered-use-move',
          message: 'The number is registered; storage can change only while it is not.',
        });
      }
      const state = planFlow({
        id: deps.newId(),
        kind: input.kind,
        phoneNumberId: input.phoneNumberId,
        displayPhoneNumber: observed.displayPhoneNumber,
        verifiedName: observed.verifiedName,
        target: input.kind === 'disable' ? 'default' : input.target,
        before: { storage: observed.storage, registered: observed.registered },
        now: deps.now(),
      });
      // An unverified number would be refused at register (133006) after using one of the 10
      // register/deregister calls; verify first, before anything is changed.
      const registers = state.steps.some((s) => s.name === 'register');
      if (registers && observed.codeVerified === false) {
        return save({ ...state, phase: 'needs-verification' });
      }
      return drive(await save(state), pin);
    },
    /** Continues an unfinished flow after the person asked to (with the PIN where needed). */
    async resume(id: string, pin?: string): Promise<FlowState> {
      const state = await load(id);
      if (state.phase === 'completed') return state;
      if (!canResume(state)) throw invalid('Retrying this change cannot help now.');
      if (pin !== undefined && !isValidPin(pin)) throw invalid('The PIN is exactly six digits.');
      const ready: FlowState = {
        ...state,
        steps: state.steps.map((s) => (s.status === 'failed' ? { ...s, status: 'pending' } : s)),
      };
      return drive(ready, pin);
    },
    /** Closes a stopped change that did not leave the number offline. */
    async dismiss(id: string): Promise<FlowState> {
      const state = await load(id);
      if (!canDismiss(state)) throw invalid('This change cannot be closed: finish it first.');
      return save({ ...state, dismissedAt: deps.now(), updatedAt: deps.now() });
    },
    /** Restores the setting the number had before a move, and registers it again. */
    async goBack(id: string, pin?: string): Promise<FlowState> {
      const state = await load(id);
      if (!canGoBack(state)) throw invalid('Going back is not possible for this change now.');
      if (!isValidPin(pin)) throw invalid('The PIN is exactly six digits.');
      const revert = planFlow({
        id: deps.newId(),
        kind: 'revert',
        phoneNumberId: state.phoneNumberId,
        displayPhoneNumber: state.displayPhoneNumber,
        verifiedName: state.verifiedName,
        target: state.before.storage,
        before: { storage: state.target ?? 'default', registered: false },
        now: deps.now(),
      });
      await save({ ...state, supersededBy: revert.id, updatedAt: deps.now() });
      return drive(await save(revert), pin);
    },
    /** Asks Meta to send a verification code to the number. */
    async requestCode(id: string, method: 'SMS' | 'VOICE', language: string): Promise<FlowState> {
      const state = await load(id);
      try {
        const receipt = await deps.api.requestCode(state.phoneNumberId, method, language);
        await audit(state, 'request-code', { receipt });
        return save({ ...state, error: undefined, updatedAt: deps.now() });
      } catch (error) {
        await audit(state, 'request-code', { error: GraphError.serialize(error) });
        return save({ ...state, error: GraphError.serialize(error), updatedAt: deps.now() });
      }
    },
    /** Verifies the code, then carries on with the flow (the PIN is needed to register). */
    async verifyCode(id: string, code: string, pin?: string): Promise<FlowState> {
      if (!isValidCode(code)) throw invalid('The verification code is six digits.');
      const state = await load(id);
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
    },
  };
}

export type FlowRunner = ReturnType<typeof createFlowRunner>;
