import { create } from 'zustand';
import type { FlowState } from '../change-flow/machine';
import type { SerializedGraphError } from '../graph';
import { GraphError } from '../graph/errors';
import { ask, onBroadcast } from '../messaging/client';
import type {
  NumberStatusReply,
  TabContext,
  TokenInfo,
  WabaNumbersReply,
} from '../messaging/protocol';
import type { Policy } from '../policy';
import type { RecentNumber } from '../storage';

/** A value being loaded from the background, with the last good value kept during refresh. */
export interface Loadable<T> {
  data?: T;
  error?: SerializedGraphError;
  loading: boolean;
}
const idle = <T>(): Loadable<T> => ({ loading: false });

export interface ViewState {
  tabId?: number;
  token: Loadable<TokenInfo>;
  context: Loadable<TabContext | null>;
  status: Loadable<NumberStatusReply>;
  waba: Loadable<WabaNumbersReply>;
  recent: RecentNumber[];
  /** Unfinished changes of any number, so none is forgotten. */
  unfinished: FlowState[];
  /** A number the user picked by hand (no Manager page in the tab). */
  manualId?: string;
  /** The residency policy, to say whether the open number meets it. */
  policy?: Policy;
  /** Starts following a tab (undefined = the sender's own tab, for the panel). */
  start(tabId?: number): () => void;
  refresh(force?: boolean): Promise<void>;
  lookUp(phoneNumberId: string): Promise<void>;
}

/** The WABA of the number shown: the page's, else the one it was last seen in. */
export function shownWabaId(
  state: Pick<ViewState, 'context' | 'manualId' | 'recent'>,
): string | undefined {
  const pageWaba = state.context.data?.page?.wabaId;
  if (pageWaba && state.context.data?.resolution === 'resolved') return pageWaba;
  const id = shownNumberId(state);
  return state.recent.find((r) => r.phoneNumberId === id)?.wabaId;
}

/** The number a view should show: the one the tab resolved, else the one picked by hand. */
export function shownNumberId(state: Pick<ViewState, 'context' | 'manualId'>): string | undefined {
  const ctx = state.context.data;
  if (ctx?.resolution === 'resolved' && ctx.phoneNumberId) return ctx.phoneNumberId;
  return state.manualId;
}

export const useViewStore = create<ViewState>()((set, get) => {
  // A broadcast can start a read while an older one is still waiting for its answer, and the
  // answers may come back in either order: only the newest read of each kind is applied, so an
  // answer from before the tab resolved never replaces the one from after.
  const latest = { token: 0, context: 0, status: 0, waba: 0 };

  async function loadToken() {
    const mine = ++latest.token;
    set((s) => ({ token: { ...s.token, loading: true } }));
    try {
      const data = await ask({ type: 'token.info' });
      if (mine === latest.token) set({ token: { data, loading: false } });
    } catch (e) {
      if (mine === latest.token)
        set((s) => ({ token: { ...s.token, error: GraphError.serialize(e), loading: false } }));
    }
  }

  async function loadStatus(phoneNumberId: string, force = false) {
    const mine = ++latest.status;
    set((s) => ({
      status: {
        data: s.status.data?.phoneNumberId === phoneNumberId ? s.status.data : undefined,
        loading: true,
      },
    }));
    try {
      const data = await ask({ type: 'number.status', phoneNumberId, force });
      if (mine === latest.status && shownNumberId(get()) === phoneNumberId)
        set({ status: { data, loading: false } });
    } catch (e) {
      if (mine === latest.status && shownNumberId(get()) === phoneNumberId)
        set((s) => ({
          status: { data: s.status.data, error: GraphError.serialize(e), loading: false },
        }));
    }
  }

  async function loadWaba(wabaId: string, force = false) {
    const mine = ++latest.waba;
    set((s) => ({
      waba: { data: s.waba.data?.wabaId === wabaId ? s.waba.data : undefined, loading: true },
    }));
    try {
      const data = await ask({ type: 'waba.numbers', wabaId, force });
      if (mine === latest.waba) set({ waba: { data, loading: false } });
    } catch (e) {
      if (mine === latest.waba)
        set((s) => ({
          waba: { data: s.waba.data, error: GraphError.serialize(e), loading: false },
        }));
    }
  }

  /** Loads whatever the current context calls for (not the status when it came with it). */
  async function follow(force = false, known?: NumberStatusReply) {
    const ctx = get().context.data;
    const id = shownNumberId(get());
    if (id && known?.phoneNumberId === id) {
      // Newer than any status read still under way.
      latest.status += 1;
      set({ status: { data: known, loading: false } });
    } else if (id) await loadStatus(id, force);
    else set({ status: idle() });
    if (ctx?.resolution === 'waba' && ctx.page?.wabaId) await loadWaba(ctx.page.wabaId, force);
    else set({ waba: idle() });
  }

  async function loadContext(force = false) {
    const { tabId } = get();
    const mine = ++latest.context;
    let status: NumberStatusReply | undefined;
    set((s) => ({ context: { ...s.context, loading: true } }));
    try {
      const reply = await ask({ type: force ? 'tab.refresh' : 'tab.context', tabId });
      // A newer read of the context is under way, and follows what it finds.
      if (mine !== latest.context) return;
      let context: TabContext | null = reply;
      if (reply && 'status' in reply) ({ status, ...context } = reply);
      set({ context: { data: context, loading: false } });
      // The panel starts without knowing its tab; the first answer tells it.
      if (get().tabId === undefined && context) set({ tabId: context.tabId });
    } catch (e) {
      if (mine !== latest.context) return;
      set((s) => ({ context: { ...s.context, error: GraphError.serialize(e), loading: false } }));
    }
    await follow(force, status);
  }

  return {
    token: idle(),
    context: idle(),
    status: idle(),
    waba: idle(),
    recent: [],
    unfinished: [],
    start(tabId) {
      set({ tabId });
      // The context (with its number's status) first: the background answers in turn.
      void loadContext();
      void loadToken();
      void ask({ type: 'recent.list' }).then(
        (recent) => set({ recent }),
        () => undefined,
      );
      const loadUnfinished = () =>
        void ask({ type: 'flow.listActive' }).then(
          (unfinished) => set({ unfinished }),
          () => undefined,
        );
      loadUnfinished();
      void ask({ type: 'policy.get' }).then(
        (policy) => set({ policy }),
        () => undefined,
      );
      return onBroadcast((message) => {
        if (message.type === 'flow.changed') loadUnfinished();
        if (message.type === 'policy.changed') set({ policy: message.policy });
        const state = get();
        if (message.type === 'context.changed') {
          if (state.tabId === undefined || message.tabId === state.tabId) void loadContext();
        } else if (message.type === 'status.changed') {
          if (shownNumberId(state) === message.phoneNumberId)
            void loadStatus(message.phoneNumberId);
        } else if (message.type === 'status.refreshFailed') {
          if (shownNumberId(state) === message.phoneNumberId)
            set((s) => ({ status: { ...s.status, error: message.error, loading: false } }));
        } else if (message.type === 'token.changed') {
          void loadToken();
          void loadContext();
        }
      });
    },
    async refresh(force = true) {
      const ctx = get().context.data;
      if (
        ctx &&
        (ctx.resolution === 'error' ||
          ctx.resolution === 'not-found' ||
          ctx.resolution === 'no-token')
      ) {
        await loadContext(true);
        return;
      }
      await follow(force);
    },
    async lookUp(phoneNumberId) {
      set({ manualId: phoneNumberId, status: idle() });
      await loadStatus(phoneNumberId);
      void ask({ type: 'recent.list' }).then(
        (recent) => set({ recent }),
        () => undefined,
      );
    },
  };
});
