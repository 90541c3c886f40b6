import { create } from 'zustand';
import type { FlowKind, FlowState } from '../change-flow/machine';
import { GraphError, type SerializedGraphError } from '../graph/errors';
import { ask, onBroadcast } from '../messaging/client';
import type { FlowSummary } from '../messaging/protocol';

/**
 * UI state of the change flow for the number in view. What the person typed (PIN, code,
 * choices) stays here when a request fails; the PIN is cleared once a run has used it.
 */
export interface FlowDraft {
  /** The person asked to change the storage: the region list is the choice now. */
  choosing: boolean;
  target: string | null;
  pin: string;
  confirmed: boolean;
  codeMethod: 'SMS' | 'VOICE';
  codeLanguage: string;
  code: string;
}

export interface FlowViewState {
  phoneNumberId?: string;
  summary?: FlowSummary;
  draft: FlowDraft;
  busy: boolean;
  error?: SerializedGraphError;
  codeSent: boolean;
  follow(phoneNumberId: string): () => void;
  setDraft(patch: Partial<FlowDraft>): void;
  start(kind: FlowKind): Promise<void>;
  resume(): Promise<void>;
  goBack(): Promise<void>;
  dismiss(): Promise<void>;
  requestCode(): Promise<void>;
  verifyCode(): Promise<void>;
}

const EMPTY_DRAFT: FlowDraft = {
  choosing: false,
  target: null,
  pin: '',
  confirmed: false,
  codeMethod: 'SMS',
  codeLanguage: 'en_US',
  code: '',
};

/** What the change flow shows and does, flat so `useShallow` can compare it. */
export type ChangeFlowView = Pick<
  FlowViewState,
  | 'summary'
  | 'draft'
  | 'busy'
  | 'error'
  | 'codeSent'
  | 'setDraft'
  | 'start'
  | 'resume'
  | 'goBack'
  | 'dismiss'
  | 'requestCode'
  | 'verifyCode'
>;

/** Selects the change flow's part of the store; use with `useShallow`. */
export const selectChangeFlow = (s: FlowViewState): ChangeFlowView => ({
  summary: s.summary,
  draft: s.draft,
  busy: s.busy,
  error: s.error,
  codeSent: s.codeSent,
  setDraft: s.setDraft,
  start: s.start,
  resume: s.resume,
  goBack: s.goBack,
  dismiss: s.dismiss,
  requestCode: s.requestCode,
  verifyCode: s.verifyCode,
});

export const useFlowStore = create<FlowViewState>()((set, get) => {
  async function load() {
    const id = get().phoneNumberId;
    if (!id) return;
    try {
      const summary = await ask({ type: 'flow.summary', phoneNumberId: id });
      if (get().phoneNumberId === id) set({ summary });
    } catch (e) {
      set({ error: GraphError.serialize(e) });
    }
  }

  /**
   * Runs a request. The PIN and code are forgotten once a change completes or Meta rejected the
   * PIN (it must be typed again); otherwise everything typed is kept for the next try.
   */
  async function run(request: () => Promise<FlowState>, clearSecrets: boolean) {
    set({ busy: true, error: undefined });
    try {
      const state = await request();
      if (clearSecrets && (state.phase === 'completed' || state.phase === 'awaiting-pin'))
        set((s) => ({ draft: { ...s.draft, pin: '', code: '', confirmed: false } }));
      // A change that is done leaves the choice closed; the next one starts from the button.
      if (state.phase === 'completed') set((s) => ({ draft: { ...s.draft, choosing: false } }));
    } catch (e) {
      set({ error: GraphError.serialize(e) });
    } finally {
      set({ busy: false });
      await load();
      // The background stopped mid-request (e.g. a killed worker): the journal, shown below,
      // says exactly where the change stands, which is more useful than "no answer".
      const { error, summary } = get();
      if (error?.kind === 'internal' && error.category === 'internal' && summary?.active)
        set({ error: undefined });
    }
  }

  const pinOrUndefined = () => (get().draft.pin ? get().draft.pin : undefined);

  return {
    draft: EMPTY_DRAFT,
    busy: false,
    codeSent: false,
    follow(phoneNumberId) {
      if (get().phoneNumberId !== phoneNumberId) {
        set({
          phoneNumberId,
          summary: undefined,
          draft: EMPTY_DRAFT,
          error: undefined,
          codeSent: false,
        });
      }
      void load();
      return onBroadcast((m) => {
        // token.changed also arrives when the background restarted (see onBroadcast).
        if (
          m.type === 'token.changed' ||
          (m.type === 'flow.changed' && m.phoneNumberId === get().phoneNumberId)
        )
          void load();
      });
    },
    setDraft: (patch) => set((s) => ({ draft: { ...s.draft, ...patch } })),
    async start(kind) {
      const { phoneNumberId, draft } = get();
      if (!phoneNumberId) return;
      await run(
        () =>
          ask({
            type: 'flow.start',
            kind,
            phoneNumberId,
            target: kind === 'enable' || kind === 'move' ? (draft.target ?? undefined) : undefined,
            pin: kind === 'register' || kind === 'move' ? draft.pin : undefined,
          }),
        true,
      );
    },
    async resume() {
      const flow = get().summary?.active;
      if (!flow) return;
      await run(() => ask({ type: 'flow.resume', flowId: flow.id, pin: pinOrUndefined() }), true);
    },
    async goBack() {
      const flow = get().summary?.active;
      if (!flow) return;
      await run(() => ask({ type: 'flow.goBack', flowId: flow.id, pin: get().draft.pin }), true);
    },
    async dismiss() {
      const flow = get().summary?.active;
      if (!flow) return;
      await run(() => ask({ type: 'flow.dismiss', flowId: flow.id }), false);
    },
    async requestCode() {
      const flow = get().summary?.active;
      if (!flow) return;
      const { codeMethod, codeLanguage } = get().draft;
      await run(
        () =>
          ask({
            type: 'flow.requestCode',
            flowId: flow.id,
            method: codeMethod,
            language: codeLanguage,
          }),
        false,
      );
      if (!get().error) set({ codeSent: true });
    },
    async verifyCode() {
      const flow = get().summary?.active;
      if (!flow) return;
      const { code } = get().draft;
      await run(
        () => ask({ type: 'flow.verifyCode', flowId: flow.id, code, pin: pinOrUndefined() }),
        true,
      );
    },
  };
});
