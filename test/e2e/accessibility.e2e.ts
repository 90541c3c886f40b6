import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONES, SANDBOX_TOKEN, WABA_SCALE } from '../sandbox';
import { violationsLightAndDark as violations } from './axe';
import { chooseStorage, PIN_LABEL } from './flow-helpers';
import { BROWSERS, type ChromiumSession, type ExtensionSession, launch } from './harness';
import { managerUrl } from './manager-urls';
import {
  clickButton,
  fillLabelled,
  findByRole,
  openCard,
  openNumber,
  panelFrame,
  saveToken,
  tick,
  waitForAlert,
  waitForStatus,
  waitForText,
} from './ui';

// axe-core over every extension document in the states people meet, in the light and in the
// dark scheme: WCAG 2.x A/AA rules plus axe's best practices, none disabled. Only Residency's own
// documents are scanned, never the Manager page.

describe.each(BROWSERS)('accessibility in %s', (browserName) => {
  let session: ExtensionSession;
  beforeAll(async () => {
    session = await launch(browserName);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('the panel without a token', async () => {
    const page = await session.open(managerUrl.profile(PHONES.brazil.display_phone_number));
    await waitForStatus(await panelFrame(page), /Access token needed/);
    const card = await openCard(page);
    await waitForStatus(card, /needs an access token/);
    expect(await violations(card)).toEqual([]);
    await page.close();
    const saved = await saveToken(session, SANDBOX_TOKEN);
    await waitForText(saved.scope, 'Token works');
    expect(await violations(saved.scope)).toEqual([]);
    await saved.close();
  });

  it('the panel with a number, its change form and a refused PIN', async () => {
    const display = PHONES.usDefault.display_phone_number;
    const { page, frame } = await openNumber(session, display);
    expect(await violations(frame)).toEqual([]);
    await chooseStorage(frame, 'Canada (CA)');
    await fillLabelled(frame, PIN_LABEL, '999999');
    await tick(
      frame,
      `I understand that ${display} stops sending and receiving messages until it is registered again.`,
    );
    expect(await violations(frame)).toEqual([]);
    await clickButton(frame, `Move ${display} to Canada (CA)`);
    await waitForText(frame, 'Wrong PIN');
    expect(await violations(frame)).toEqual([]);
    await page.close();
  });

  it('the panel asking for verification, and showing an error', async () => {
    const display = PHONES.needsVerification.display_phone_number;
    const { page, frame } = await openNumber(session, display);
    await fillLabelled(frame, PIN_LABEL, '246810');
    await clickButton(frame, `Register ${display}`);
    await waitForText(frame, 'verified with a code');
    expect(await violations(frame)).toEqual([]);
    await frame.evaluate(() => (globalThis as any).browser.storage.local.remove('statusCache'));
    session.sandbox.injectFault({ kind: 'html-error', count: 100, match: { path: '/settings' } });
    await page.reload({ waitUntil: 'load' });
    const card = await openCard(page);
    await waitForAlert(card);
    expect(await violations(card)).toEqual([]);
    session.sandbox.reset();
    await page.close();
  });

  it('the panel listing a 250-number account', async () => {
    const page = await session.open(managerUrl.list(WABA_SCALE));
    await waitForStatus(await panelFrame(page), /250 numbers/, 60_000);
    const card = await openCard(page);
    await waitForText(card, 'Storage in this account');
    expect(await violations(card)).toEqual([]);
    await page.close();
  });

  if (browserName !== 'chromium') return;

  it('the toolbar popup and the settings page, light and dark', async () => {
    const chromium = session as ChromiumSession;
    const page = await session.open(managerUrl.profile(PHONES.brazil.display_phone_number));
    await waitForStatus(await panelFrame(page), /Brazil/);
    const popup = await chromium.openPopup(page);
    await waitForStatus(popup, /Brazil \(BR\)/);
    expect(await violations(popup)).toEqual([]);
    await popup.close();
    await page.close();

    const lookUp = await session.open(session.extensionUrl('popup.html'));
    await findByRole(lookUp, 'button', 'Show status');
    expect(await violations(lookUp)).toEqual([]);
    await lookUp.close();

    const options = await session.open(session.extensionUrl('options.html'));
    await waitForText(options, 'Set Local Storage to Canada');
    expect(await violations(options)).toEqual([]);
    // Dark by the system's setting (no choice made in settings) as well.
    await options.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    expect(await options.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      'rgb(22, 25, 27)',
    );
    expect(await violations(options)).toEqual([]);
    await options.close();
  });
});
