import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type ExtensionSession, launch } from './harness';
import { chooseLanguage, LANGUAGE_LABEL, reloadIn, waitForLanguage } from './language';
import { findByRole, waitForText } from './ui';

// The language chosen in settings overrides the browser's on every extension page. This branch
// ships English only, so Arabic is shown with English text (the fallback for missing keys),
// but laid out right to left and tagged lang="ar": the direction comes from the locale in use,
// never from the browser (headless Chromium reports en-US whatever its --lang).

describe.each(BROWSERS)('the language setting in %s', (browserName) => {
  let session: ExtensionSession;
  beforeAll(async () => {
    session = await launch(browserName);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('lists the browser default and the eleven languages, each in its own language', async () => {
    const options = await session.open(session.extensionUrl('options.html'));
    const select = await findByRole(options, 'combobox', LANGUAGE_LABEL);
    const names = await select.evaluate((el) =>
      [...(el as HTMLSelectElement).options].map((o) => o.text),
    );
    expect(names).toHaveLength(12);
    expect(names[0]).toBe('Browser default (English)');
    expect(names).toEqual(
      expect.arrayContaining(['English', 'العربية', 'Deutsch', '日本語', 'Português (Brasil)']),
    );
    await options.close();
  });

  it('lays out the settings page and the popup right to left in Arabic, also after a reload', async () => {
    const options = await session.open(session.extensionUrl('options.html'));
    await waitForLanguage(options, 'en', 'ltr');
    await chooseLanguage(options, 'العربية');
    // The open page follows the choice at once, without a reload.
    await waitForLanguage(options, 'ar', 'rtl');
    // No Arabic messages on this branch: English text stands in for every key.
    await waitForText(options, 'Residency settings');
    await session.screenshot(options, 'languages-options-ar');

    const popup = await session.open(session.extensionUrl('popup.html'));
    await waitForLanguage(popup, 'ar', 'rtl');

    await reloadIn(options, 'ar', 'rtl');
    const chosen = await (await findByRole(options, 'combobox', LANGUAGE_LABEL)).evaluate(
      (el) => (el as HTMLSelectElement).value,
    );
    expect(chosen).toBe('ar');
    await reloadIn(popup, 'ar', 'rtl');

    // Back to the browser's language: the popup, still open, follows too.
    await chooseLanguage(options, 'Browser default (English)');
    await waitForLanguage(options, 'en', 'ltr');
    await waitForLanguage(popup, 'en', 'ltr');
    await popup.close();
    await options.close();
  });
});
