import { afterAll, describe, expect, it } from 'vitest';
import { BROWSERS, type ChromiumSession, launchChromium } from './harness';
import { findByRole, waitForText } from './ui';

// The production build finds stored data it cannot fully use: a change history as 0.1.0 wrote
// it with one entry no release can read, and a journal a newer Residency saved. The worker
// restarts (as after an update); the settings page shows what was kept aside and what is
// read-only, and storage shows nothing was lost or overwritten.
describe.skipIf(!BROWSERS.includes('chromium'))('stored data after an upgrade', () => {
  let session: ChromiumSession | undefined;
  afterAll(() => session?.close());

  it('keeps aside what it cannot read and shows it, and leaves newer data alone', async () => {
    session = await launchChromium();
    const readable = {
      id: 'a1',
      at: '2025-11-24T16:01:41.000Z',
      phoneNumberId: '106540352242923',
      action: 'set-storage',
      regionBefore: 'default',
      regionAfter: 'IN',
      result: 'success',
      fbtraceId: 'AbCdEf123',
    };
    const unreadable = { at: 1_763_900_000_000, action: 'register', result: 'success' };
    const newerJournal = { 'f-9': { id: 'f-9', shape: 'from a later release' } };
    await session.evaluateInWorker(
      new Function(
        `return globalThis.chrome.storage.local.set(${JSON.stringify({
          auditLog: [readable, unreadable],
          flowJournal: newerJournal,
          flowJournal$: { v: 9 },
        })});`,
      ) as () => Promise<void>,
    );
    await session.stopServiceWorker();

    const options = await session.open(session.extensionUrl('options.html'));
    await waitForText(options, 'Data kept aside');
    await waitForText(
      options,
      'The journal of Local Storage changes was saved by a newer version of Residency (format 9; this version reads format 1)',
    );
    await waitForText(options, 'The change history');
    await waitForText(options, 'entries.1');
    await findByRole(options, 'button', 'Export kept-aside data (JSON)');
    // The readable call is still in the history, under its documented retention rule.
    await waitForText(options, 'AbCdEf123');
    await waitForText(options, 'The change history keeps at most 2,000 calls');
    await session.screenshot(options, 'options-kept-aside');

    const stored = await session.evaluateInWorker(
      () => (globalThis as any).chrome.storage.local.get(null) as Promise<Record<string, any>>,
    );
    // Upgraded to the hash chain (format 3): the readable call, now linked to the chain's start.
    expect(stored.auditLog).toEqual({
      entries: [
        { ...readable, prevHash: '0'.repeat(64), hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      ],
      retention: { removed: 0 },
    });
    expect(stored.auditLog$).toEqual({ v: 3 });
    expect(stored.keptAside).toEqual([
      expect.objectContaining({ item: 'local:auditLog', entry: 'entries.1', raw: unreadable }),
    ]);
    expect(stored.flowJournal).toEqual(newerJournal);
    expect(stored.flowJournal$).toEqual({ v: 9 });
    await options.close();
  });
});
