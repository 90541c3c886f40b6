import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  MAX_RECENT_NUMBERS,
  preferencesStore,
  recentNumbersStore,
  statusCacheStore,
  tabContextStore,
  tokenStore,
} from '@/utils/storage';

describe('tokenStore', () => {
  it('keeps the token in local storage only, with the time it was saved', async () => {
    await tokenStore.set('EAAB-secret', 1_700_000_000_000);
    expect(await tokenStore.get()).toEqual({ value: 'EAAB-secret', savedAt: 1_700_000_000_000 });
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
    await tokenStore.clear();
    expect(await tokenStore.get()).toBeNull();
  });

  it('treats a malformed stored token as no token', async () => {
    await fakeBrowser.storage.local.set({ token: { value: 42 } });
    expect(await tokenStore.get()).toBeNull();
  });
});

describe('preferencesStore', () => {
  it('falls back per field when stored preferences are malformed', async () => {
    await fakeBrowser.storage.local.set({
      preferences: { graphVersion: 'latest', overlayCorner: 'middle', overlayHidden: true },
      preferences$: { v: 2 },
    });
    expect(await preferencesStore.get()).toEqual({
      graphVersion: null,
      overlayCorner: 'bottom-right',
      overlayHidden: true,
      overlayHiddenPages: [],
      language: 'auto',
      appearance: 'auto',
    });
    await fakeBrowser.storage.local.set({
      preferences: {
        graphVersion: 'v25.0',
        overlayCorner: 'top-left',
        overlayHidden: false,
        overlayHiddenPages: ['phone-numbers:1234'],
        language: 'ar',
        appearance: 'dark',
      },
    });
    expect(await preferencesStore.get()).toEqual({
      graphVersion: 'v25.0',
      overlayCorner: 'top-left',
      overlayHidden: false,
      overlayHiddenPages: ['phone-numbers:1234'],
      language: 'ar',
      appearance: 'dark',
    });
  });

  it('merges updates and rejects invalid versions', async () => {
    await preferencesStore.update({ overlayCorner: 'top-left' });
    expect(await preferencesStore.update({ graphVersion: 'v24.0' })).toEqual({
      graphVersion: 'v24.0',
      overlayCorner: 'top-left',
      overlayHidden: false,
      overlayHiddenPages: [],
      language: 'auto',
      appearance: 'auto',
    });
    await expect(preferencesStore.update({ graphVersion: 'v24' })).rejects.toThrow();
  });
});

describe('recentNumbersStore', () => {
  it('keeps the newest first, one entry per number, at most the cap', async () => {
    for (let i = 0; i < MAX_RECENT_NUMBERS + 3; i++) {
      await recentNumbersStore.remember({ phoneNumberId: String(1000 + i), seenAt: i });
    }
    await recentNumbersStore.remember({ phoneNumberId: '1005', seenAt: 99 });
    const list = await recentNumbersStore.get();
    expect(list).toHaveLength(MAX_RECENT_NUMBERS);
    expect(list[0]?.phoneNumberId).toBe('1005');
    expect(new Set(list.map((r) => r.phoneNumberId)).size).toBe(MAX_RECENT_NUMBERS);
  });
});

describe('statusCacheStore', () => {
  it('loses no entry when many writes overlap', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        statusCacheStore.put(String(i), { phone: { id: String(i) }, settings: {}, readAt: i }),
      ),
    );
    expect(Object.keys(await statusCacheStore.getAll())).toHaveLength(30);
  });
});

describe('tabContextStore', () => {
  const context = {
    tabId: 4,
    url: 'https://business.facebook.com/wa/manage/home/?waba_id=5',
    page: { wabaId: '5', section: 'home' as const },
    resolution: 'waba' as const,
    updatedAt: 1,
  };

  it('keeps one context per tab in session storage and forgets a closed tab entirely', async () => {
    await tabContextStore.set(context);
    await tabContextStore.set({ ...context, tabId: 5 });
    expect(await tabContextStore.get(4)).toEqual(context);
    expect((await tabContextStore.all()).map((c) => c.tabId).sort()).toEqual([4, 5]);
    await tabContextStore.forget(4);
    expect(await tabContextStore.get(4)).toBeNull();
    expect(Object.keys(await fakeBrowser.storage.session.get(null))).toEqual(['tab-5', 'tab-5$']);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it("stops listening for a closed tab's changes (its value was kept in memory)", async () => {
    await tabContextStore.set(context);
    const removed = vi.spyOn(fakeBrowser.storage.session.onChanged, 'removeListener');
    await tabContextStore.forget(4);
    expect(removed).toHaveBeenCalledTimes(1);
  });

  it('reads a context it cannot read as none: the tab is looked at again', async () => {
    await fakeBrowser.storage.session.set({ 'tab-4': { tabId: 4, resolution: 'elsewhere' } });
    expect(await tabContextStore.get(4)).toBeNull();
    expect(await tabContextStore.all()).toEqual([]);
  });
});
