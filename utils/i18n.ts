import { browser } from 'wxt/browser';

/** The UI languages Residency ships, as `_locales` folder names; English is the default. */
export const UI_LOCALES = [
  'en',
  'ar',
  'de',
  'es',
  'hi',
  'id',
  'ja',
  'ko',
  'pt_BR',
  'th',
  'zh_CN',
] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

/** Every key of the default locale; other locales must use the same keys. */
export type MessageKey = keyof typeof import('../public/_locales/en/messages.json');

/**
 * Looks up UI text in the extension's locale files.
 * @example t('statusDefault') // "Default storage (United States)"
 */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** The UI language the browser resolved for this extension, e.g. "en" or "ar". */
export function uiLanguage(): string {
  return browser.i18n.getUILanguage?.() || 'en';
}

/** "rtl" for right-to-left UI languages such as Arabic, else "ltr". */
export function textDirection(): 'rtl' | 'ltr' {
  return browser.i18n.getMessage('@@bidi_dir') === 'rtl' ? 'rtl' : 'ltr';
}

/**
 * A language code as Meta writes it (en_US, pt_BR, ar) named in the UI language; the code
 * itself when the browser has no name for it.
 * @example languageName('pt_BR', 'en') // 'Portuguese (Brazil)'
 */
export function languageName(code: string, locale: string): string {
  try {
    const names = new Intl.DisplayNames([locale, 'en'], {
      type: 'language',
      languageDisplay: 'standard',
    });
    return names.of(code.replace('_', '-')) ?? code;
  } catch {
    return code;
  }
}

/** A message written per plural category: `<base>__one`, `<base>__other`, … in messages.json. */
export type PluralBase = {
  [K in MessageKey]: K extends `${infer Base}__other` ? Base : never;
}[MessageKey];

/**
 * Count-dependent text, from the keys `<base>__<category>` (CLDR: zero, one, two, few, many,
 * other) of the UI language; `$1` is the count, formatted, then the other substitutions.
 * @example plural('badgeDrifted', 3) // "3 numbers drifted since you last looked"
 */
export function plural(base: PluralBase, count: number, substitutions: string[] = []): string {
  const language = uiLanguage();
  const category = new Intl.PluralRules(language).select(count);
  const values = [count.toLocaleString(language), ...substitutions];
  return (
    browser.i18n.getMessage(`${base}__${category}` as MessageKey, values) ||
    browser.i18n.getMessage(`${base}__other`, values) ||
    base
  );
}
