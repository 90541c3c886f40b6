import type { ElementHandle, Page } from 'puppeteer-core';
import { expect } from 'vitest';
import type { ExtensionSession } from './harness';

// The language setting, as a person uses it in the settings page.

export const LANGUAGE_LABEL = 'Language of Residency';

/**
 * Chooses a language in the settings page by the name people see in the list (or its value,
 * 'auto' for the browser's): the list is found by its languages, since its label is in the
 * language in use.
 */
export async function chooseLanguage(options: Page, name: string) {
  // The list comes once the page has the stored choice from the background.
  const found = await options
    .waitForFunction(
      () =>
        [...document.querySelectorAll('select')].find((s) =>
          [...s.options].some((o) => o.value === 'ja'),
        ),
      { polling: 100, timeout: 20_000 },
    )
    .catch(() => null);
  const select = found?.asElement() as ElementHandle<HTMLSelectElement> | null;
  if (!select) throw new Error('The settings page shows no language list');
  const value = await select.evaluate(
    (el, n) => [...el.options].find((o) => o.text === n || o.value === n)?.value ?? '',
    name,
  );
  expect(value).not.toBe('');
  await select.select(value);
}

/**
 * Waits until the page's root element says this language and direction. Polled by interval
 * (a tab in the background gets no animation frames) and across a reload.
 */
export async function waitForLanguage(page: Page, lang: string, dir: 'rtl' | 'ltr') {
  const end = Date.now() + 20_000;
  const root = () =>
    page
      .evaluate(() => `${document.documentElement.lang} ${document.documentElement.dir}`)
      .catch(() => 'reloading');
  let seen = await root();
  while (seen !== `${lang} ${dir}`) {
    if (Date.now() > end) throw new Error(`lang and dir are "${seen}", not "${lang} ${dir}"`);
    await new Promise((r) => setTimeout(r, 100));
    seen = await root();
  }
}

/**
 * Loads a page again and waits for its language; returns the page to go on with. Firefox: in a
 * new tab, as its automation never reports an extension page loaded and may go on answering
 * for the document a reload replaced ("can't access dead object").
 */
export async function reloadIn(
  session: ExtensionSession,
  page: Page,
  lang: string,
  dir: 'rtl' | 'ltr',
): Promise<Page> {
  let loaded = page;
  if (session.name === 'chromium') {
    await page.reload({ waitUntil: 'load' });
  } else {
    // The document's own address: Firefox's automation may not have the extension page's.
    loaded = await session.open(await page.evaluate(() => location.href));
    await page.close();
  }
  await waitForLanguage(loaded, lang, dir);
  return loaded;
}
