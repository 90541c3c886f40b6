// The fleet watch in the background for real (router, scanner, storage, alarms) against the
// in-process sandbox: a check records what was changed in the sandbox, and a check that reaches
// its cap mid-run stops and says so.
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startFleetBackground } from '@/utils/background/fleet';
import { handleMessage } from '@/utils/background/router';
import { startWatchBackground, WATCH_ALARM } from '@/utils/background/watch';
import type { Envelope, WatchView } from '@/utils/messaging/protocol';
import { fleetWatchStore, statusCacheStore, tokenStore } from '@/utils/storage';
import { PHONES, type Sandbox, TOKEN_FIRST_WABA_ONLY } from '../sandbox';
import { withGraphSandbox } from './sandbox-fetch';

const page = {
  id: fakeBrowser.runtime.id,
  url: `chrome-extension://${fakeBrowser.runtime.id}/overview.html`,
};
const ask = async <T = WatchView>(request: unknown): Promise<T> => {
  const reply: Envelope = await handleMessage(request, page);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.data as T;
};

/** Waits until no check runs, then gives the watch. */
const checked = async () => {
  await expect
    .poll(async () => (await ask({ type: 'watch.get' })).running, { timeout: 30_000 })
    .toBeUndefined();
  return ask({ type: 'watch.get' });
};

let sandbox: Sandbox;
withGraphSandbox(
  (s) => (sandbox = s),
  async () => {
    await tokenStore.set(TOKEN_FIRST_WABA_ONLY);
    startFleetBackground(() => undefined);
    startWatchBackground(() => undefined, Promise.resolve());
  },
);

describe('the fleet watch', { timeout: 60_000 }, () => {
  it('is off until turned on; then checks hourly and records a change made in the sandbox', async () => {
    expect((await ask({ type: 'watch.get' })).settings.enabled).toBe(false);
    expect(await fakeBrowser.alarms.get(WATCH_ALARM)).toBeUndefined();

    await ask({ type: 'watch.configure', settings: { enabled: true } });
    expect((await fakeBrowser.alarms.get(WATCH_ALARM))?.periodInMinutes).toBe(60);
    const first = await checked();
    expect(first.events).toEqual([]);
    expect(first.lastCalls?.total).toBe(first.estimate?.total);

    sandbox.updatePhone(PHONES.brazil.id, {
      storage: { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: 'DE' },
      platform_type: 'NOT_APPLICABLE',
    });
    await ask({ type: 'watch.checkNow' });
    const second = await checked();
    expect(
      second.events.map((e) => (e.kind === 'change' ? [e.field, e.before, e.after] : e)),
    ).toEqual([
      ['storage', 'BR', 'DE'],
      ['registration', 'registered-cloud', 'unregistered'],
    ]);
    expect(second.driftedSinceSeen).toBe(1);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    // The popup and the badge of a tab showing it see the new storage without reading again.
    expect((await statusCacheStore.get(PHONES.brazil.id))?.settings).toMatchObject({
      storage_configuration: { data_localization_region: 'DE' },
    });

    expect((await ask({ type: 'watch.seen' })).driftedSinceSeen).toBe(0);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('still says what a check costs after one that could not list the fleet, from storage, until the token changes', async () => {
    await ask({ type: 'watch.configure', settings: { enabled: true } });
    const listed = (await checked()).estimate;
    expect(listed?.total).toBeGreaterThan(0);
    sandbox.injectGraphError({
      error: {
        code: 190,
        error_subcode: 463,
        type: 'OAuthException',
        message: 'Session has expired.',
      },
      status: 400,
      count: 1,
    });
    await ask({ type: 'watch.checkNow' });
    const failed = await checked();
    expect(failed.events.at(-1)).toMatchObject({ kind: 'gap', reason: 'failed' });
    expect(failed.estimate).toEqual(listed);
    // Kept with the watch's stored state, not in the worker's memory (which a restart loses):
    // what is stored is what the views are told.
    const stored = await fleetWatchStore.get();
    expect(stored.estimate).toEqual(listed);
    const elsewhere = { numbers: 1, pages: 1, account: 2, total: 4 };
    await fleetWatchStore.update((w) => ({ ...w, estimate: elsewhere }));
    expect((await ask({ type: 'watch.get' })).estimate).toEqual(elsewhere);
    // Another token (here none) has another fleet: its cost is unknown until it is listed.
    await ask({ type: 'token.clear' });
    expect((await ask({ type: 'watch.get' })).estimate).toBeUndefined();
  });

  it('a fleet that grew past the cap stops the check at the cap and records it', async () => {
    await ask({ type: 'watch.configure', settings: { enabled: true } });
    const first = await checked();
    const cap = first.estimate?.total ?? 0;
    await ask({ type: 'watch.configure', settings: { callCap: cap } });
    // Five more numbers in the account: the check would need five more calls than its cap.
    const brazil = sandbox.phone(PHONES.brazil.id);
    for (let i = 1; i <= 5; i++) {
      const id = `${PHONES.brazil.id.slice(0, -2)}9${i}`;
      sandbox.state.phones.set(id, { ...structuredClone(brazil!), id });
    }
    sandbox.clearRequests();
    await ask({ type: 'watch.checkNow' });
    const stopped = await checked();
    const gap = stopped.events.at(-1);
    expect(gap).toMatchObject({ kind: 'gap', reason: 'cap-reached', count: cap, cap });
    // No more calls than the cap, and the calls under way when it was reached.
    const graphCalls = sandbox.requests().filter((r) => r.host.startsWith('graph.')).length;
    expect(graphCalls).toBeGreaterThanOrEqual(cap);
    expect(graphCalls).toBeLessThanOrEqual(cap + 16);
  });
});
