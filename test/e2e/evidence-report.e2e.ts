// The printable evidence report in the production build, against the sandbox: opened from the
// fleet overview as a person would, it names the token's system user (or says why it could
// not), counts the numbers as the sandbox holds them, prints the SHA-256 of the JSON export's
// very bytes and the change history's head hash as the settings page shows it; laid out for
// print, it fills more than one PDF page for the 250-number account.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONES, SANDBOX_TOKEN, SYSTEM_USER } from '../sandbox';
import { violations } from './axe';
import { chooseStorage } from './flow-helpers';
import { BROWSERS, type ExtensionSession, launch, SCREENSHOTS } from './harness';
import { clickButton, openNumber, saveToken, tick, waitForText } from './ui';

/** The storage group the report counts a sandbox number in ("in-country:BR", "default:US", …). */
function storageGroup(record: { storage?: { status: string; data_localization_region?: string } }) {
  const status = record.storage?.status.toUpperCase();
  if (status === 'IN_COUNTRY_STORAGE_ENABLED')
    return `in-country:${record.storage?.data_localization_region?.toUpperCase()}`;
  if (status === 'NO_STORAGE_ENABLED') return 'no-storage:';
  return 'default:US';
}

/** Policy used below: Brazil and Germany allowed, default storage not, No Storage yes. */
const compliant = (group: string) =>
  group === 'in-country:BR' || group === 'in-country:DE' || group === 'no-storage:';

/** The page an action opens in a new tab, found by its path (Firefox lists it as about:blank first). */
async function pageOpenedBy(
  session: ExtensionSession,
  pathname: string,
  action: () => Promise<void>,
) {
  const before = new Set(session.browser.targets());
  await action();
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    for (const target of session.browser.targets()) {
      if (target.type() !== 'page' || before.has(target)) continue;
      const page = await Promise.race([
        target.asPage(),
        new Promise<null>((r) => setTimeout(() => r(null), 2000)),
      ]);
      const found = await page
        ?.evaluate(
          (p) => location.pathname === p && !!document.querySelector('#root > *'),
          pathname,
        )
        .catch(() => false);
      if (page && found) return page;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no page at ${pathname} opened`);
}

/** Reloads an extension page (Firefox never reports such a load as finished). */
/**
 * The same report read again. Firefox: in a new tab, as its automation may keep answering for
 * the document a reload replaced ("can't access dead object").
 */
async function reread(page: Page, session: ExtensionSession): Promise<Page> {
  if (session.name === 'chromium') {
    await page.reload({ waitUntil: 'load' });
    return page;
  }
  // The document's own address: Firefox's automation may not have the extension page's.
  const again = await session.open(await page.evaluate(() => location.href));
  await page.close();
  return again;
}

/** The bytes of the file a button downloads (Chromium: through a DevTools download folder). */
async function downloadedBytes(page: Page, button: string): Promise<Buffer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'residency-report-'));
  const cdp = await page.createCDPSession();
  try {
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
    await clickButton(page, button);
    for (let i = 0; i < 200; i++) {
      const file = readdirSync(dir).find((f) => f.endsWith('.json'));
      if (file) return readFileSync(path.join(dir, file));
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`"${button}" downloaded no .json file`);
  } finally {
    await cdp.detach().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the report shows: hashes, and the counts of both summary tables by their row keys. */
function readReport(page: Page) {
  return page.evaluate(() => {
    const counts = (caption: string) =>
      Object.fromEntries(
        [...document.querySelectorAll('table.counts')]
          .filter((t) => t.querySelector('caption')?.textContent === caption)
          .flatMap((t) => [...t.querySelectorAll('tbody tr, tfoot tr')])
          .map((tr) => [
            (tr as HTMLElement).dataset.key ?? 'total',
            [...tr.querySelectorAll('td')].map((td) => Number(td.textContent?.replace(/\D/g, ''))),
          ]),
      );
    return {
      evidenceHash: document.querySelector('#evidence-sha256')?.textContent ?? '',
      chainHead:
        document.querySelector('[aria-labelledby="chain-heading"] code.hash')?.textContent ?? '',
      byStorage: counts('Numbers by storage'),
      byWaba: counts('Numbers by account'),
      numberRows: document.querySelectorAll('table.numbers tbody tr').length,
      history: [...document.querySelectorAll('table.history tbody tr')].map((tr) => tr.textContent),
    };
  });
}

describe.each(BROWSERS)('the evidence report in %s', (browserName) => {
  let session: ExtensionSession;
  let overview: Page;
  let report: Page;
  const changed = PHONES.unregistered;

  beforeAll(async () => {
    session = await launch(browserName);
    const saved = await saveToken(session, SANDBOX_TOKEN);
    await waitForText(saved.scope, 'Token works');
    await saved.close();
    // One real change, so the history has an entry in the period: storage in Germany.
    const { page, frame } = await openNumber(session, changed.display_phone_number);
    await chooseStorage(frame, 'Germany (DE)');
    await clickButton(frame, `Store data in Germany (DE) for ${changed.display_phone_number}`);
    await waitForText(frame, `${changed.display_phone_number} now uses Germany (DE)`);
    await page.close();

    overview = await session.open(session.extensionUrl('overview.html'));
    await waitForText(overview, 'No scan yet.');
    await tick(overview, 'Check every account against this rule');
    await tick(overview, 'Brazil (BR)');
    await tick(overview, 'Germany (DE)');
    await clickButton(overview, 'Save policy');
    await clickButton(overview, 'Scan all numbers');
    await waitForText(overview, 'Scan finished.', 120_000);
  }, 240_000);
  afterAll(async () => {
    await session?.close();
  });

  it('opens from the overview with the system user, the sandbox counts, the period history and the chain head', async () => {
    report = await pageOpenedBy(session, '/report.html', () =>
      clickButton(overview, 'Evidence report…'),
    );
    await waitForText(report, `${SYSTEM_USER.name} (system user ID ${SYSTEM_USER.id})`);
    // The period is the last 30 days, kept in the URL.
    expect(await report.evaluate(() => location.search)).toMatch(
      /^\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/,
    );
    const shown = await readReport(report);

    // The counts, from the sandbox's own state of every number this token reaches.
    const records = [...session.sandbox.state.phones.values()].filter(
      (p) => !p.wabaId.startsWith('2100'),
    );
    const byStorage = new Map<string, number[]>();
    const byWaba = new Map<string, number[]>();
    for (const record of records) {
      const group = storageGroup(record);
      const ok = compliant(group);
      for (const [map, key] of [
        [byStorage, group],
        [byWaba, record.wabaId],
      ] as const) {
        const [n = 0, yes = 0, no = 0] = map.get(key) ?? [];
        map.set(key, [n + 1, yes + (ok ? 1 : 0), no + (ok ? 0 : 1), 0, 0]);
      }
    }
    const meeting = records.filter((r) => compliant(storageGroup(r))).length;
    expect(shown.byStorage).toEqual({
      ...Object.fromEntries(byStorage),
      total: [records.length, meeting, records.length - meeting, 0, 0],
    });
    expect(Object.fromEntries(Object.entries(shown.byWaba).filter(([k]) => k !== 'total'))).toEqual(
      Object.fromEntries(byWaba),
    );
    expect(shown.numberRows).toBe(records.length);
    expect(records.length).toBeGreaterThan(250);
    // A person reads the groups by name.
    await waitForText(report, 'In-country storage: Germany (DE)');
    await waitForText(report, 'Default storage (United States)');

    // The change made above is in the period's history.
    expect(shown.history).toEqual([expect.stringContaining('Set Local Storage to Germany')]);
    expect(shown.history[0]).toContain(changed.display_phone_number);

    // The chain head is the settings page's.
    const options = await session.open(session.extensionUrl('options.html'));
    await waitForText(options, 'Intact.');
    const settingsHead = await options.evaluate(
      () => document.querySelector('[aria-labelledby="chain-heading"] code.hash')?.textContent,
    );
    await options.close();
    expect(shown.chainHead).toMatch(/^[0-9a-f]{64}$/);
    expect(shown.chainHead).toBe(settingsHead);
    expect(await violations(report)).toEqual([]);
    await report.setViewport({ width: 1280, height: 1000 });
    await session.screenshot(report, 'evidence-report');
  });

  it.skipIf(browserName !== 'chromium')(
    'prints the SHA-256 of the JSON export, byte for byte',
    async () => {
      const { evidenceHash } = await readReport(report);
      expect(evidenceHash).toMatch(/^[0-9a-f]{64}$/);
      const fromOverview = await downloadedBytes(overview, 'Export evidence (JSON)');
      expect(createHash('sha256').update(fromOverview).digest('hex')).toBe(evidenceHash);
      const fromReport = await downloadedBytes(report, 'Download the JSON export');
      expect(fromReport.equals(fromOverview)).toBe(true);
      // The canonical form: no whitespace between tokens, keys sorted.
      expect(fromOverview.toString('utf8')).toMatch(
        /^\{"format":"residency-evidence","numbers":\[\{/,
      );
    },
  );

  it.skipIf(browserName !== 'chromium')(
    'is laid out for print: no settings bar, headers on every page, more than one PDF page',
    async () => {
      await report.emulateMediaType('print');
      const layout = await report.evaluate(() => ({
        controls: getComputedStyle(document.querySelector('.report-controls') as Element).display,
        buttons: [...document.querySelectorAll('.report button')].map(
          (b) => getComputedStyle(b).display,
        ),
        thead: getComputedStyle(document.querySelector('table.numbers thead') as Element).display,
        rowBreak: getComputedStyle(document.querySelector('table.numbers tbody tr') as Element)
          .breakInside,
        background: getComputedStyle(document.body).backgroundColor,
        color: getComputedStyle(document.body).color,
      }));
      expect(layout).toEqual({
        controls: 'none',
        buttons: layout.buttons.map(() => 'none'),
        thead: 'table-header-group',
        rowBreak: 'avoid',
        background: 'rgb(255, 255, 255)',
        color: 'rgb(0, 0, 0)',
      });
      await session.screenshot(report, 'evidence-report-print');
      for (const format of ['a4', 'letter'] as const) {
        const pdf = Buffer.from(await report.pdf({ format, printBackground: false }));
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
        expect(pages, format).toBeGreaterThan(1);
        mkdirSync(SCREENSHOTS, { recursive: true });
        writeFileSync(path.join(SCREENSHOTS, `chromium-evidence-report-${format}.pdf`), pdf);
      }
      await report.emulateMediaType();
    },
  );

  it('a token whose /me fails still gets its report, which says why the name is missing', async () => {
    session.sandbox.injectGraphError({
      error: {
        message: 'Error validating access token: Session has expired',
        type: 'OAuthException',
        code: 190,
        error_subcode: 463,
      },
      match: { path: /^\/?me$/ },
    });
    report = await reread(report, session);
    await waitForText(
      report,
      "The name of the token's system user could not be read from Meta (GET /me)",
    );
    // With Meta's code and the trace ID of that very answer.
    const refused = session.sandbox.requests().find((r) => r.errorCode === 190);
    expect(refused?.path).toMatch(/\/me$/);
    await waitForText(report, `Meta error code: 190, Trace ID (fbtrace_id): ${refused?.traceId}`);
    const shown = await readReport(report);
    expect(shown.evidenceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(shown.numberRows).toBeGreaterThan(250);
    await session.screenshot(report, 'evidence-report-me-failed');
  });
});
