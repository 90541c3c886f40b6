import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { planFlow } from '@/utils/change-flow/machine';
import { useFlowStore } from '@/utils/ui-store/flow-store';
import { useSettingsStore } from '@/utils/ui-store/settings-store';
import { shownNumberId, useViewStore } from '@/utils/ui-store/view-store';

// The stores talk to the background through runtime messages; here a small stand-in answers
// them, so what is tested is what the stores keep and forget.
type Handler = (message: { type: string; [k: string]: unknown }) => unknown;
let answer: Handler;
beforeEach(() => {
  fakeBrowser.runtime.onMessage.addListener((message: unknown) =>
    Promise.resolve(answer(message as { type: string })),
  );
  useSettingsStore.setState({ draft: '', saving: false, check: undefined, checkError: undefined });
  useFlowStore.setState({
    phoneNumberId: '300000000000001',
    summary: undefined,
    busy: false,
    error: undefined,
    draft: {
      choosing: true,
      target: 'DE',
      pin: '',
      confirmed: true,
      codeMethod: 'SMS',
      codeLanguage: 'en_US',
      code: '',
    },
  });
});

const graphFailure = {
  kind: 'graph',
  category: 'token-invalid',
  message: 'bad',
  code: 190,
  isTransient: false,
};
const flow = (phase: 'completed' | 'interrupted' | 'awaiting-pin') => ({
  ...planFlow({
    id: '00000000-0000-4000-8000-000000000001',
    kind: 'move',
    phoneNumberId: '300000000000001',
    target: 'DE',
    before: { storage: 'default', registered: true },
    now: 1,
  }),
  phase,
});
const summary = { active: null, latest: null, registrationCallsSeen: 0 };

describe('settings store', () => {
  it('keeps the typed token when saving fails, and empties the field once it is saved', async () => {
    useSettingsStore.getState().setDraft('EAAB-typed');
    answer = (m) =>
      m.type === 'token.save' ? { ok: false, error: graphFailure } : { ok: true, data: info };
    const info = { hasToken: false, graphVersion: null, effectiveVersion: 'v26.0' };
    await useSettingsStore.getState().save();
    expect(useSettingsStore.getState()).toMatchObject({
      draft: 'EAAB-typed',
      checkError: { code: 190 },
    });

    const check = { user: { id: '9' }, granted: [], missing: [], checkedAt: 1 };
    answer = (m) => ({ ok: true, data: m.type === 'token.save' ? check : info });
    await useSettingsStore.getState().save();
    expect(useSettingsStore.getState()).toMatchObject({ draft: '', check: { user: { id: '9' } } });
  });
});

describe('flow store', () => {
  it.each([
    ['completed', '', false],
    ['awaiting-pin', '', true],
    ['interrupted', '246810', true],
  ] as const)(
    'after a run that ends %s the PIN field holds "%s" (region choice open: %s)',
    async (phase, pinAfter, choosing) => {
      useFlowStore.getState().setDraft({ pin: '246810' });
      answer = (m) => ({ ok: true, data: m.type === 'flow.summary' ? summary : flow(phase) });
      await useFlowStore.getState().start('move');
      expect(useFlowStore.getState().draft).toMatchObject({ pin: pinAfter, choosing });
    },
  );

  it('keeps every choice when the background refuses the request', async () => {
    useFlowStore.getState().setDraft({ pin: '246810' });
    answer = (m) =>
      m.type === 'flow.summary' ? { ok: true, data: summary } : { ok: false, error: graphFailure };
    await useFlowStore.getState().start('move');
    expect(useFlowStore.getState()).toMatchObject({
      draft: { choosing: true, target: 'DE', pin: '246810', confirmed: true },
      error: { code: 190 },
    });
  });
});

describe('shownNumberId', () => {
  it('prefers the number the tab resolved over one picked by hand', () => {
    const context = (resolution: 'resolved' | 'waba') => ({
      loading: false,
      data: { tabId: 1, url: '', page: null, resolution, phoneNumberId: '7', updatedAt: 0 },
    });
    expect(shownNumberId({ context: context('resolved'), manualId: '9' })).toBe('7');
    expect(shownNumberId({ context: context('waba'), manualId: '9' })).toBe('9');
  });
});

/**
 * The background's end of the broadcast port (the fake browser has no `runtime.connect`):
 * returns the function that sends a broadcast to the store under test.
 */
function stubBroadcastPort() {
  let listener: ((message: unknown) => void) | undefined;
  const port = {
    onMessage: { addListener: (l: (m: unknown) => void) => (listener = l) },
    onDisconnect: { addListener: () => undefined },
    disconnect: () => undefined,
  };
  (fakeBrowser.runtime as unknown as { connect: () => typeof port }).connect = () => port;
  return (message: unknown) => listener?.(message);
}

describe('view store', () => {
  it('keeps the newest answer about the tab when an older one arrives after it', async () => {
    const broadcastTo = stubBroadcastPort();

    const page = { section: 'phone-profile' as const, wabaId: '1' };
    const context = (resolution: 'resolving' | 'resolved') => ({
      tabId: 5,
      url: 'https://business.facebook.com/x',
      page,
      resolution,
      ...(resolution === 'resolved' ? { phoneNumberId: '300000000000001' } : {}),
      updatedAt: 1,
    });
    let answerFirst: (value: unknown) => void = () => undefined;
    let contextAsks = 0;
    answer = (m) => {
      if (m.type === 'tab.context') {
        contextAsks += 1;
        // The first answer (the number still being looked up) is slow to come back.
        if (contextAsks === 1)
          return new Promise((resolve) => {
            answerFirst = () => resolve({ ok: true, data: context('resolving') });
          });
        return { ok: true, data: context('resolved') };
      }
      if (m.type === 'number.status')
        return { ok: true, data: { phoneNumberId: '300000000000001', readAt: 2, stale: false } };
      if (m.type === 'token.info') return { ok: true, data: { hasToken: true } };
      return { ok: true, data: m.type === 'policy.get' ? null : [] };
    };
    const stop = useViewStore.getState().start(5);
    await vi.waitFor(() => expect(contextAsks).toBe(1));
    // The background found the number and says so; the view asks again and hears first.
    broadcastTo({ type: 'context.changed', tabId: 5 });
    await vi.waitFor(() =>
      expect(useViewStore.getState().status.data?.phoneNumberId).toBe('300000000000001'),
    );
    answerFirst(undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(useViewStore.getState().context.data?.resolution).toBe('resolved');
    expect(shownNumberId(useViewStore.getState())).toBe('300000000000001');
    stop();
  });
});

describe('view store, status along with the context', () => {
  it('shows the status the context brought without asking for it again', async () => {
    stubBroadcastPort();
    const status = { phoneNumberId: '300000000000002', readAt: 2, stale: false };
    const asked: string[] = [];
    answer = (m) => {
      asked.push(m.type);
      if (m.type === 'tab.context')
        return {
          ok: true,
          data: {
            tabId: 6,
            url: 'https://business.facebook.com/x',
            page: { section: 'phone-profile' },
            resolution: 'resolved',
            phoneNumberId: '300000000000002',
            updatedAt: 1,
            status,
          },
        };
      if (m.type === 'token.info') return { ok: true, data: { hasToken: true } };
      return { ok: true, data: m.type === 'policy.get' ? null : [] };
    };
    const stop = useViewStore.getState().start(6);
    await vi.waitFor(() => expect(useViewStore.getState().status.data).toEqual(status));
    expect(useViewStore.getState().context.data).not.toHaveProperty('status');
    expect(asked).not.toContain('number.status');
    stop();
  });
});
