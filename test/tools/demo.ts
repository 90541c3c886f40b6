// `npm run demo`: the product without a Meta account. Starts the sandbox (a local stand-in for
// the Graph API and WhatsApp Manager), opens Chromium with the built extension, stores the
// sandbox token through the options page as a person would, and opens a Manager page.
// With a display: a real window that stays open until Ctrl+C. Without one: headless, saves a
// screenshot of each step, says where they are and exits (0 when every step worked and every
// screenshot shows something; 1 otherwise).

import { readFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { type ChromiumSession, launchChromium } from '../e2e/harness';
import {
  clickButton,
  fillLabelled,
  openCard,
  panelFrame,
  waitForStatus,
  waitForText,
} from '../e2e/ui';
import { BUSINESS_ID, SANDBOX_TOKEN, WABA_MAIN, WABA_SCALE } from '../sandbox';
import { screenshotBlankness } from './png-blank';

const headless = !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const manager = (path: string) => `https://business.facebook.com${path}`;
const pages = {
  brazil: manager(
    `/latest/whatsapp_manager/phone_numbers/?business_id=${BUSINESS_ID}&tab=phone-numbers&nav_ref=whatsapp_manager&asset_id=${WABA_MAIN}&childRoute=PHONE_PROFILE%2FINSIGHTS&phone_number=55%2011%204000-0002`,
  ),
  waba: manager(`/wa/manage/phone-numbers/?business_id=${BUSINESS_ID}&waba_id=${WABA_MAIN}`),
  scale: manager(`/wa/manage/phone-numbers/?business_id=${BUSINESS_ID}&waba_id=${WABA_SCALE}`),
};

let session: ChromiumSession | undefined;
const shots: { file: string; shows: string }[] = [];

async function finish(code: number): Promise<never> {
  await session?.close();
  process.exit(code);
}
process.on('SIGINT', () => void finish(0));
process.on('SIGTERM', () => void finish(0));

/** Saves a screenshot and fails the demo when it shows nothing. */
async function capture(page: Page, name: string, shows: string) {
  if (!session) throw new Error('no browser');
  const file = await session.screenshot(page, name);
  const verdict = screenshotBlankness(readFileSync(file));
  if (verdict.blank)
    throw new Error(
      `the screenshot ${file} is blank (${Math.round(verdict.flatShare * 100)}% of its height is one flat band)`,
    );
  shots.push({ file, shows });
}

async function step<T>(what: string, action: () => Promise<T>): Promise<T> {
  process.stdout.write(`  ${what} … `);
  try {
    const result = await action();
    console.log('done');
    return result;
  } catch (error) {
    console.log('FAILED');
    console.error(`Demo stopped: ${what} failed: ${(error as Error).message}`);
    return finish(1);
  }
}

console.log(
  `Residency demo (${headless ? 'no display found: headless, with screenshots' : 'in a Chromium window'})`,
);
session = await step('starting the sandbox and Chromium with the built extension', () =>
  launchChromium({ headless }),
);
const browser = session;

await step('saving the sandbox token in the settings page', async () => {
  const options = await browser.open(browser.extensionUrl('options.html'));
  await fillLabelled(options, 'System user access token', SANDBOX_TOKEN);
  await clickButton(options, 'Save and check token');
  await waitForText(options, 'Token works');
  await capture(options, 'demo-options', 'the settings page with the sandbox token checked');
  if (headless) await options.close();
});

const page = await step('opening a Manager page with a number stored in Brazil', async () => {
  const opened = await browser.open(pages.brazil);
  await waitForStatus(await panelFrame(opened), /BR Brazil/);
  await capture(opened, 'demo-manager-brazil', "Residency's pill on the Manager page");
  return opened;
});

await step("opening Residency's card from the pill", async () => {
  await waitForStatus(await openCard(page), /In-country storage/);
  await capture(page, 'demo-manager-brazil-card', "Residency's card open over the Manager page");
});

await step('opening the toolbar popup over that page', async () => {
  const popup = await browser.openPopup(page);
  await waitForStatus(popup, /In-country storage/);
  await capture(popup, 'demo-popup', 'the toolbar popup for the same number');
  if (headless) await popup.close();
});

if (headless) {
  console.log('\nEvery step worked. Screenshots:');
  for (const shot of shots) console.log(`  ${shot.file}\n    ${shot.shows}`);
  console.log(
    '\nThe Manager pages in this demo exist only inside the sandbox browser; run `npm run demo` on a\nmachine with a display to click through them yourself.',
  );
  await finish(0);
}

console.log(`
Residency is running in the Chromium window (sandbox token: ${SANDBOX_TOKEN}).
These Manager pages open in that window only (it sends business.facebook.com and
graph.facebook.com to the local sandbox at ${browser.sandbox.origin}):
  ${pages.brazil}
  ${pages.waba}
  ${pages.scale}
Press Ctrl+C to stop.`);
