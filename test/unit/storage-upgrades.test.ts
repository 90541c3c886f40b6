import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { chainEntries, isCall, isTrim, verifyChain } from '@/utils/audit/chain';
import type { AuditEntry, AuditRecord } from '@/utils/audit/entry';
import type { Envelope } from '@/utils/messaging/protocol';
import { ids, release010, unreadable } from './fixtures/stored-0.1.0';

// Stored data across upgrades and downgrades, through the real background start-up
// (entrypoints/background.ts) on WXT's fake browser; Meta is a small stand-in behind fetch.

const EXT = `chrome-extension://${fakeBrowser.runtime.id}/`;
const optionsPage = { id: fakeBrowser.runtime.id, url: `${EXT}options.html` };

type Call = { method: string; path: string };
let calls: Call[];
/** When set, Meta refuses every read, so nothing the background reads changes the cache. */
let refuseReads: boolean;

function metaStandIn() {
  return vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const path = new URL(String(input)).pathname.replace(/^\/v\d+\.0\//, '');
    const method = init?.method ?? 'GET';
    calls.push({ method, path });
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
    if (refuseReads)
      return json(
        { error: { message: 'Unsupported get request', code: 100, error_subcode: 33 } },
        400,
      );
    if (method === 'POST') return json({ success: true });
    const [id, edge] = path.split('/');
    if (edge === 'settings') return json({});
    return json({
      id,
      display_phone_number: '+1 555-010-0001',
      platform_type: 'CLOUD_API',
      status: 'CONNECTED',
    });
  });
}

/** Stores what 0.1.0 left behind (and anything else given), with no version metadata. */
async function seed(local: Record<string, unknown>, session: Record<string, unknown> = {}) {
  await fakeBrowser.storage.local.set(local);
  await fakeBrowser.storage.session.set(session);
}

/** 0.1.0's history as format 3 stores it: the same calls, chained in their order. */
const chained010 = await chainEntries(release010.local.auditLog);

const localArea = () => fakeBrowser.storage.local.get(null) as Promise<Record<string, unknown>>;

/** Starts a fresh background (new module instances, as after an update) and asks it something. */
async function startBackground(request: unknown = { type: 'storage.report' }) {
  vi.resetModules();
  // The fake browser has no runtime.onConnect; the background only registers a listener there.
  Object.assign(fakeBrowser.runtime, { onConnect: { addListener: () => undefined } });
  const { default: background } = await import('@/entrypoints/background');
  background.main();
  const reply = await ask(request);
  await settled();
  return reply;
}

/** Waits until the background has stopped calling Meta (start-up re-reads of numbers). */
async function settled() {
  let seen = -1;
  while (seen !== calls.length) {
    seen = calls.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

/** A message as an extension page sends it; answered only once start-up has prepared storage. */
async function ask(request: unknown): Promise<Envelope> {
  const replies = await fakeBrowser.runtime.onMessage.trigger(request, optionsPage);
  return (await replies.find(Boolean)) as unknown as Envelope;
}

async function storedModules() {
  return {
    storage: await import('@/utils/storage'),
    audit: await import('@/utils/audit'),
    journal: (await import('@/utils/change-flow/journal')).journal,
  };
}

beforeEach(() => {
  calls = [];
  refuseReads = true;
  vi.stubGlobal('fetch', metaStandIn());
});

describe('upgrading from 0.1.0', () => {
  it('keeps every entry of every item and stamps the new history format', async () => {
    await seed(release010.local, release010.session);
    const report = await startBackground();
    expect(report).toMatchObject({ ok: true, data: { keptAside: [], newer: [] } });

    const area = await localArea();
    // The change history moved through format 2 to 3 with all three calls, in order, chained.
    expect(area.auditLog).toEqual({ entries: chained010, retention: { removed: 0 } });
    expect(area.auditLog$).toEqual({ v: 3 });
    expect(await verifyChain(chained010)).toMatchObject({ state: 'intact', count: 3 });
    // Settings, format 2: the overlay's corner and hide choice replace the panel's collapsed flag;
    // format 3: hiding per page, the language and light/dark, all as before (nothing hidden, auto).
    expect(area.preferences).toEqual({
      graphVersion: release010.local.preferences.graphVersion,
      overlayCorner: 'bottom-right',
      overlayHidden: false,
      overlayHiddenPages: [],
      language: 'auto',
      appearance: 'auto',
    });
    expect(area.preferences$).toEqual({ v: 3 });
    // Items whose shape did not change are left exactly as 0.1.0 wrote them.
    expect(area.token).toEqual(release010.local.token);
    expect(area.recentNumbers).toEqual(release010.local.recentNumbers);
    expect(area.statusCache).toEqual(release010.local.statusCache);
    expect(area.keptAside).toBeUndefined();
    // The journal keeps both flows; the one cut off mid-call is now 'unknown', not lost.
    const journal = area.flowJournal as Record<string, { steps: { status: string }[] }>;
    expect(Object.keys(journal).sort()).toEqual([ids.FLOW_ID, ids.DONE_FLOW_ID].sort());
    expect(journal[ids.FLOW_ID]?.steps[0]?.status).toBe('unknown');
    expect(journal[ids.DONE_FLOW_ID]).toEqual(release010.local.flowJournal[ids.DONE_FLOW_ID]);
  });

  it('answers from the upgraded data: history, settings, recent numbers, tab context', async () => {
    await seed(release010.local, release010.session);
    expect(await startBackground({ type: 'audit.list' })).toEqual({ ok: true, data: chained010 });
    expect(await ask({ type: 'recent.list' })).toEqual({
      ok: true,
      data: release010.local.recentNumbers,
    });
    expect(await ask({ type: 'token.info' })).toMatchObject({
      ok: true,
      data: { hasToken: true, tokenHint: '7Q2x', graphVersion: 'v24.0' },
    });
    expect(await ask({ type: 'tab.context', tabId: 4 })).toEqual({
      ok: true,
      data: release010.session['tab-4'],
    });
  });

  it('migrates in the background only: a page reading the old history writes nothing', async () => {
    await seed({ auditLog: release010.local.auditLog });
    const { audit } = await storedModules();
    // What a page sees before the background has started: the entries, upgraded in memory.
    expect(await audit.listAudit()).toEqual(chained010);
    expect(await localArea()).toEqual({ auditLog: release010.local.auditLog });
  });

  it('runs each start-up once per format: a second start changes nothing', async () => {
    await seed(release010.local);
    await startBackground();
    const first = await localArea();
    await startBackground();
    expect(await localArea()).toEqual(first);
  });
});

describe('upgrading from format 2 (the history before the chain)', () => {
  const format2 = {
    auditLog: {
      entries: [
        release010.local.auditLog[0],
        unreadable.auditEntry,
        ...release010.local.auditLog.slice(1),
      ],
      retention: { removed: 40, removedThrough: '2025-11-01T00:00:00.000Z' },
    },
    auditLog$: { v: 2 },
  };

  it('chains every call in order, keeps the retention record, and verifies intact', async () => {
    await seed(format2);
    await startBackground();
    const area = await localArea();
    expect(area.auditLog).toEqual({ entries: chained010, retention: format2.auditLog.retention });
    expect(area.auditLog$).toEqual({ v: 3 });
    expect(area.keptAside).toEqual([
      expect.objectContaining({ item: 'local:auditLog', raw: unreadable.auditEntry }),
    ]);
    expect(await verifyChain(chained010)).toMatchObject({ state: 'intact', calls: 3 });
  });

  it('goes on chaining new calls from the upgraded head', async () => {
    await seed(format2);
    await startBackground();
    const { audit } = await storedModules();
    const next = { ...release010.local.auditLog[2], id: 'a4', at: '2025-11-25T08:00:00.000Z' };
    await audit.appendAudit(next);
    const list = await audit.listAudit();
    expect(list.map((r) => r.id)).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(list[3]?.prevHash).toBe(chained010[2]?.hash);
    expect(await verifyChain(list)).toMatchObject({ state: 'intact', headHash: list[3]?.hash });
  });
});

describe('entries that cannot be read', () => {
  const damaged = {
    ...release010.local,
    token: unreadable.token,
    preferences: unreadable.preferences,
    recentNumbers: [...release010.local.recentNumbers, unreadable.recentNumber],
    statusCache: { ...release010.local.statusCache, '7': unreadable.cachedStatus },
    flowJournal: { ...release010.local.flowJournal, 'f-old': unreadable.flow },
    auditLog: [
      release010.local.auditLog[0],
      unreadable.auditEntry,
      ...release010.local.auditLog.slice(1),
    ],
  };

  it('are kept aside with their raw value, never dropped, and the rest is kept', async () => {
    await seed(damaged);
    const report = await startBackground();
    const area = await localArea();

    // The readable calls are chained to each other; the unreadable one is outside the chain.
    const history = (area.auditLog as { entries: AuditRecord[] }).entries;
    expect(history).toEqual(chained010);
    expect(await verifyChain(history)).toMatchObject({ state: 'intact', count: 3 });
    expect(Object.keys(area.flowJournal as object)).not.toContain('f-old');
    expect(Object.keys(area.flowJournal as object)).toHaveLength(2);
    expect(area.recentNumbers).toEqual(release010.local.recentNumbers);
    // The readable setting stays in use; the whole stored value is kept aside.
    expect(area.preferences).toEqual({
      graphVersion: null,
      overlayCorner: 'bottom-right',
      overlayHidden: false,
      overlayHiddenPages: [],
      language: 'auto',
      appearance: 'auto',
    });

    const kept = area.keptAside as { item: string; entry?: string; raw: unknown }[];
    const byItem = (item: string) => kept.filter((k) => k.item === item);
    expect(byItem('local:auditLog')).toMatchObject([
      { entry: 'entries.1', raw: unreadable.auditEntry },
    ]);
    expect(byItem('local:flowJournal')).toMatchObject([{ entry: 'f-old', raw: unreadable.flow }]);
    expect(byItem('local:recentNumbers')).toMatchObject([
      { entry: '2', raw: unreadable.recentNumber },
    ]);
    expect(byItem('local:preferences')).toMatchObject([{ raw: unreadable.preferences }]);
    expect(byItem('local:token')).toMatchObject([
      { raw: unreadable.token, secret: true, storedVersion: 1 },
    ]);
    // A cache entry Meta can fill again is not kept: the status is simply read again.
    expect(byItem('local:statusCache')).toEqual([]);
    expect(area.statusCache).toEqual(release010.local.statusCache);
    expect(kept).toHaveLength(5);

    // The settings page gets all of it, except anything that may be the token.
    expect(report.ok).toBe(true);
    const shown = report.ok ? (report.data as { keptAside: Record<string, unknown>[] }) : null;
    expect(shown?.keptAside).toHaveLength(5);
    const token = shown?.keptAside.find((k) => k.item === 'local:token');
    expect(token).toMatchObject({ secret: true, reason: expect.any(String) });
    expect(token).not.toHaveProperty('raw');
    expect(JSON.stringify(report)).not.toContain(unreadable.token);
  });

  it('a journal entry that cannot be read is set aside once, not deleted at every start', async () => {
    await seed({ flowJournal: { ...release010.local.flowJournal, 'f-old': unreadable.flow } });
    await startBackground();
    await startBackground();
    await startBackground();
    const area = await localArea();
    expect(area.keptAside).toEqual([
      expect.objectContaining({ item: 'local:flowJournal', entry: 'f-old', raw: unreadable.flow }),
    ]);
    expect(Object.keys(area.flowJournal as object)).toHaveLength(2);
  });

  it('a policy that cannot be read is kept aside; a fleet scan that cannot be read is dropped', async () => {
    const policy = { all: { regions: ['XX'] }, wabas: {} };
    const scan = { id: 'scan-1', phase: 'sideways' };
    await seed({ residencyPolicy: policy, fleetScan: scan });
    const reply = await startBackground({ type: 'policy.get' });
    // The empty policy applies, and the unreadable one is on the settings page's list.
    expect(reply).toMatchObject({ ok: true, data: { all: null, wabas: {} } });
    const area = await localArea();
    expect(area.keptAside).toEqual([
      expect.objectContaining({ item: 'local:residencyPolicy', raw: policy }),
    ]);
    expect(area.residencyPolicy).toEqual({ all: null, wabas: {} });
    // A scan's progress is made again from Meta: nothing of it is kept.
    expect(area).not.toHaveProperty('fleetScan');
  });

  // Regression: 0.1.0 read the whole history as one value, so one older-format entry made it
  // read as empty, and the next append wrote back only the new entry (3 entries became 1).
  it('a history with an older-format entry keeps all of it after an append', async () => {
    const history = [...release010.local.auditLog.slice(0, 2), unreadable.auditEntry];
    await seed({ auditLog: history });
    await startBackground();
    const { audit } = await storedModules();
    const next = { ...release010.local.auditLog[2], id: 'a4', at: '2025-11-25T08:00:00.000Z' };
    await audit.appendAudit(next);

    const area = await localArea();
    const stored = (area.auditLog as { entries: AuditRecord[] }).entries;
    expect(stored).toEqual([
      ...(await chainEntries(history.slice(0, 2) as AuditEntry[])),
      expect.objectContaining(next),
    ]);
    expect(await verifyChain(stored)).toMatchObject({ state: 'intact', count: 3 });
    expect(area.keptAside).toEqual([
      expect.objectContaining({ item: 'local:auditLog', raw: unreadable.auditEntry }),
    ]);
  });

  it('the same holds when the append comes before any start-up (no entry lost on write)', async () => {
    await seed({ auditLog: [release010.local.auditLog[0], unreadable.auditEntry] });
    const { audit } = await storedModules();
    await audit.appendAudit({ ...release010.local.auditLog[1] });
    const area = await localArea();
    expect((area.auditLog as { entries: unknown[] }).entries).toHaveLength(2);
    expect(area.keptAside).toEqual([expect.objectContaining({ raw: unreadable.auditEntry })]);
  });

  it('a history that is not a list at all is kept aside whole by the upgrade', async () => {
    const broken = { '0': release010.local.auditLog[0] };
    await seed({ auditLog: broken });
    await startBackground();
    const area = await localArea();
    expect(area.auditLog).toEqual({ entries: [], retention: { removed: 0 } });
    expect(area.keptAside).toEqual([
      expect.objectContaining({ item: 'local:auditLog', storedVersion: 1, raw: broken }),
    ]);
  });
});

describe('a downgraded build', () => {
  // What a future build (history format 4, journal format 2) might have written.
  const future = {
    auditLog: {
      entries: [...chained010, { id: 'a9', at: 'later', shape: 'new' }],
      retention: { removed: 0 },
      signatures: ['x'],
    },
    auditLog$: { v: 4 },
    flowJournal: release010.local.flowJournal,
    flowJournal$: { v: 2 },
    recentNumbers: release010.local.recentNumbers,
    recentNumbers$: { v: 2 },
    token: release010.local.token,
  };

  it('leaves newer data untouched, reads what it can, and says so', async () => {
    refuseReads = false;
    await seed(future);
    const report = await startBackground();
    expect(report).toMatchObject({
      ok: true,
      data: {
        newer: [
          { item: 'local:recentNumbers', storedVersion: 2, knownVersion: 1 },
          { item: 'local:flowJournal', storedVersion: 2, knownVersion: 1 },
          { item: 'local:auditLog', storedVersion: 4, knownVersion: 3 },
        ],
      },
    });
    expect(await ask({ type: 'audit.list' })).toEqual({ ok: true, data: chained010 });
    // The journal is shown as it is (its cut-off step cannot be marked 'unknown' here).
    expect(await ask({ type: 'flow.listActive' })).toMatchObject({
      ok: true,
      data: [{ id: ids.FLOW_ID, phase: 'running' }],
    });
    // Reading a number would add it to the recent numbers: skipped, the status still answers.
    expect(await ask({ type: 'number.status', phoneNumberId: '106540352242924' })).toMatchObject({
      ok: true,
    });
    expect(await localArea()).toMatchObject(future);
    expect((await localArea()).keptAside).toBeUndefined();
  });

  it('refuses to run a change it could not journal or record, before any call to Meta', async () => {
    refuseReads = false;
    const { flowJournal$: _journalVersion, ...historyOnlyNewer } = future;
    await seed({ ...historyOnlyNewer, flowJournal: {} });
    await startBackground();
    const reply = await ask({
      type: 'flow.start',
      kind: 'move',
      phoneNumberId: '106540352242924',
      target: 'DE',
      pin: '246810',
    });
    expect(reply).toMatchObject({ ok: false, error: { message: expect.stringMatching(/newer/) } });
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
    expect((await localArea()).auditLog).toEqual(future.auditLog);
  });

  it('refuses writes to an item a newer build stored, with a clear error', async () => {
    await seed(future);
    const { audit, storage } = await storedModules();
    await expect(audit.appendAudit({ ...release010.local.auditLog[0], id: 'a5' })).rejects.toThrow(
      storage.StoredByNewerVersionError,
    );
    await expect(audit.appendAudit({ ...release010.local.auditLog[0], id: 'a5' })).rejects.toThrow(
      /newer version of Residency \(format 4; this version knows 3\)/,
    );
    expect(await localArea()).toMatchObject(future);
  });
});

describe('the change history retention rule', () => {
  it('keeps the newest calls up to the limit and records what it removed', async () => {
    const { audit, storage } = await storedModules();
    const entry = (i: number) => ({
      ...release010.local.auditLog[0],
      id: `e${i}`,
      at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
    });
    const full = Array.from({ length: storage.AUDIT_RETENTION_LIMIT }, (_, i) => entry(i));
    await seed({ auditLog: { entries: full, retention: { removed: 0 } }, auditLog$: { v: 2 } });

    await audit.appendAudit(entry(storage.AUDIT_RETENTION_LIMIT));
    await audit.appendAudit(entry(storage.AUDIT_RETENTION_LIMIT + 1));

    const list = await audit.listAudit();
    const calls = list.filter(isCall);
    const { AUDIT_RETENTION_LIMIT: limit, AUDIT_RETENTION_BATCH: batch } = storage;
    // The first call past the limit removes the oldest batch at once; the next fits.
    expect(calls).toHaveLength(limit - batch + 2);
    expect(calls[0]?.id).toBe(`e${batch}`);
    expect(calls.at(-1)?.id).toBe(`e${limit + 1}`);
    // The removal is one record of the chain, so the shortened history still verifies.
    expect(list.filter(isTrim)).toMatchObject([
      { removed: batch, removedFrom: entry(0).at, removedThrough: entry(batch - 1).at },
    ]);
    expect(await verifyChain(list)).toMatchObject({
      state: 'intact',
      calls: limit - batch + 2,
      trims: 1,
    });
    expect(await audit.auditRetention()).toEqual({
      removed: batch,
      removedThrough: entry(batch - 1).at,
    });
    expect(await storage.storedDataReport()).toMatchObject({
      auditRetention: { limit, batch, removed: batch },
    });
  });
});
