import { create } from 'zustand';
import { GraphError, type SerializedGraphError } from '../graph/errors';
import { ask, onBroadcast } from '../messaging/client';
import type { TokenCheck, TokenInfo } from '../messaging/protocol';

export interface SettingsState {
  info?: TokenInfo;
  infoError?: SerializedGraphError;
  /** What the user is typing; kept when a save fails so nothing is lost. */
  draft: string;
  saving: boolean;
  check?: TokenCheck;
  checkError?: SerializedGraphError;
  setDraft(value: string): void;
  load(): Promise<void>;
  save(): Promise<void>;
  recheck(): Promise<void>;
  clear(): Promise<void>;
  setVersion(version: string | null): Promise<void>;
  watch(): () => void;
}

/** What the token form shows and does. */
export type TokenFormState = Pick<
  SettingsState,
  'info' | 'draft' | 'saving' | 'check' | 'checkError' | 'setDraft' | 'save' | 'clear' | 'recheck'
>;

/** Selects the token form's part of the store; use with `useShallow`. */
export const selectTokenForm = (s: SettingsState): TokenFormState => ({
  info: s.info,
  draft: s.draft,
  saving: s.saving,
  check: s.check,
  checkError: s.checkError,
  setDraft: s.setDraft,
  save: s.save,
  clear: s.clear,
  recheck: s.recheck,
});

export const useSettingsStore = create<SettingsState>()((set, get) => ({
  draft: '',
  saving: false,
  setDraft: (draft) => set({ draft }),
  async load() {
    try {
      set({ info: await ask({ type: 'token.info' }), infoError: undefined });
    } catch (e) {
      set({ infoError: GraphError.serialize(e) });
    }
  },
  async save() {
    const token = get().draft.trim();
    if (!token) return;
    set({ saving: true, check: undefined, checkError: undefined });
    try {
      const check = await ask({ type: 'token.save', token });
      // Saved and checked: the field is emptied so the token is not left on screen.
      set({ check, draft: '', saving: false });
    } catch (e) {
      set({ checkError: GraphError.serialize(e), saving: false });
    }
    await get().load();
  },
  async recheck() {
    set({ saving: true, check: undefined, checkError: undefined });
    try {
      set({ check: await ask({ type: 'token.check' }), saving: false });
    } catch (e) {
      set({ checkError: GraphError.serialize(e), saving: false });
    }
  },
  async clear() {
    await ask({ type: 'token.clear' });
    set({ check: undefined, checkError: undefined });
    await get().load();
  },
  async setVersion(graphVersion) {
    await ask({ type: 'preferences.update', patch: { graphVersion } });
    await get().load();
  },
  watch: () => onBroadcast((m) => m.type === 'token.changed' && void get().load()),
}));
