import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { PHONES } from '../sandbox';
import { violations } from './axe';
import { useSessionWithToken } from './fixtures';
import { BROWSERS, type ChromiumSession, type ExtensionSession, launch } from './harness';
import { reflows } from './layout';
import { managerUrl } from './manager-urls';
import {
  findByRole,
  OVERLAY_FRAME,
  openCard,
  openNumber,
  overlayCentre,
  panelFrame,
  type Scope,
  waitForStatus,
  waitForText,
} from './ui';

// Light and dark, right to left, and reflow, as a person sees them: the overlay follows the
// Manager page it sits on; the extension pages follow the system or the choice in settings;
// every page mirrors when its direction is right to left, and reflows at 320 CSS px.

/**
 * The scheme a document is drawn in, and whether its background is dark (luminance < 0.18): the
 * body's, or in the overlay (whose body is transparent) the card's or the pill's.
 */
const drawnAs = (scope: Scope) =>
  scope.evaluate(() => {
    const surface = document.querySelector('.overlay-card, .overlay-pill') ?? document.body;
    const [r, g, b] = (getComputedStyle(surface).backgroundColor.match(/[\d.]+/g) ?? [])
      .slice(0, 3)
      .map((c) => {
        const v = Number(c) / 255;
        return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
    const luminance = 0.2126 * (r ?? 1) + 0.7152 * (g ?? 1) + 0.0722 * (b ?? 1);
    return { theme: document.documentElement.dataset.theme ?? 'system', dark: luminance < 0.18 };
  });

/** Chooses Automatic, Light or Dark in the settings page, as a person does. */
async function chooseAppearance(options: Page, label: 'Automatic' | 'Light' | 'Dark') {
  const select = await findByRole(options, 'combobox', 'Appearance');
  await select.evaluate((el, wanted) => {
    const s = el as HTMLSelectElement;
    s.value = [...s.options].find((o) => o.text === wanted)?.value ?? '';
    s.dispatchEvent(new Event('change', { bubbles: true }));
  }, label);
  const value = { Automatic: 'system', Light: 'light', Dark: 'dark' }[label];
  await options.waitForFunction(
    (v) => (document.documentElement.dataset.theme ?? 'system') === v,
    {},
    value,
  );
}

/**
 * Lays a page out right to left, as it is once its UI language is Arabic (the product takes
 * the direction from the locale in use), with the English words the assertions read.
 */
const rightToLeft = (scope: Scope) =>
  scope.evaluate(() => {
    document.documentElement.dir = 'rtl';
  });

/** Whether the page's first heading starts at the right (its right edge near main's right). */
const startsAtRight = (scope: Scope) =>
  scope.evaluate(() => {
    const main = document.querySelector('main')?.getBoundingClientRect();
    const heading = document.querySelector('h1, h2');
    if (!main || !heading) return false;
    const range = document.createRange();
    range.selectNodeContents(heading);
    const text = range.getBoundingClientRect();
    return main.right - text.right < 40 && text.left - main.left > 40;
  });

/** About the toolbar popup's size, for popup.html opened in a tab. */
const POPUP_SIZE = { width: 420, height: 380 };

describe.each(BROWSERS)('light, dark, right to left and reflow in %s', (browserName) => {
  let session: ExtensionSession;
  useSessionWithToken(
    () => launch(browserName),
    (s) => (session = s),
    { scanFleet: true },
  );

  it('the overlay follows the Manager page: dark on a dark page, light on a light one', async () => {
    const display = PHONES.brazil.display_phone_number;
    const dark = await session.open(`${managerUrl.profile(display)}&theme=dark`);
    const pill = await panelFrame(dark);
    await waitForStatus(pill, /Brazil/);
    expect(await drawnAs(pill)).toEqual({ theme: 'dark', dark: true });
    // The frame's scheme matches its document's, so its backdrop stays transparent.
    expect(
      await dark.evaluate(
        (s) => document.querySelector<HTMLElement>(s)?.style.colorScheme,
        OVERLAY_FRAME,
      ),
    ).toBe('dark');
    await overlayCentre(dark);
    await session.screenshot(dark, 'overlay-pill-dark-manager');
    const card = await openCard(dark);
    expect(await drawnAs(card)).toEqual({ theme: 'dark', dark: true });
    expect(await violations(card)).toEqual([]);
    await session.screenshot(dark, 'overlay-card-dark-manager');
    await dark.close();

    const light = await session.open(managerUrl.profile(display));
    const lightCard = await openCard(light);
    expect(await drawnAs(lightCard)).toEqual({ theme: 'light', dark: false });
    await session.screenshot(light, 'overlay-card-light-manager');
    await light.close();
  });

  it('on a right-to-left Manager page the pill docks in the mirrored corner', async () => {
    const page = await session.open(
      `${managerUrl.profile(PHONES.brazil.display_phone_number)}&dir=rtl`,
    );
    await waitForStatus(await panelFrame(page), /Brazil/);
    const { x } = await overlayCentre(page);
    const width = await page.evaluate(() => innerWidth);
    // Stored as bottom-right (for a left-to-right page): bottom-left here, past the Help button.
    expect(x).toBeLessThan(width / 2);
    const covered = await page.evaluate(
      ([cx, cy]) => document.elementFromPoint(cx as number, cy as number)?.matches('iframe'),
      [x, (await overlayCentre(page)).y],
    );
    expect(covered).toBe(true);
    await session.screenshot(page, 'overlay-pill-rtl-manager');
    // The card laid out right to left (its direction is the extension's, not the page's).
    const card = await openCard(page);
    await rightToLeft(card);
    expect(await startsAtRight(card)).toBe(true);
    // "Dock in" names the corner where the pill is on this page, not the stored one.
    const dockedIn = await card.evaluate(
      () =>
        document.querySelector<HTMLSelectElement>('.overlay-card-foot select')?.selectedOptions[0]
          ?.textContent,
    );
    expect(dockedIn).toBe('Bottom left');
    await session.screenshot(page, 'overlay-card-rtl');
    await page.close();
  });

  it('the settings choice puts every extension page in dark, and axe finds nothing in it', async () => {
    const options = await session.open(session.extensionUrl('options.html'));
    await chooseAppearance(options, 'Dark');
    expect(await drawnAs(options)).toEqual({ theme: 'dark', dark: true });
    expect(await violations(options)).toEqual([]);
    await session.screenshot(options, 'options-dark');

    const popup = await session.open(session.extensionUrl('popup.html'));
    await popup.setViewport(POPUP_SIZE);
    await findByRole(popup, 'button', 'Show status');
    expect(await drawnAs(popup)).toEqual({ theme: 'dark', dark: true });
    expect(await violations(popup)).toEqual([]);
    await session.screenshot(popup, 'popup-dark');
    await popup.close();

    const overview = await session.open(session.extensionUrl('overview.html'));
    await waitForText(overview, 'Scan finished.');
    expect(await drawnAs(overview)).toEqual({ theme: 'dark', dark: true });
    expect(await violations(overview)).toEqual([]);
    await session.screenshot(overview, 'overview-dark');
    await overview.close();

    // The card on a light Manager page follows the choice too: it is the person's.
    const { page, frame } = await openNumber(session, PHONES.usDefault.display_phone_number);
    expect(await drawnAs(frame)).toEqual({ theme: 'dark', dark: true });
    expect(await violations(frame)).toEqual([]);
    await session.screenshot(frame as Page, 'change-window-dark');
    const card = await panelFrame(page);
    expect(await drawnAs(card)).toEqual({ theme: 'dark', dark: true });
    await page.close();

    await chooseAppearance(options, 'Light');
    expect(await drawnAs(options)).toEqual({ theme: 'light', dark: false });
    await chooseAppearance(options, 'Automatic');
    await options.close();
  });

  if (browserName === 'chromium')
    it('the toolbar popup keeps its fixed width, which sizes its window', async () => {
      const page = await session.open(managerUrl.profile(PHONES.brazil.display_phone_number));
      await waitForStatus(await panelFrame(page), /Brazil/);
      const popup = await (session as ChromiumSession).openPopup(page);
      await waitForStatus(popup, /Brazil \(BR\)/);
      expect(
        await popup.evaluate(() => ({
          toolbar: document.documentElement.classList.contains('toolbar-popup'),
          width: document.querySelector('main')?.getBoundingClientRect().width,
        })),
      ).toEqual({ toolbar: true, width: 400 });
      await popup.close();
      await page.close();
    });

  it('every page mirrors right to left and reflows at 320 px and at 200 % zoom', async () => {
    const pages: [string, Page, (p: Page) => Promise<unknown>][] = [];
    const popup = await session.open(session.extensionUrl('popup.html'));
    await popup.setViewport(POPUP_SIZE);
    await findByRole(popup, 'button', 'Show status');
    const options = await session.open(session.extensionUrl('options.html'));
    await findByRole(options, 'button', 'Save and check token');
    const overview = await session.open(session.extensionUrl('overview.html'));
    await waitForText(overview, 'Residency policy');
    const { page, frame } = await openNumber(session, PHONES.brazil.display_phone_number);
    const change = frame as Page;
    pages.push(
      ['popup', popup, (p) => findByRole(p, 'button', 'Show status')],
      ['options', options, (p) => findByRole(p, 'button', 'Save and check token')],
      ['overview', overview, (p) => waitForText(p, 'Scan finished.')],
      ['change-window', change, (p) => waitForText(p, 'Change Local Storage')],
    );
    for (const [name, p, ready] of pages) {
      await rightToLeft(p);
      await ready(p);
      expect(await startsAtRight(p), `${name} starts at the right`).toBe(true);
      await session.screenshot(p, `${name}-rtl`);
      // 320 CSS px (WCAG 1.4.10), and a 1280 px window at 200 % zoom (640 CSS px).
      for (const width of [640, 320]) {
        await p.setViewport({ width, height: p === popup ? POPUP_SIZE.height : 700 });
        // A background tab draws no animation frames: give the layout a moment instead.
        await new Promise((r) => setTimeout(r, 200));
        const fit = await reflows(p);
        expect(fit.outside, `${name} at ${width} px`).toEqual([]);
        expect(fit.scrollWidth, `${name} at ${width} px`).toBeLessThanOrEqual(fit.clientWidth);
      }
      await session.screenshot(p, `${name}-rtl-320`);
    }
    await popup.close();
    await options.close();
    await overview.close();
    await page.close();
  });
});
