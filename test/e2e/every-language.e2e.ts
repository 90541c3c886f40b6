import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { PHONES } from '../sandbox';
import { useSessionWithToken } from './fixtures';
import { BROWSERS, type ExtensionSession, launch } from './harness';
import { chooseLanguage, waitForLanguage } from './language';
import { clippedText, reflows } from './layout';
import { openCard, openNumber, type Scope, waitForText } from './ui';

// Every page in Arabic and in Japanese, as a person who switches the language sees them: the
// pages already open follow the choice at once, in the language's own script and direction,
// with nothing wider than the window and no text cut off.

const LANGUAGES = [
  { name: 'العربية', lang: 'ar', dir: 'rtl', script: /[\u0600-\u06FF]/g },
  { name: '日本語', lang: 'ja', dir: 'ltr', script: /[\u3040-\u30FF\u3400-\u9FFF]/g },
] as const;

/**
 * How much of what a document says in its own words is in a script: the letters of its
 * headings, buttons, labels and summaries (data such as names, numbers, IDs and the export's
 * column codes stays as it is in every language).
 */
const shareIn = (scope: Scope, script: RegExp) =>
  scope.evaluate((source: string) => {
    const text = [...document.querySelectorAll('h1, h2, h3, button, label, summary, legend')]
      .map((el) => (el as HTMLElement).innerText)
      .join(' ');
    const letters = text.match(/\p{L}/gu)?.length ?? 0;
    const inScript = text.match(new RegExp(source, 'g'))?.length ?? 0;
    return letters ? inScript / letters : 0;
  }, script.source);

describe.each(BROWSERS)('every page in Arabic and Japanese in %s', (browserName) => {
  let session: ExtensionSession;
  useSessionWithToken(
    () => launch(browserName),
    (s) => (session = s),
    { scanFleet: true },
  );

  it.each(LANGUAGES)('in $lang', async ({ name, lang, dir, script }) => {
    // Everything open in English first.
    const options = await session.open(session.extensionUrl('options.html'));
    const { page: manager, frame: changeWindow } = await openNumber(
      session,
      PHONES.brazil.display_phone_number,
    );
    const card = await openCard(manager);
    const overview = await session.open(session.extensionUrl('overview.html'));
    await waitForText(overview, 'Scan finished.');
    const report = await session.open(session.extensionUrl('report.html'));
    const popup = await session.open(session.extensionUrl('popup.html'));
    await popup.setViewport({ width: 420, height: 600 });

    await chooseLanguage(options, name);
    try {
      await showsEveryPageIn(lang, dir, script, [
        ['options', options, options],
        ['overview', overview, overview],
        ['report', report, report],
        ['popup', popup, popup],
        ['change-window', changeWindow, changeWindow as Page],
        ['overlay-card', card, manager],
      ]);
    } finally {
      // Back to the browser's language, through the same list (its label is translated now).
      await chooseLanguage(options, 'auto');
      await waitForLanguage(options, 'en', 'ltr');
      for (const page of [popup, report, overview, manager, options]) await page.close();
    }
  });

  async function showsEveryPageIn(
    lang: string,
    dir: 'rtl' | 'ltr',
    script: RegExp,
    pages: [string, Scope, Page][],
  ) {
    for (const [what, scope, page] of pages) {
      await waitForLanguage(scope as Page, lang, dir);
      // Wait for the redraw in the new language, then judge what a person reads (Japanese
      // words are fewer letters than the Latin product and API names beside them: 30%).
      await expect
        .poll(() => shareIn(scope, script), { timeout: 10_000, message: `${what} in ${lang}` })
        .toBeGreaterThan(0.3);
      const layout = await reflows(scope);
      expect(layout.outside, `${what}: controls outside the window`).toEqual([]);
      expect(layout.scrollWidth, `${what}: wider than the window`).toBeLessThanOrEqual(
        layout.clientWidth + 1,
      );
      // The overlay's frame takes its new size a moment after the redraw.
      await expect
        .poll(() => clippedText(scope), { timeout: 5000, message: `${what}: text cut off` })
        .toEqual([]);
      // A tab in the background is not painted, and the overlay waits for a paint to move its
      // frame: bring the tab to front as a person would look at it (not Firefox's change
      // window, which its automation can hang on), and let it draw twice.
      if (browserName === 'chromium' || what !== 'change-window') {
        await page.bringToFront();
        await page.evaluate(
          () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
        );
      }
      // The whole window: the overlay as it sits on the Manager page.
      await session.screenshot(page, `${what}-${lang}`);
    }
  }
});
