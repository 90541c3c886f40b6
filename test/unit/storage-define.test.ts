import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { z } from 'zod';
// The real kept-aside item is wired up by the declarations module.
import { keptAsideItem } from '@/utils/storage';
import {
  defineStored,
  readList,
  readValue,
  StoredByNewerVersionError,
} from '@/utils/storage/define';

// The declaration machinery on its own, with a small item whose shape changed twice:
// version 1 stored names, version 2 objects, version 3 objects with a count.

const NoteSchema = z.object({ name: z.string(), count: z.number() });
const notes = defineStored({
  key: 'local:testNotes',
  version: 3,
  migrations: {
    2: (list) => (list as unknown[]).map((name) => ({ name })),
    3: (list) => (list as Record<string, unknown>[]).map((note) => ({ ...note, count: 0 })),
  },
  fallback: [] as z.infer<typeof NoteSchema>[],
  read: readList(NoteSchema),
  whenUnreadable: 'keep-aside',
});

const area = () => fakeBrowser.storage.local.get(null) as Promise<Record<string, unknown>>;

describe('defineStored', () => {
  it('runs every migration from the stored version, in order, and stamps the version', async () => {
    await fakeBrowser.storage.local.set({ testNotes: ['a', 'b'] });
    expect(await notes.prepare()).toEqual({
      key: 'local:testNotes',
      state: 'migrated',
      keptAside: 0,
    });
    expect(await area()).toEqual({
      testNotes: [
        { name: 'a', count: 0 },
        { name: 'b', count: 0 },
      ],
      testNotes$: { v: 3 },
    });
  });

  it('starts from the version it finds', async () => {
    await fakeBrowser.storage.local.set({ testNotes: [{ name: 'a' }], testNotes$: { v: 2 } });
    await notes.prepare();
    expect((await area()).testNotes).toEqual([{ name: 'a', count: 0 }]);
  });

  it('keeps aside a value whose migration throws, as it was stored, with the reason', async () => {
    await fakeBrowser.storage.local.set({ testNotes: 'not a list' });
    await notes.prepare();
    expect((await area()).testNotes).toEqual([]);
    expect(await keptAsideItem.get()).toEqual([
      expect.objectContaining({
        item: 'local:testNotes',
        storedVersion: 1,
        raw: 'not a list',
        reason: expect.stringMatching(/upgrade to format 2 failed/),
      }),
    ]);
  });

  it('upgrades in memory for a reader and writes nothing', async () => {
    await fakeBrowser.storage.local.set({ testNotes: ['a'] });
    expect(await notes.get()).toEqual([{ name: 'a', count: 0 }]);
    expect(await area()).toEqual({ testNotes: ['a'] });
  });

  it('loses no write when many overlap', async () => {
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        notes.update((list) => [...list, { name: `n${i}`, count: i }]),
      ),
    );
    expect(await notes.get()).toHaveLength(25);
  });

  it('leaves a newer version alone: reads what fits, refuses writes', async () => {
    const future = {
      testNotes: [{ name: 'a', count: 1, tags: [] }, { id: 7 }],
      testNotes$: { v: 4 },
    };
    await fakeBrowser.storage.local.set(future);
    expect(await notes.prepare()).toEqual({
      key: 'local:testNotes',
      state: 'newer',
      storedVersion: 4,
    });
    expect(await notes.get()).toEqual([{ name: 'a', count: 1 }]);
    await expect(notes.set([])).rejects.toBeInstanceOf(StoredByNewerVersionError);
    expect(await notes.newerVersion()).toBe(4);
    expect(await area()).toEqual(future);
  });

  it('replaces a discardable value without reading it, stamps the version, refuses a newer one', async () => {
    const scan = defineStored({
      key: 'local:testScan',
      version: 2,
      fallback: null as { n: number } | null,
      read: readValue(z.object({ n: z.number() }).nullable(), null),
      whenUnreadable: 'discard',
    });
    await fakeBrowser.storage.local.set({ testScan: 'unreadable' });
    expect(await scan.replace({ n: 1 })).toEqual({ n: 1 });
    expect(await area()).toEqual({ testScan: { n: 1 }, testScan$: { v: 2 } });
    expect(await keptAsideItem.get()).toEqual([]);
    await fakeBrowser.storage.local.set({ testScan$: { v: 3 } });
    await expect(scan.replace({ n: 2 })).rejects.toBeInstanceOf(StoredByNewerVersionError);
    expect((await area()).testScan).toEqual({ n: 1 });
  });

  it('replaces a value kept aside when unreadable as `set` does: what it cannot read is kept', async () => {
    await fakeBrowser.storage.local.set({ testNotes: 'not a list' });
    await notes.replace([{ name: 'a', count: 1 }]);
    expect((await area()).testNotes).toEqual([{ name: 'a', count: 1 }]);
    expect(await keptAsideItem.get()).toEqual([
      expect.objectContaining({ item: 'local:testNotes', raw: 'not a list' }),
    ]);
  });
});

describe('defineStored with memo (values read on the way to every Graph request)', () => {
  const counterIn = (area: 'local' | 'session') =>
    defineStored({
      key: `${area}:testCounter`,
      version: 1,
      fallback: { n: 0 },
      read: readValue(z.object({ n: z.number() }), { n: 0 }),
      whenUnreadable: 'discard',
      memo: true,
    });
  const counter = counterIn('local');
  const reads = (area: 'local' | 'session' = 'local') => {
    const get = vi.spyOn(fakeBrowser.storage[area], 'get');
    return () => get.mock.calls.length;
  };

  it('reads storage once, then answers from memory', async () => {
    await fakeBrowser.storage.local.set({ testCounter: { n: 1 } });
    const count = reads();
    expect(await counter.get()).toEqual({ n: 1 });
    expect(await counter.get()).toEqual({ n: 1 });
    expect(count()).toBe(1);
  });

  it('answers its own write from memory', async () => {
    await counter.set({ n: 2 });
    const count = reads();
    expect(await counter.get()).toEqual({ n: 2 });
    expect(count()).toBe(0);
  });

  it('sees a change made from elsewhere (another page, the browser) on the next read', async () => {
    expect(await counter.get()).toEqual({ n: 0 });
    await fakeBrowser.storage.local.set({ testCounter: { n: 5 } });
    expect(await counter.get()).toEqual({ n: 5 });
    await fakeBrowser.storage.local.remove('testCounter');
    expect(await counter.get()).toEqual({ n: 0 });
  });

  it('reads storage again once nothing tells it of changes (its listener was removed)', async () => {
    await counter.set({ n: 3 });
    // fakeBrowser.reset() empties storage and drops every listener, the memo's among them.
    fakeBrowser.reset();
    expect(await counter.get()).toEqual({ n: 0 });
  });

  it('keeps nothing where the area has no change event to keep it true', async () => {
    const sessionCounter = counterIn('session');
    const own = fakeBrowser.storage.session.onChanged;
    Object.assign(fakeBrowser.storage.session, { onChanged: undefined });
    try {
      await sessionCounter.set({ n: 1 });
      const count = reads('session');
      expect(await sessionCounter.get()).toEqual({ n: 1 });
      expect(await sessionCounter.get()).toEqual({ n: 1 });
      expect(count()).toBe(2);
    } finally {
      Object.assign(fakeBrowser.storage.session, { onChanged: own });
    }
  });

  it('lets go of the value and its listener when released (a tab that closed)', async () => {
    await counter.set({ n: 6 });
    const removed = vi.spyOn(fakeBrowser.storage.local.onChanged, 'removeListener');
    counter.release();
    expect(removed).toHaveBeenCalledTimes(1);
    const count = reads();
    expect(await counter.get()).toEqual({ n: 6 });
    expect(count()).toBe(1);
  });

  it('keeps what the start-up preparation read', async () => {
    await fakeBrowser.storage.local.set({ testCounter: { n: 7 } });
    await counter.prepare();
    const count = reads();
    expect(await counter.get()).toEqual({ n: 7 });
    expect(count()).toBe(0);
  });

  it('tells watchers the new value even when the change reaches them before the memo', async () => {
    const seen: number[] = [];
    // Watching first puts WXT's listener ahead of the memo's.
    const stop = counter.watch((v) => seen.push(v.n));
    expect(await counter.get()).toEqual({ n: 0 });
    await fakeBrowser.storage.local.set({ testCounter: { n: 9 } });
    await vi.waitFor(() => expect(seen).toEqual([9]));
    stop();
  });
});
