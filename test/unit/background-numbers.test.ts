import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  cachedNumberStatus,
  currentNumberStatus,
  fetchNumberStatus,
  forgetWabaLists,
  readAllPages,
  resolvePhoneNumberId,
} from '@/utils/background/numbers';
import { PhoneNumberListSchema } from '@/utils/graph';
import { statusCacheStore, tokenStore } from '@/utils/storage';

// The background's list reading against a Graph stand-in behind fetch (the network boundary).

type Page = { data: unknown[]; paging?: unknown };

function listStandIn(pageFor: (after: string | null) => Page) {
  const calls: string[] = [];
  const fetch = vi.fn(async (input: string | URL | Request) => {
    const url = new URL(String(input));
    calls.push(url.searchParams.get('after') ?? '(first)');
    return new Response(JSON.stringify(pageFor(url.searchParams.get('after'))), { status: 200 });
  });
  vi.stubGlobal('fetch', fetch);
  return calls;
}

const phone = (id: string, display: string) => ({ id, display_phone_number: display });
const next = (after: string) => ({
  cursors: { after },
  next: `https://graph.facebook.com/n?after=${after}`,
});

beforeEach(async () => {
  forgetWabaLists();
  await tokenStore.set('GOOD');
});

describe('reading a list edge', () => {
  it('stops when Graph hands back a cursor it already followed', async () => {
    const calls = listStandIn((after) => ({
      data: [phone(after === 'b' ? '2' : '1', '+1 555')],
      paging: next(after === null ? 'a' : after === 'a' ? 'b' : 'a'),
    }));
    const items = await readAllPages('500/phone_numbers', PhoneNumberListSchema, 'id');
    expect(calls).toEqual(['(first)', 'a', 'b']);
    expect(items).toHaveLength(3);
  });

  it('stops at an empty page even when it names a next one', async () => {
    const calls = listStandIn((after) =>
      after === null
        ? { data: [phone('1', '+1 555')], paging: next('a') }
        : { data: [], paging: next('z') },
    );
    expect(await readAllPages('500/phone_numbers', PhoneNumberListSchema, 'id')).toHaveLength(1);
    expect(calls).toEqual(['(first)', 'a']);
  });
});

describe('resolving numbers a page shows', () => {
  it('reads the account list again once for many unknown numbers, not once for each', async () => {
    const calls = listStandIn(() => ({ data: [phone('1', '+1 555-010-0001')] }));
    const unknown = ['15550100002', '15550100003', '15550100004', '15550100005'];
    expect(await Promise.all(unknown.map((d) => resolvePhoneNumberId('500', d)))).toEqual([
      null,
      null,
      null,
      null,
    ]);
    // One read of the list, and one forced read shared by every unknown number.
    expect(calls).toHaveLength(2);
    expect(await resolvePhoneNumberId('500', '15550100006')).toBeNull();
    expect(calls).toHaveLength(2);
    expect(await resolvePhoneNumberId('500', '15550100001')).toBe('1');
    // The person asked to look again: read anew, throttle or not.
    expect(await resolvePhoneNumberId('500', '15550100007', true)).toBeNull();
    expect(calls).toHaveLength(3);
  });
});

describe('reading a number', () => {
  /** A Graph stand-in whose number reads answer only when `answer()` is called. */
  function heldNumber(quality: string) {
    const paths: string[] = [];
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string | URL | Request) => {
        const { pathname } = new URL(String(input));
        paths.push(pathname);
        await held;
        const body = pathname.endsWith('/settings')
          ? { storage_configuration: { status: 'DEFAULT' } }
          : { id: '7', display_phone_number: '+1 555-010-0007', quality_rating: quality };
        return new Response(JSON.stringify(body), { status: 200 });
      }),
    );
    return { paths, answer: () => release() };
  }

  /** An earlier answer for the number, cached moments ago (not stale). */
  const cacheRed = () =>
    statusCacheStore.put('7', {
      phone: { id: '7', quality_rating: 'RED' },
      settings: {},
      readAt: Date.now(),
    });

  it('joins a read under way, even over an older cached answer, and never asks Graph twice', async () => {
    await cacheRed();
    const graph = heldNumber('GREEN');
    // A read-back after a change is under way when a view asks for the number.
    const readBack = fetchNumberStatus('7');
    const asked = currentNumberStatus('7');
    graph.answer();
    expect((await asked).phone.quality_rating).toBe('GREEN');
    expect((await readBack).phone.quality_rating).toBe('GREEN');
    expect(graph.paths.filter((p) => p.endsWith('/7'))).toHaveLength(1);
    // The read-back resolves once the answer is cached.
    expect((await cachedNumberStatus('7'))?.phone.quality_rating).toBe('GREEN');
  });

  it('answers from the cache when no read is under way', async () => {
    await cacheRed();
    const graph = heldNumber('GREEN');
    expect((await currentNumberStatus('7')).phone.quality_rating).toBe('RED');
    expect(graph.paths).toEqual([]);
  });
});
