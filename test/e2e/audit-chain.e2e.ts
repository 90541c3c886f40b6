import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../utils/audit/canonical';
import { PHONES, SEED_PIN } from '../sandbox';
import { useSessionWithToken } from './fixtures';
import { storeInGermanyThenRegister } from './flow-helpers';
import { BROWSERS, type ChromiumSession, launchChromium } from './harness';
import { pasteInto, pressButton, waitForAlert, waitForStatus, waitForText } from './ui';

type StoredRecord = Record<string, unknown> & { hash: string; prevHash: string };

/** Presses an export button, as a person would, and returns the text of the file saved. */
async function exported(page: Page, button: string, name: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'residency-export-'));
  // The download settings last as long as this session, so it stays open until the file is in.
  const cdp = await page.browser().target().createCDPSession();
  try {
    await cdp.send('Browser.setDownloadBehavior', {
      behavior: 'allow',
      downloadPath: dir,
      eventsEnabled: true,
    });
    const saved = new Promise<void>((resolve, reject) =>
      cdp.on('Browser.downloadProgress', (event) => {
        if (event.state === 'completed') resolve();
        if (event.state === 'canceled') reject(new Error(`the download of ${name} was canceled`));
      }),
    );
    await pressButton(page, button);
    await saved;
    return readFileSync(path.join(dir, name), 'utf8');
  } finally {
    await cdp.detach().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

// The change history as a hash chain, end to end: real changes in the production build write
// it, the settings page checks it and shows its head hash, and an entry edited in storage
// behind Residency's back is reported with its position.
describe.skipIf(!BROWSERS.includes('chromium'))('the change history chain in chromium', () => {
  let session: ChromiumSession;
  const phone = PHONES.unregistered;

  const storedHistory = () =>
    session.evaluateInWorker(async () => {
      const { auditLog } = await (globalThis as any).chrome.storage.local.get('auditLog');
      return auditLog.entries as StoredRecord[];
    });

  useSessionWithToken(
    () => launchChromium(),
    (s) => (session = s),
  );

  it('verifies a history written by real changes as intact and shows its head hash', async () => {
    // Two calls to Meta: storage in DE, then register with the PIN.
    await storeInGermanyThenRegister(session, phone.display_phone_number, SEED_PIN);

    const history = await storedHistory();
    expect(history.map((r) => r.action)).toEqual(['set-storage', 'register']);
    // Anyone can recompute the chain from storage: SHA-256 of the canonical JSON without `hash`.
    history.forEach((record, i) => {
      const { hash, ...content } = record;
      expect(createHash('sha256').update(canonicalJson(content)).digest('hex')).toBe(hash);
      expect(record.prevHash).toBe(i === 0 ? '0'.repeat(64) : history[i - 1]?.hash);
    });
    const head = history.at(-1)?.hash as string;

    const options = await session.open(session.extensionUrl('options.html'));
    await waitForStatus(options, /^Intact\. All 2 entries link to each other/);
    const shown = await options.evaluate(() => {
      const code = document.querySelector('code.hash') as HTMLElement;
      const box = code.getBoundingClientRect();
      const lineHeight = Number.parseFloat(getComputedStyle(code).lineHeight) || 16;
      return {
        text: code.textContent,
        font: getComputedStyle(code).fontFamily,
        oneLine: box.height < lineHeight * 1.8,
        onScreen: box.left >= 0 && box.right <= innerWidth && box.width > 0,
      };
    });
    expect(shown).toMatchObject({ text: head, oneLine: true, onScreen: true });
    expect(shown.font).toMatch(/monospace/);
    await options.setViewport({ width: 1280, height: 1200 });
    await session.screenshot(options, 'options-history-intact');

    // Copied whole: pasted where a person would paste it.
    await pressButton(options, 'Copy head hash');
    await waitForText(options, 'Head hash copied');
    const field = await session.open(session.extensionUrl('popup.html'));
    expect(await pasteInto(field, 'Phone number ID')).toBe(head);
    await field.close();

    // The exports carry every hash and the head, as the browser saves them.
    const json = JSON.parse(await exported(options, 'Export JSON', 'residency-audit.json'));
    expect(json).toMatchObject({
      headHash: head,
      check: { state: 'intact', result: 'intact', count: 2 },
      entries: history,
    });
    const csv = (await exported(options, 'Export CSV', 'residency-audit.csv'))
      .trimEnd()
      .split('\r\n');
    expect(csv).toHaveLength(4);
    expect(csv[1]).toContain(`,${history[0]?.prevHash},${history[0]?.hash}`);
    expect(csv[2]).toContain(`,${history[1]?.prevHash},${head}`);
    expect(csv[3]).toMatch(new RegExp(`^[^,]+,(,){5}intact,.*,head,.*,${head}$`));
    await options.close();
  });

  it('reports an entry edited in storage with its position, and what to do', async () => {
    // Behind Residency's back: the first call now claims the number went to the United States.
    await session.evaluateInWorker(async () => {
      const chrome = (globalThis as any).chrome;
      const { auditLog } = await chrome.storage.local.get('auditLog');
      auditLog.entries[0].regionAfter = 'US';
      await chrome.storage.local.set({ auditLog });
    });
    const options = await session.open(session.extensionUrl('options.html'));
    const alert = await waitForAlert(options);
    expect(alert).toMatch(/^Not intact: entry 1 of 2 \(counted from the oldest\)/);
    expect(alert).toContain('Its content was changed after it was recorded');
    expect(alert).toContain(
      `That entry is “Set Local Storage to United States” for ${phone.display_phone_number}`,
    );
    await waitForText(options, 'The history was changed outside Residency');
    await waitForText(options, 'Export it as it is for your records');
    // The row of that call in the table says so too.
    const marked = await options.evaluate(() =>
      [...document.querySelectorAll('.audit-call')]
        .filter((row) => row.textContent?.includes('Does not verify'))
        .map((row) => row.textContent),
    );
    expect(marked).toEqual([
      expect.stringContaining('Default storage (United States) → United States'),
    ]);
    expect(await options.evaluate(() => document.querySelector('code.hash'))).toBeNull();
    await options.setViewport({ width: 1280, height: 1200 });
    await session.screenshot(options, 'options-history-tampered');
    // Residency left the stored history as it found it, and exports it so, with the check.
    const stored = await storedHistory();
    expect(stored[0]?.regionAfter).toBe('US');
    const json = JSON.parse(await exported(options, 'Export JSON', 'residency-audit.json'));
    expect(json).toMatchObject({
      headHash: stored[1]?.hash,
      check: {
        state: 'broken',
        position: 1,
        problem: 'edited',
        result: 'broken at entry 1: edited',
      },
      entries: stored,
    });
    await options.close();
  });
});
