import type { Frame, Page } from 'puppeteer-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PHONES, WABA_SCALE } from '../sandbox';
import { useSessionWithToken } from './fixtures';
import { BROWSERS, type ChromiumSession, type ExtensionSession, launch } from './harness';
import { managerUrl } from './manager-urls';
import {
  clickButton,
  findByRole,
  OVERLAY_FRAME,
  openCard,
  overlayCentre,
  panelFrame,
  tick,
  waitForStatus,
  waitForText,
} from './ui';

// What a person sees of Residency on the app-shell Manager stand-in: a pill that covers little
// and nothing of the Manager's own, a card that reaches everything, and a page that never moves.

/** The Manager's own elements whose boxes must not change because of Residency. */
const MANAGER_PARTS = ['.topbar', 'nav', '.layout', 'main', '.help', 'header .actions button'];

/**
 * Records, from the very start of every document, the Manager's own boxes at DOMContentLoaded
 * (before any content script at document_idle) and the page's layout shifts (Chromium; Firefox
 * has no Layout Instability API).
 */
async function recordLayout(page: Page) {
  await page.evaluateOnNewDocument((parts: string[]) => {
    const w = window as unknown as {
      __boxes?: unknown;
      __shift: number;
      __parts: string[];
      __shifted: string[];
    };
    w.__shift = 0;
    w.__shifted = [];
    w.__parts = parts;
    try {
      new PerformanceObserver((list) => {
        type Shift = PerformanceEntry & {
          value: number;
          hadRecentInput: boolean;
          sources: { node?: Node; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
        };
        for (const e of list.getEntries() as Shift[]) {
          // As the page's own score counts them: not right after the person's input.
          if (e.hadRecentInput) continue;
          w.__shift += e.value;
          for (const source of e.sources)
            w.__shifted.push(
              `${(source.node as Element | undefined)?.tagName ?? '?'} ${JSON.stringify(source.previousRect)} -> ${JSON.stringify(source.currentRect)} at ${Math.round(e.startTime)}`,
            );
        }
      }).observe({ type: 'layout-shift', buffered: true });
    } catch {
      // No layout-shift entries in this browser.
    }
    document.addEventListener('DOMContentLoaded', () => {
      w.__boxes = parts.map((s) => document.querySelector(s)?.getBoundingClientRect().toJSON());
    });
  }, MANAGER_PARTS);
}

const layoutNow = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as {
      __boxes: unknown;
      __shift: number;
      __parts: string[];
      __shifted: string[];
    };
    return {
      before: w.__boxes,
      after: w.__parts.map((s) => document.querySelector(s)?.getBoundingClientRect().toJSON()),
      shift: w.__shift,
      shifted: w.__shifted,
    };
  });

/** What a person would hit at a point of the page: our frame, or the Manager's element. */
const hitAt = (page: Page, x: number, y: number) =>
  page.evaluate(
    (px: number, py: number, selector: string) => {
      const el = document.elementFromPoint(px, py);
      if (!el) return null;
      if (el.matches(selector)) return 'residency';
      return el.className || el.tagName;
    },
    x,
    y,
    OVERLAY_FRAME,
  );

const frameBox = (page: Page) =>
  page.evaluate((selector: string) => {
    const r = document.querySelector(selector)?.getBoundingClientRect();
    return r
      ? {
          ...r.toJSON(),
          viewport: { width: document.documentElement.clientWidth, height: innerHeight },
        }
      : null;
  }, OVERLAY_FRAME);

/** Waits until the focus inside the overlay's document is on an element matching `pattern`. */
const focusSettles = (frame: Frame, pattern: RegExp) =>
  vi.waitFor(
    async () =>
      expect(
        await frame.evaluate(
          () => `${document.activeElement?.id} ${document.activeElement?.className}`,
        ),
      ).toMatch(pattern),
    { timeout: 5000 },
  );

/** Is the pill's text all on screen inside its frame, none of it cut off? */
const pillTextVisible = (frame: Frame) =>
  frame.evaluate(() => {
    const pill = document.querySelector('.overlay-pill');
    if (!pill) return 'no pill';
    const r = pill.getBoundingClientRect();
    if (r.left < 0 || r.top < 0 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5)
      return `pill ${JSON.stringify(r)} outside its frame ${innerWidth}x${innerHeight}`;
    for (const part of pill.querySelectorAll('span, strong'))
      if (part.scrollWidth > part.clientWidth + 1) return `"${part.textContent}" is cut off`;
    return 'visible';
  });

const SEEDED = [
  ['usDefault', /^Residency ?Default ?Registered$/],
  ['brazil', /^Residency ?BR Brazil ?Registered$/],
  ['unregistered', /^Residency ?Default ?Not registered$/],
  ['noStorage', /^Residency ?No Storage ?Registered$/],
  ['india', /^Residency ?IN India ?Registered$/],
] as const;

describe.each(BROWSERS)('the overlay on the app-shell Manager in %s', (browserName) => {
  let session: ExtensionSession;
  useSessionWithToken(
    () => launch(browserName),
    (s) => (session = s),
  );

  // A failed test leaves no Manager tab behind to confuse the next one.
  const opened: Page[] = [];
  afterEach(async () => {
    for (const page of opened.splice(0)) await page.close().catch(() => undefined);
  });

  async function openManager(url: string, viewport = { width: 1366, height: 768 }) {
    const page = await session.newTab();
    opened.push(page);
    await page.setViewport(viewport);
    await recordLayout(page);
    await page.goto(url, { waitUntil: 'load' });
    return page;
  }

  it.each(SEEDED)(
    'the pill says %s at a glance, on top, in the corner, and nothing of the Manager moves',
    async (key, says) => {
      const phone = PHONES[key];
      const page = await openManager(managerUrl.latestProfile(phone.display_phone_number));
      const frame = await panelFrame(page);
      const text = await waitForStatus(frame, says);
      expect(text).toMatch(says);
      const { x, y } = await overlayCentre(page);
      expect(await hitAt(page, x, y)).toBe('residency');
      expect(await pillTextVisible(frame)).toBe('visible');
      const box = await frameBox(page);
      if (!box) throw new Error('no overlay frame');
      // Docked bottom right, a few percent of a 1366 x 768 window at most.
      expect(box.right).toBeLessThanOrEqual(box.viewport.width);
      expect(box.bottom).toBeLessThanOrEqual(box.viewport.height);
      expect(box.right).toBeGreaterThan(box.viewport.width - 40);
      expect((box.width * box.height) / (1366 * 768)).toBeLessThan(0.03);
      // The Manager's own help button in that corner is still there to press.
      const help = await page.evaluate(() => {
        const r = document.querySelector('.help')?.getBoundingClientRect();
        return r ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : null;
      });
      if (!help) throw new Error('the stand-in has no help button');
      expect(await hitAt(page, help.x, help.y)).toBe('help');
      const layout = await layoutNow(page);
      expect(layout.after).toEqual(layout.before);
      expect(layout.shifted).toEqual([]);
      expect(layout.shift).toBe(0);
      await session.screenshot(page, `overlay-pill-${key}`);
      await page.close();
    },
  );

  it('shows on the simple flowing stand-in page too', async () => {
    const page = await openManager(
      `${managerUrl.profile(PHONES.brazil.display_phone_number)}&layout=simple`,
    );
    const frame = await panelFrame(page);
    await waitForStatus(frame, /BR Brazil/);
    const { x, y } = await overlayCentre(page);
    expect(await hitAt(page, x, y)).toBe('residency');
    await page.close();
  });

  it('opens into a card that reaches everything, closes with Escape or Close, and gives the focus back', async () => {
    const page = await openManager(managerUrl.profile(PHONES.brazil.display_phone_number));
    const card = await openCard(page);
    await waitForStatus(card, /In-country storage: Brazil \(BR\)/);
    // The focus moved into the card.
    await focusSettles(card, /^overlay-card /);
    // Status, facts, regions, copy buttons and the way to change are all in it.
    await findByRole(card, 'button', 'Copy phone number ID');
    await findByRole(card, 'button', 'Change Local Storage…');
    expect(await card.evaluate(() => document.querySelectorAll('li').length)).toBeGreaterThan(13);
    const box = await frameBox(page);
    if (!box) throw new Error('no overlay frame');
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.bottom).toBeLessThanOrEqual(box.viewport.height);
    const layout = await layoutNow(page);
    expect(layout.after).toEqual(layout.before);
    expect(layout.shifted).toEqual([]);
    expect(layout.shift).toBe(0);
    await session.screenshot(page, 'overlay-card-brazil');
    await page.keyboard.press('Escape');
    await waitForStatus(card, /BR Brazil/);
    await focusSettles(card, /overlay-pill/);
    await openCard(page);
    await clickButton(card, 'Close');
    await waitForStatus(card, /BR Brazil/);
    await page.close();
  });

  it('lists all 250 numbers of an account with a summary; the last row can be scrolled to and seen', async () => {
    const page = await openManager(managerUrl.list(WABA_SCALE));
    const frame = await panelFrame(page);
    await waitForStatus(frame, /250 numbers/, 60_000);
    const card = await openCard(page);
    await waitForText(card, 'Storage in this account');
    const summary = await card.evaluate(
      () => document.querySelector('.account-summary')?.textContent ?? '',
    );
    expect(summary).toMatch(/JP Japan/);
    // The card keeps inside the window and scrolls on its own.
    const box = await frameBox(page);
    if (!box) throw new Error('no overlay frame');
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.bottom).toBeLessThanOrEqual(box.viewport.height);
    const last = await card.evaluate(() => {
      const rows = document.querySelectorAll('table tbody tr');
      const row = rows[rows.length - 1];
      if (!row) return null;
      row.scrollIntoView({ block: 'end' });
      const r = row.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + 10, r.top + r.height / 2);
      return {
        count: rows.length,
        inside: r.top >= 0 && r.bottom <= innerHeight + 0.5,
        seen: !!hit && row.contains(hit),
        text: (row.textContent ?? '').trim(),
      };
    });
    expect(last).toMatchObject({ count: 250, inside: true, seen: true });
    await session.screenshot(page, 'overlay-card-waba-250-last-row');
    await page.close();
  });

  it('moves to another corner and remembers it', async () => {
    const page = await openManager(managerUrl.profile(PHONES.usDefault.display_phone_number));
    const card = await openCard(page);
    const corner = await findByRole(card, 'combobox', 'Dock in');
    await corner.select('top-left');
    await clickButton(card, 'Close');
    await page.reload({ waitUntil: 'load' });
    await waitForStatus(await panelFrame(page), /Default/);
    await overlayCentre(page);
    const box = await frameBox(page);
    expect(box?.left).toBeLessThan(40);
    expect(box?.top).toBeLessThan(40);
    await session.screenshot(page, 'overlay-top-left');
    const again = await openCard(page);
    await (await findByRole(again, 'combobox', 'Dock in')).select('bottom-right');
    await page.close();
  });

  it('fits a narrow window', async () => {
    const page = await openManager(managerUrl.list(WABA_SCALE), { width: 360, height: 640 });
    await waitForStatus(await panelFrame(page), /250 numbers/, 60_000);
    await openCard(page);
    const box = await frameBox(page);
    if (!box) throw new Error('no overlay frame');
    expect(box.left).toBeGreaterThanOrEqual(0);
    expect(box.right).toBeLessThanOrEqual(box.viewport.width);
    expect(box.bottom).toBeLessThanOrEqual(box.viewport.height);
    await session.screenshot(page, 'overlay-narrow');
    await page.close();
  });

  it('hides on all Manager pages when asked, and comes back from the settings page', async () => {
    const page = await openManager(managerUrl.profile(PHONES.brazil.display_phone_number));
    const card = await openCard(page);
    await clickButton(card, 'Hide on all Manager pages');
    await page.waitForFunction((s: string) => !document.querySelector(s), {}, OVERLAY_FRAME);
    await page.reload({ waitUntil: 'load' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await page.$(OVERLAY_FRAME)).toBeNull();
    const options = await session.open(session.extensionUrl('options.html'));
    await tick(options, 'Show Residency on WhatsApp Manager pages');
    await waitForStatus(await panelFrame(page), /BR Brazil/);
    await options.close();
    await page.close();
  });

  it('hides on one page only, follows in-page navigation, and comes back on that page', async () => {
    const brazil = PHONES.brazil.display_phone_number;
    const page = await openManager(managerUrl.profile(brazil));
    await clickButton(await openCard(page), 'Hide on this page');
    await page.waitForFunction((s: string) => !document.querySelector(s), {}, OVERLAY_FRAME);
    // The Manager moves to another number without loading a page: Residency is there.
    const goTo = (display: string) =>
      page.evaluate(
        (digits: string) => {
          const url = new URL(location.href);
          url.searchParams.set('phone_number', digits);
          history.pushState({}, '', url);
        },
        display.replace(/\D/g, ''),
      );
    await goTo(PHONES.usDefault.display_phone_number);
    await waitForStatus(await panelFrame(page), /Default/);
    const { x, y } = await overlayCentre(page);
    expect(await hitAt(page, x, y)).toBe('residency');
    // And back to the hidden one: gone again, after a reload too.
    await goTo(brazil);
    await page.waitForFunction((s: string) => !document.querySelector(s), {}, OVERLAY_FRAME);
    await page.reload({ waitUntil: 'load' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await page.$(OVERLAY_FRAME)).toBeNull();

    if (browserName === 'chromium') {
      // The popup over that tab says so and undoes it for this page.
      const popup = await (session as ChromiumSession).openPopup(page);
      await waitForText(popup, 'Residency is hidden on this page.');
      await session.screenshot(popup, 'popup-hidden-here');
      await clickButton(popup, 'Show on this page');
      await popup.close();
    } else {
      // The settings page names the page in words and undoes it.
      const options = await session.open(session.extensionUrl('options.html'));
      await waitForText(options, 'Pages where Residency is hidden');
      await waitForText(options, `The profile of +${brazil.replace(/\D/g, '')}`);
      await session.screenshot(options, 'options-hidden-pages');
      await clickButton(options, 'Show again');
      await options.close();
    }
    await waitForStatus(await panelFrame(page), /BR Brazil/);
    await page.close();
  });

  if (browserName === 'chromium')
    it('the keyboard shortcut opens the card and focuses it', async () => {
      const chromium = session as ChromiumSession;
      const page = await openManager(managerUrl.profile(PHONES.india.display_phone_number));
      const frame = await panelFrame(page);
      await waitForStatus(frame, /IN India/);
      await page.focus('header .actions button');
      // What the background does on the command (a browser shortcut cannot be pressed
      // through DevTools): tell the tab's content script.
      await chromium.evaluateInWorker(async () => {
        const chrome = (globalThis as any).chrome;
        const [tab] = await chrome.tabs.query({ url: 'https://business.facebook.com/*' });
        await chrome.tabs.sendMessage(tab.id, { type: 'open-overlay' });
      });
      await waitForStatus(frame, /In-country storage: India \(IN\)/);
      await focusSettles(frame, /^overlay-card /);
      await page.keyboard.press('Escape');
      // Back where the person was on the page.
      await page.waitForFunction(() => document.activeElement?.textContent === 'Add phone number');
      await page.close();
    });
});
