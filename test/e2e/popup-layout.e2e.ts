import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { PHONES, SEED_PIN } from '../sandbox';
import { useSessionWithToken } from './fixtures';
import { PIN_LABEL, START_CHANGE, startMove } from './flow-helpers';
import { BROWSERS, type ChromiumSession, launchChromium } from './harness';
import { managerUrl } from './manager-urls';
import {
  clickButton,
  fillLabelled,
  findByRole,
  panelFrame,
  waitForAlert,
  waitForStatus,
  waitForText,
} from './ui';

// The toolbar popup is a small window (about 415 x 510). What a person needs first (the
// number's state, any warning, the way to change it) must be on its first screen; facts and
// details follow, folded. Only Chromium can open the real popup over a tab.

const FIRST_SCREEN = { width: 415, height: 510 };

/** Opens the real popup over a Manager tab at the popup's usual size, scrolled to the top. */
async function popupOver(session: ChromiumSession, page: Page) {
  const popup = await session.openPopup(page);
  await popup.setViewport(FIRST_SCREEN);
  return popup;
}

/** Whether all of an element is inside the popup's first screen (nothing scrolled). */
async function onFirstScreen(popup: Page, role: 'button' | 'textbox', name: string) {
  const element = await findByRole(popup, role, name);
  return element.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return (
      scrollY === 0 &&
      box.top >= 0 &&
      box.left >= 0 &&
      box.bottom <= innerHeight &&
      box.right <= innerWidth
    );
  });
}

/** Where the first element matching a selector ends, in CSS pixels from the top. */
const bottomOf = (popup: Page, selector: string) =>
  popup.evaluate(
    (s: string) => document.querySelector(s)?.getBoundingClientRect().bottom ?? Number.NaN,
    selector,
  );

/** How often a text occurs in the document (hidden parts included). */
const occurrences = (popup: Page, text: string) =>
  popup.evaluate((t: string) => (document.body.textContent ?? '').split(t).length - 1, text);

describe.runIf(BROWSERS.includes('chromium'))('the toolbar popup’s first screen', () => {
  let session: ChromiumSession;
  useSessionWithToken(
    () => launchChromium(),
    (s) => (session = s),
    { resetEachTest: true },
  );

  it('shows a registered number’s summary and the way to change it; one region list that becomes the choice', async () => {
    const phone = PHONES.brazil;
    const page = await session.open(managerUrl.profile(phone.display_phone_number));
    await waitForStatus(await panelFrame(page), /Brazil/);
    const popup = await popupOver(session, page);
    await waitForStatus(popup, /In-country storage: Brazil \(BR\)/);
    await waitForText(popup, 'Quality: Yellow (medium)');
    expect(await onFirstScreen(popup, 'button', START_CHANGE)).toBe(true);
    expect(await bottomOf(popup, '.chips')).toBeLessThan(FIRST_SCREEN.height);
    await session.screenshot(popup, 'popup-first-screen-registered');
    // The 14 regions are listed once: read-only (folded) until a change starts...
    expect(await occurrences(popup, 'Japan (JP)')).toBe(1);
    expect(await popup.$$eval('input[type="radio"]', (r) => r.length)).toBe(0);
    await clickButton(popup, START_CHANGE);
    // ...then the same list is the choice, the current region marked and not offered.
    await findByRole(popup, 'button', 'Cancel');
    const current = await findByRole(popup, 'radio', 'Brazil (BR) (current)');
    expect(await current.evaluate((r) => (r as HTMLInputElement).disabled)).toBe(true);
    expect(await occurrences(popup, 'Japan (JP)')).toBe(1);
    await session.screenshot(popup, 'popup-choosing');
    await clickButton(popup, 'Cancel');
    await findByRole(popup, 'button', START_CHANGE);
    await popup.close();
    await page.close();
  });

  it('shows values Residency has no words for as received, and Meta’s raw values in the details', async () => {
    const phone = PHONES.brazil;
    session.sandbox.updatePhone(phone.id, {
      status: 'SUSPENDED_FOR_REVIEW',
      quality_rating: 'PURPLE',
      platform_type: 'MIGRATING',
    });
    const page = await session.open(managerUrl.profile(phone.display_phone_number));
    await waitForStatus(await panelFrame(page), /Brazil/);
    const popup = await popupOver(session, page);
    await waitForStatus(popup, /In-country storage: Brazil \(BR\)/);
    await clickButton(popup, 'Refresh');
    await waitForText(popup, 'SUSPENDED_FOR_REVIEW');
    await waitForText(popup, 'Quality: PURPLE');
    await waitForText(popup, 'Registration unknown (MIGRATING)');
    // Support finds Meta's own values one disclosure down.
    await popup.evaluate(() => {
      for (const details of document.querySelectorAll('details')) details.open = true;
    });
    const shown = await popup.evaluate(() => document.body.innerText);
    expect(shown).toMatch(/platform_type\s+MIGRATING/);
    expect(shown).toMatch(/storage_configuration\.data_localization_region\s+BR/);
    await session.screenshot(popup, 'popup-unknown-values');
    await popup.close();
    await page.close();
  });

  it('an unregistered number: the way to change comes before the details', async () => {
    const phone = PHONES.unregistered;
    const page = await session.open(managerUrl.profile(phone.display_phone_number));
    await waitForStatus(await panelFrame(page), /Default/);
    const popup = await popupOver(session, page);
    await waitForStatus(popup, /Default storage \(United States\)/);
    await waitForText(popup, 'Not registered');
    expect(await onFirstScreen(popup, 'button', START_CHANGE)).toBe(true);
    await session.screenshot(popup, 'popup-first-screen-unregistered');
    await popup.close();
    await page.close();
  });

  it('a number a move left offline: the headline, the warning and Resume are on the first screen', async () => {
    const phone = PHONES.usDefault;
    const display = phone.display_phone_number;
    const page = await session.open(managerUrl.profile(display));
    await waitForStatus(await panelFrame(page), /Default/);
    let popup = await popupOver(session, page);
    await waitForStatus(popup, /Default storage/);
    await startMove(popup, display, 'Japan (JP)', '111111');
    await waitForText(popup, 'Wrong PIN');
    await popup.close();

    // Opened again, as a person coming back to it would.
    popup = await popupOver(session, page);
    const headline = await waitForStatus(popup, /Offline: storage change unfinished/);
    expect(headline).toContain('Storage now: In-country storage: Japan (JP)');
    // The line in large type says offline, not the region the number has meanwhile.
    expect(await popup.$eval('.status-line', (el) => el.textContent)).toBe(
      'Offline: storage change unfinished',
    );
    expect(await waitForAlert(popup)).toMatch(/is deregistered: it cannot send or receive/);
    expect(await bottomOf(popup, '[role="alert"]')).toBeLessThan(FIRST_SCREEN.height);
    expect(await onFirstScreen(popup, 'textbox', PIN_LABEL)).toBe(true);
    expect(await onFirstScreen(popup, 'button', 'Resume')).toBe(true);
    await session.screenshot(popup, 'popup-first-screen-offline');
    await popup.close();

    // The account's list says the same for that number.
    const list = await session.open(managerUrl.list());
    const listPopup = await popupOver(session, list);
    await waitForStatus(listPopup, /10 numbers in this account/);
    const row = await listPopup.evaluate(
      (number: string) =>
        [...document.querySelectorAll('tbody tr')]
          .find((tr) => tr.textContent?.includes(number))
          ?.textContent?.replace(/\s+/g, ' '),
      display,
    );
    expect(row).toContain('Offline: storage change unfinished');
    await listPopup.close();
    await list.close();

    popup = await popupOver(session, page);
    await waitForStatus(popup, /Offline: storage change unfinished/);

    await fillLabelled(popup, PIN_LABEL, SEED_PIN);
    await clickButton(popup, 'Resume');
    await waitForText(
      popup,
      `Confirmed by Meta: ${display} now uses Japan (JP) and is Registered.`,
    );
    await waitForStatus(popup, /In-country storage: Japan \(JP\)/);
    await popup.close();
    await page.close();
  });
});
