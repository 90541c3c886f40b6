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
