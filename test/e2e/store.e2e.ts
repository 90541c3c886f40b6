import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PHONES, SEED_PIN } from '../sandbox';
import { screenshotBlankness } from '../tools/png-blank';
import { useSessionWithToken } from './fixtures';
import { storeInGermanyThenRegister } from './flow-helpers';
import { BROWSERS, type ChromiumSession, launchChromium } from './harness';
import { managerUrl } from './manager-urls';
import { clickButton, OVERLAY_FRAME, openCard, panelFrame, waitForStatus, waitForText } from './ui';

// The store listings' pictures, made from the production build on the sandbox, in English:
// four 1280 x 800 screenshots (Chrome Web Store and addons.mozilla.org) and the Chrome Web
// Store's 440 x 280 promotional tile (test/store/tile.html). They land in test-results/store/
// (docs/store-listing.md says which is which).

const ROOT = path.resolve(import.meta.dirname, '../..');
export const STORE_PICTURES = path.join(ROOT, 'test-results/store');
const PARTS = path.join(STORE_PICTURES, 'parts');
const SCREEN = { width: 1280, height: 800 };
const TILE = { width: 440, height: 280 };

/** What each picture must measure. */
const EXPECTED: Record<string, { width: number; height: number }> = {
  '1-popup.png': SCREEN,
  '2-overlay.png': SCREEN,
  '3-overview.png': SCREEN,
  '4-history.png': SCREEN,
  'promo-tile-440x280.png': TILE,
};

const png = (file: string) => path.join(STORE_PICTURES, file);

/** The Brazilian number's Manager page at the screenshots' size, once the pill says its state. */
async function brazilPage(session: ChromiumSession): Promise<Page> {
  const page = await session.open(managerUrl.profile(PHONES.brazil.display_phone_number));
  await page.setViewport(SCREEN);
  await waitForStatus(await panelFrame(page), /^(?!.*Checking).+/);
  return page;
}

describe.skipIf(!BROWSERS.includes('chromium'))('store listing pictures (chromium)', () => {
  let session: ChromiumSession;

  beforeAll(() => {
    rmSync(STORE_PICTURES, { recursive: true, force: true });
    mkdirSync(PARTS, { recursive: true });
  });
  useSessionWithToken(
    () => launchChromium(),
    (s) => (session = s),
  );

  it('the popup showing a number, over its Manager page', async () => {
    const page = await brazilPage(session);
    const popup = await session.openPopup(page);
    await waitForText(popup, 'In-country storage: Brazil (BR)');
    await waitForText(popup, PHONES.brazil.display_phone_number);
    const main = await popup.$('main');
    const popupShot = Buffer.from((await main?.screenshot({ type: 'png' })) ?? []);
    await popup.close();
    const managerShot = Buffer.from(await page.screenshot({ type: 'png' }));
    // The popup as the browser shows it: hanging from the toolbar at the window's top end.
    const stage = await session.browser.newPage();
    await stage.setViewport(SCREEN);
    await stage.setContent(
      `<html><body style="margin:0;inline-size:1280px;block-size:800px;overflow:hidden;position:relative;background:url(data:image/png;base64,${managerShot.toString('base64')})">
      <img src="data:image/png;base64,${popupShot.toString('base64')}" style="position:absolute;inset-block-start:8px;inset-inline-end:24px;max-block-size:784px;object-fit:cover;object-position:top;border:1px solid #c4c7c5;border-radius:8px;box-shadow:0 8px 28px rgb(0 0 0 / 0.35)">
      </body></html>`,
    );
    await stage.screenshot({ path: png('1-popup.png') });
    await stage.close();
    await page.close();
  });

  it('the overlay on the app-shell Manager stand-in', async () => {
    const page = await brazilPage(session);
    // The pill alone, for the promotional tile.
    const frameElement = await page.waitForSelector(OVERLAY_FRAME);
    await new Promise((r) => setTimeout(r, 300));
    await frameElement?.screenshot({ path: path.join(PARTS, 'pill.png') });
    const card = await openCard(page);
    await waitForText(card, 'Brazil (BR)');
    await page.screenshot({ path: png('2-overlay.png') });
    await page.close();
  });

  it('the fleet overview', async () => {
    const page = await session.open(session.extensionUrl('overview.html'));
    await page.setViewport(SCREEN);
    await waitForText(page, 'Residency policy');
    await clickButton(page, 'Scan all numbers');
    await waitForText(page, 'Scan finished.', 150_000);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: png('3-overview.png') });
    await page.close();
  });

  it('the settings page with the change history', async () => {
    // A real change first: storage in Germany, then the number registered.
    await storeInGermanyThenRegister(session, PHONES.unregistered.display_phone_number, SEED_PIN);

    const options = await session.open(session.extensionUrl('options.html'));
    await options.setViewport(SCREEN);
    await waitForStatus(options, /^Changes shown: 2 of 2$/);
    // From the filters down: the changes, as a person scrolls to them.
    await options.evaluate(() => {
      document.querySelector('.audit-filters')?.scrollIntoView();
      window.scrollBy(0, -72);
    });
    await options.screenshot({ path: png('4-history.png') });
    await options.close();
  });

  it('the promotional tile, from the build’s icon and the pill as the build draws it', async () => {
    const page = await session.browser.newPage();
    await page.setViewport(TILE);
    await page.goto(`file://${path.join(ROOT, 'test/store/tile.html')}`, { waitUntil: 'load' });
    // Both pictures must have loaded: a tile with a broken image is no tile.
    expect(
      await page.evaluate(() => [...document.images].map((img) => img.naturalWidth > 0)),
    ).toEqual([true, true]);
    await page.screenshot({ path: png('promo-tile-440x280.png') });
    await page.close();
  });

  it('every picture has the size the stores ask for, and none is blank', () => {
    const made = readdirSync(STORE_PICTURES).filter((f) => f.endsWith('.png'));
    expect(made.sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [file, size] of Object.entries(EXPECTED)) {
      const verdict = screenshotBlankness(readFileSync(png(file)));
      expect({ file, width: verdict.width, height: verdict.height }).toEqual({ file, ...size });
      expect({ file, blank: verdict.blank }).toEqual({ file, blank: false });
    }
  });
});
