import type english from '../../public/_locales/en/messages.json';
import { formatNumber } from './format';

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
export type MessageKey = keyof typeof english;

/** A message that depends on a count: `<name>__one`, `<name>__other`, … in the locale files. */
export type PluralName = MessageKey extends infer K
  ? K extends `${infer Name}__other`
    ? Name
    : never
  : never;

/** One entry of a `messages.json`, as Chrome and Firefox read it. */
export interface Message {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
export type Messages = Record<string, Message>;

/**
 * The messages in use. browser.i18n cannot switch language, so every page and the background
 * load the chosen locale's file themselves (./active.ts) before they show anything; English
 * answers for a key the locale lacks.
 */
let catalog: { locale: UiLocale; messages: Messages; english: Messages } = {
  locale: 'en',
  messages: {},
  english: {},
};

/** Puts a locale's messages in use (English for keys it lacks). */
export function setMessages(locale: UiLocale, messages: Messages, english: Messages = messages) {
  catalog = { locale, messages, english };
}

/** The locale whose messages are in use. */
export const activeLocale = (): UiLocale => catalog.locale;

/**
 * A locale as a BCP 47 tag for Intl and `<html lang>`.
 * @example localeTag('pt_BR') // 'pt-BR'
 */
export const localeTag = (locale: UiLocale = catalog.locale): string => locale.replace('_', '-');

/** The language of the UI in use, as a BCP 47 tag for Intl (e.g. "en", "pt-BR", "ar"). */
export const uiLanguage = (): string => localeTag();

/** "rtl" for right-to-left UI languages (Arabic), else "ltr". */
export const textDirection = (locale: UiLocale = catalog.locale): 'rtl' | 'ltr' =>
  locale === 'ar' ? 'rtl' : 'ltr';

/**
 * The browser's language matched to the closest UI locale: the same language (any region or
 * script), Portuguese as pt_BR, Simplified Chinese as zh_CN, anything else English.
 * @example matchLocale('pt-PT') // 'pt_BR'
 * @example matchLocale('zh-Hans-SG') // 'zh_CN'
 */
export function matchLocale(language: string): UiLocale {
  const [lang = '', ...rest] = language.toLowerCase().replaceAll('_', '-').split('-');
  if (lang === 'zh') {
    // Traditional Chinese (Taiwan, Hong Kong, Macao, "Hant") is not shipped: English, as the stores do.
    const traditional = rest.some((part) => ['hant', 'tw', 'hk', 'mo'].includes(part));
    return traditional && !rest.includes('hans') ? 'en' : 'zh_CN';
  }
  if (lang === 'pt') return 'pt_BR';
  return UI_LOCALES.find((l) => l === lang) ?? 'en';
}

/** The locale to use: the person's choice in settings, else the browser's language. */
export const resolveLocale = (choice: 'auto' | UiLocale, browserLanguage: string): UiLocale =>
  choice === 'auto' ? matchLocale(browserLanguage) : choice;

/**
 * A message with its placeholders filled as browser.i18n does: named `$NAME$` placeholders
 * first, then `$1`…`$9` (a missing substitution is empty) and `$$` for a dollar sign.
 */
export function formatMessage(entry: Message, substitutions?: string | string[]): string {
  const subs = substitutions === undefined ? [] : [substitutions].flat();
  const named = entry.message.replace(/\$([a-z0-9_@]+)\$/gi, (whole, name: string) => {
    const found = Object.entries(entry.placeholders ?? {}).find(
      ([key]) => key.toLowerCase() === name.toLowerCase(),
    );
    return found ? found[1].content : whole;
  });
  return named.replace(/\$(\$|\d)/g, (_m, n: string) =>
    n === '$' ? '$' : (subs[Number(n) - 1] ?? ''),
  );
}

/**
 * UI text in the language in use (English when the locale lacks the key).
 * @example t('statusDefault') // "Default storage (United States)"
 */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  const entry = catalog.messages[key] ?? catalog.english[key];
  return entry ? formatMessage(entry, substitutions) : key;
}

/**
 * UI text that depends on a count: `<name>__<category>` for the count's plural category in the
 * language in use (Intl.PluralRules), else `<name>__other`. `$1` is the count, formatted for
 * the language, unless substitutions are given.
 * @example tPlural('wabaLoaded', 1) // "1 number in this account"
 */
export function tPlural(name: PluralName, count: number, substitutions?: string[]): string {
  const subs = substitutions ?? [formatNumber(count, localeTag())];
  const category = new Intl.PluralRules(localeTag()).select(count);
  const entry =
    catalog.messages[`${name}__${category}`] ??
    catalog.messages[`${name}__other`] ??
    catalog.english[`${name}__${new Intl.PluralRules('en').select(count)}`] ??
    catalog.english[`${name}__other`];
  return entry ? formatMessage(entry, subs) : name;
}

export {
  clockTime,
  formatDate,
  formatDateTime,
  formatList,
  formatNumber,
  formatTime,
  languageName,
  nativeLanguageName,
  regionName,
} from './format';
