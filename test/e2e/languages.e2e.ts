import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type ExtensionSession, launch } from './harness';
import { chooseLanguage, LANGUAGE_LABEL, reloadIn, waitForLanguage } from './language';
import { findByRole, waitForText } from './ui';

const ARABIC = JSON.parse(readFileSync('public/_locales/ar/messages.json', 'utf8'));

// The language chosen in settings overrides the browser's on every extension page: Arabic is
// laid out right to left and tagged lang="ar"; the direction comes from the locale in use, never
// from the browser (headless Chromium reports en-US whatever its --lang).

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
    let options = await session.open(session.extensionUrl('options.html'));
    await waitForLanguage(options, 'en', 'ltr');
    await chooseLanguage(options, 'العربية');
    // The open page follows the choice at once, without a reload.
    await waitForLanguage(options, 'ar', 'rtl');
    // The heading in Arabic, as Residency's Arabic messages have it.
    await waitForText(options, ARABIC.optionsTitle.message);
    await session.screenshot(options, 'languages-options-ar');

    let popup = await session.open(session.extensionUrl('popup.html'));
    await waitForLanguage(popup, 'ar', 'rtl');

    options = await reloadIn(session, options, 'ar', 'rtl');
    // The list, labelled in Arabic now, still says Arabic is chosen.
    const chosen = await findByRole(options, 'combobox', ARABIC.languageLabel.message);
    expect(await chosen.evaluate((el) => (el as HTMLSelectElement).value)).toBe('ar');
    popup = await reloadIn(session, popup, 'ar', 'rtl');

    // Back to the browser's language: the popup, still open, follows too.
    await chooseLanguage(options, 'auto');
    await waitForLanguage(options, 'en', 'ltr');
    await waitForLanguage(popup, 'en', 'ltr');
    await popup.close();
    await options.close();
  });
});
