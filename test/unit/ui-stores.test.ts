import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { planFlow } from '@/utils/change-flow/machine';
import { useFlowStore } from '@/utils/ui-store/flow-store';
import { useSettingsStore } from '@/utils/ui-store/settings-store';
import { shownNumberId } from '@/utils/ui-store/view-store';

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
