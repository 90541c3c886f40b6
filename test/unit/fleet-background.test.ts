// The background's fleet handlers for real (router, scanner, storage, alarms) against the
// in-process sandbox: global fetch is the network boundary the background uses.
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  FLEET_KEEPALIVE_ALARM,
  FLEET_WAKE_ALARM,
  startFleetBackground,
} from '@/utils/background/fleet';
import { handleMessage } from '@/utils/background/router';
import type { ScanState } from '@/utils/fleet';
import type { Envelope } from '@/utils/messaging/protocol';
import { fleetScanStore, tokenStore } from '@/utils/storage';
import { FLEET_NUMBER_COUNT, SANDBOX_TOKEN, type Sandbox, TOKEN_FLEET } from '../sandbox';
import { withGraphSandbox } from './sandbox-fetch';

const page = {
  id: fakeBrowser.runtime.id,
  url: `chrome-extension://${fakeBrowser.runtime.id}/overview.html`,
};
const ask = async (request: unknown) => {
  const reply: Envelope = await handleMessage(request, page);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.data as never;
};

let sandbox: Sandbox;
withGraphSandbox(
  (s) => (sandbox = s),
  () => tokenStore.set(TOKEN_FLEET),
);

const settingsReads = () => sandbox.requests().filter((r) => r.path.endsWith('/settings'));

describe('fleet messages', { timeout: 120_000 }, () => {
  it('fleet.scan reads every number; fleet.state shows it; storage keeps it', async () => {
    const started = await ask({ type: 'fleet.scan' });
    expect(started).toMatchObject({ phase: 'wabas', numbersTotal: 0 });
    expect(await fakeBrowser.alarms.get(FLEET_KEEPALIVE_ALARM)).toBeDefined();
    await expect
      .poll(async () => ((await ask({ type: 'fleet.state' })) as ScanState).phase, {
        timeout: 100_000,
        interval: 500,
      })
      .toBe('done');
    const state = (await ask({ type: 'fleet.state' })) as ScanState;
    expect(state.rows).toHaveLength(FLEET_NUMBER_COUNT);
    expect(state.rows.every((r) => r.state === 'done')).toBe(true);
    expect((await fleetScanStore.get())?.phase).toBe('done');
    expect(await fakeBrowser.alarms.get(FLEET_KEEPALIVE_ALARM)).toBeUndefined();
  });

  it('a stopped worker: the stored scan continues on the alarm, without reading again', async () => {
    // A scan stored half-way by an earlier worker, in a rate-limit wait that has ended.
    await ask({ type: 'fleet.scan' });
    await expect
      .poll(
        async () =>
          (await fleetScanStore.get())?.rows.filter((r) => r.state === 'done').length ?? 0,
        {
          timeout: 60_000,
          interval: 100,
        },
      )
      .toBeGreaterThan(300);
    const stored = (await fleetScanStore.get()) as ScanState;
    // The worker stops: a new token makes the background forget everything it had in memory…
    await ask({ type: 'token.save', token: TOKEN_FLEET });
    // …and the stored half-way scan is put back as the new worker would find it.
    await fleetScanStore.set({ ...stored, wait: { until: Date.now() - 1, code: 80007 } });
    sandbox.clearRequests();
    startFleetBackground(() => undefined);
    await fakeBrowser.alarms.onAlarm.trigger({ name: FLEET_WAKE_ALARM, scheduledTime: Date.now() });
    await expect
      .poll(async () => (await fleetScanStore.get())?.phase, { timeout: 100_000, interval: 500 })
      .toBe('done');
    const done = stored.rows.filter((r) => r.state === 'done').map((r) => r.phoneNumberId);
    const reads = settingsReads().map((r) => r.path.split('/')[2]);
    expect(reads.length).toBeLessThanOrEqual(FLEET_NUMBER_COUNT - done.length);
    for (const id of done) expect(reads).not.toContain(id);
  });

  it('saving another token forgets the scan', async () => {
    await fleetScanStore.set({
      id: 'old',
      startedAt: 1,
      phase: 'done',
      wabas: [],
      rows: [],
      streak: 0,
      stats: { requests: 0, rateLimited: 0 },
    });
    await ask({ type: 'token.save', token: SANDBOX_TOKEN });
    expect(await fleetScanStore.get()).toBeNull();
  });

  it('keeps the policy and refuses one that does not parse', async () => {
    const policy = {
      all: { regions: ['BR', 'DE'], defaultStorageAllowed: false, noStorageAllowed: true },
      wabas: {},
    };
    expect(await ask({ type: 'policy.set', policy })).toEqual(policy);
    expect(await ask({ type: 'policy.get' })).toEqual(policy);
    const bad = await handleMessage(
      { type: 'policy.set', policy: { ...policy, all: { ...policy.all, regions: ['US'] } } },
      page,
    );
    expect(bad.ok).toBe(false);
    expect(await ask({ type: 'policy.get' })).toEqual(policy);
  });
});
