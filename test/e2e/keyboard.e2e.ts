import type { Target } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { PHONES, SEED_PIN } from '../sandbox';
import { useSessionWithToken } from './fixtures';
import { PIN_LABEL, posts } from './flow-helpers';
import { BROWSERS, type ExtensionSession, launch } from './harness';
import { managerUrl } from './manager-urls';
import { changeWindow, focusedName, panelFrame, tabTo, waitForStatus, waitForText } from './ui';

// A guided move from the keyboard alone: Tab, Shift+Tab, Enter, Space and the arrow keys, no
// click and no scripted focus. From the Manager page to the pill, into the card, to the change
// window, the region, the PIN, the confirmation and the move, checked against what Meta got;
// the same for a registration that Meta wants verified by a code first.

describe.each(BROWSERS)('keyboard only in %s', (browserName) => {
  let session: ExtensionSession;
  useSessionWithToken(
    () => launch(browserName),
    (s) => (session = s),
  );

  /**
   * From a number's Manager page to its change window by keyboard: Tab to the pill (after the
   * page's own controls), Enter opens the card (which takes the focus; its first control is
   * the close button, then the way to change), Enter on "Change Local Storage…".
   */
  async function changeWindowByKeyboard(display: string) {
    const page = await session.open(managerUrl.profile(display));
    const overlay = await panelFrame(page);
    await waitForStatus(overlay, /Default/);
    await tabTo(page, overlay, /^Residency/);
    await page.keyboard.press('Enter');
    await waitForStatus(overlay, /Default storage \(United States\)/);
    await tabTo(page, overlay, 'Change Local Storage…');
    const before = new Set<Target>(session.browser.targets());
    await page.keyboard.press('Enter');
    const change = await changeWindow(session, page, before);
    page.once('close', () => void change.evaluate(() => window.close()).catch(() => undefined));
    await waitForText(change, 'Change Local Storage');
    return { page, overlay, change };
  }

  it('completes a guided move with the keyboard only', async () => {
    const phone = PHONES.usDefault;
    const display = phone.display_phone_number;
    const { page, overlay, change } = await changeWindowByKeyboard(display);

    await tabTo(change, change, 'Choose new storage…');
    await change.keyboard.press('Enter');
    // Into the regions: the first one takes the focus; an arrow key moves to the next and
    // chooses it, as in any radio group.
    await tabTo(change, change, /\([A-Z]{2}\)$/);
    await change.keyboard.press('ArrowDown');
    const region = await focusedName(change);
    expect(region).toMatch(/\([A-Z]{2}\)$/);
    const code = region?.slice(-3, -1);

    await tabTo(change, change, 'Two-step verification PIN (6 digits)');
    await change.keyboard.type(SEED_PIN);
    const understood = `I understand that ${display} stops sending and receiving messages until it is registered again.`;
    await tabTo(change, change, understood);
    await change.keyboard.press(' ');
    await tabTo(change, change, `Move ${display} to ${region}`);
    await change.keyboard.press('Enter');

    await waitForText(
      change,
      `Confirmed by Meta: ${display} now uses ${region} and is Registered.`,
      60_000,
    );
    expect(posts(session, phone.id)).toEqual([
      'deregister',
      `settings {"storage_configuration":{"status":"IN_COUNTRY_STORAGE_ENABLED","data_localization_region":"${code}"}}`,
      `register {"messaging_product":"whatsapp","pin":"${SEED_PIN}"}`,
    ]);
    // Shift+Tab walks back through the window without getting stuck.
    await tabTo(change, change, 'Settings', true);
    await session.screenshot(change, 'keyboard-move-done');

    // Back on the page, Escape closes the card and the focus returns to the pill.
    await page.bringToFront().catch(() => undefined);
    await tabTo(page, overlay, 'Close');
    await page.keyboard.press('Escape');
    await overlay.waitForFunction(() => document.activeElement?.classList.contains('overlay-pill'));
    await page.close();
  });

  it('registers a number that Meta wants verified by code, with the keyboard only', async () => {
    const phone = PHONES.needsVerification;
    const display = phone.display_phone_number;
    const { page, change } = await changeWindowByKeyboard(display);

    // A new PIN, then Register: Meta answers 133006, which opens verification.
    await tabTo(change, change, PIN_LABEL);
    await change.keyboard.type('135790');
    await tabTo(change, change, `Register ${display}`);
    await change.keyboard.press('Enter');
    await waitForText(change, 'verified with a code before it can be registered');
    // The way the code comes is a radio group: the focused choice is taken with Space.
    await tabTo(change, change, 'Text message (SMS)');
    await change.keyboard.press(' ');
    await tabTo(change, change, 'Send code');
    await change.keyboard.press('Enter');
    await waitForText(change, `Meta sent a code to ${display}.`);
    const code = session.sandbox.lastVerificationCode(phone.id);
    expect(code).toMatch(/^\d{6}$/);
    await tabTo(change, change, 'Verification code');
    await change.keyboard.type(code as string);
    // The PIN again, whatever the field still holds: select it all, then type.
    await tabTo(change, change, PIN_LABEL);
    await change.keyboard.down('Control');
    await change.keyboard.press('a');
    await change.keyboard.up('Control');
    await change.keyboard.type('135790');
    await tabTo(change, change, 'Verify and continue');
    await change.keyboard.press('Enter');
    await waitForText(change, `Confirmed by Meta: ${display}`, 60_000);
    expect(posts(session, phone.id).map((p) => p.split(' ')[0])).toEqual([
      'register',
      'request_code',
      'verify_code',
      'register',
    ]);
    await session.screenshot(change, 'keyboard-verified-by-code');
    await page.close();
  });

  it('filters the fleet overview and sorts it with the keyboard only', async () => {
    const overview = await session.open(session.extensionUrl('overview.html'));
    await tabTo(overview, overview, 'Scan all numbers');
    await overview.keyboard.press('Enter');
    await waitForText(overview, 'Scan finished.', 150_000);
    await waitForText(overview, 'Showing 260 of 260 numbers');
    // A closed list box changes its choice with the arrow keys, as any select does.
    await tabTo(overview, overview, /^Storage/);
    await overview.keyboard.press('ArrowDown');
    const shown = await overview.waitForFunction(
      () => /Showing (\d+) of 260 numbers/.exec(document.body.innerText)?.[1],
      { polling: 100, timeout: 10_000 },
    );
    expect(Number(await shown.jsonValue())).toBeLessThan(260);
    // The table scrolls by keyboard (it takes the focus), and its column headings sort: Enter
    // on one, and the focus stays where it was.
    await tabTo(overview, overview, 'Numbers of the fleet');
    await tabTo(overview, overview, 'Number');
    await overview.keyboard.press('Enter');
    await overview.waitForFunction(
      () =>
        [...document.querySelectorAll('th')].find((th) => th.textContent?.startsWith('Number'))
          ?.ariaSort === 'ascending',
      { polling: 100, timeout: 10_000 },
    );
    expect(await focusedName(overview)).toBe('Number ▲');
    // Back to the exports, which come before the table.
    await tabTo(overview, overview, 'Export evidence (CSV)', true);
    await overview.close();
  });
});
