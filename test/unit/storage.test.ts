import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  MAX_RECENT_NUMBERS,
  preferencesStore,
  recentNumbersStore,
  statusCacheStore,
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
      preferences: { graphVersion: 'latest', overlayCorner: 'middle' },
    });
    expect(await preferencesStore.get()).toEqual({
      graphVersion: null,
      overlayCorner: 'bottom-right',
      overlayHidden: false,
    });
  });

  it('merges updates and rejects invalid versions', async () => {
    await preferencesStore.update({ overlayCorner: 'top-left' });
    expect(await preferencesStore.update({ graphVersion: 'v24.0' })).toEqual({
      graphVersion: 'v24.0',
      overlayCorner: 'top-left',
      overlayHidden: false,
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
