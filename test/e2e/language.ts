import type { ElementHandle, Page } from 'puppeteer-core';
import { expect } from 'vitest';

// The language setting, as a person uses it in the settings page.

export const LANGUAGE_LABEL = 'Language of Residency';

/**
 * Chooses a language in the settings page by the name people see in the list (or its value,
 * 'auto' for the browser's): the list is found by its languages, since its label is in the
 * language in use.
 */
export async function chooseLanguage(options: Page, name: string) {
  const found = await options.evaluateHandle(() =>
    [...document.querySelectorAll('select')].find((s) =>
      [...s.options].some((o) => o.value === 'ja'),
    ),
  );
  const select = found.asElement() as ElementHandle<HTMLSelectElement> | null;
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

/** Reloads a page and waits for its language; Firefox never reports an extension page loaded. */
export async function reloadIn(page: Page, lang: string, dir: 'rtl' | 'ltr') {
  // The root element of the page as it was must not answer for the reloaded one.
  await page.evaluate(() => document.documentElement.setAttribute('lang', 'reloading'));
  void page.reload().catch(() => undefined);
  await waitForLanguage(page, lang, dir);
}
