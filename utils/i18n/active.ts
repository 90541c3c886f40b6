import { browser, type PublicPath } from 'wxt/browser';
import { type Messages, matchLocale, resolveLocale, setMessages, type UiLocale } from './index';

/** The language setting: 'auto' or one of the UI locales. */
export type Language = 'auto' | UiLocale;

/** A locale's packaged messages; null when the build has none for it. */
async function fetchMessages(locale: UiLocale): Promise<Messages | null> {
  try {
    // A locale folder the build lacks is answered below (not found), so the path is not typed.
    const path = `/_locales/${locale}/messages.json` as PublicPath;
    const response = await fetch(browser.runtime.getURL(path));
    // The extension's own packaged file (test/unit/locales.test.ts checks every one of them).
    return response.ok ? ((await response.json()) as Messages) : null;
  } catch {
    return null;
  }
}

/**
 * The locale the browser's UI language gives (what "Browser default" means in settings).
 * Headless Chromium says en-US whatever its --lang, so pages never take their direction from it.
 */
export const browserLocale = (): UiLocale => matchLocale(browser.i18n.getUILanguage());

/**
 * Where the language setting comes from: storage in the background, the background's replies
 * and broadcasts in extension pages (which keep storage code out of their bundles).
 */
export interface LanguageSetting {
  get(): Promise<Language>;
  watch(onChange: (language: Language) => void): () => void;
}

/** The locale whose messages could not be loaded last time (English is shown instead). */
let failedLocale: UiLocale | null = null;

/**
 * The language the person chose or the browser gave whose texts could not be loaded, so the
 * pages show English: the settings page says so rather than changing language silently.
 */
export const languageLoadFailure = (): UiLocale | null => failedLocale;

/**
 * Loads a locale's messages (and English's for the keys it lacks) and puts them in use; when
 * the locale's file cannot be read (a damaged install), English, laid out as English.
 * `english` is English's load if already started.
 */
export async function loadLocale(
  locale: UiLocale,
  english: Promise<Messages | null> = fetchMessages('en'),
): Promise<void> {
  const [messages, englishLoaded] = await Promise.all([
    locale === 'en' ? english : fetchMessages(locale),
    english,
  ]);
  const englishMessages = englishLoaded ?? {};
  failedLocale = messages || locale === 'en' ? null : locale;
  if (messages) setMessages(locale, messages, englishMessages);
  else setMessages('en', englishMessages, englishMessages);
}

/**
 * Puts the chosen language in use before a page or the background shows any text, and again
 * whenever the choice changes (`onChange` then redraws). Returns the stop function of the watch.
 */
export async function startLanguage(
  setting: LanguageSetting,
  onChange: (locale: UiLocale) => void,
): Promise<() => void> {
  // Every locale falls back to English: its file loads while the setting is asked for.
  const english = fetchMessages('en');
  const language = await setting.get().catch(() => 'auto' as const);
  // What was asked for, not what loaded: asking for English after a failed locale reloads.
  let wanted = resolveLocale(language, browser.i18n.getUILanguage());
  await loadLocale(wanted, english);
  return setting.watch(async (language) => {
    const next = resolveLocale(language, browser.i18n.getUILanguage());
    if (next === wanted) return;
    wanted = next;
    await loadLocale(next);
    // A quicker second change wins over a slower first one.
    if (wanted === next) onChange(next);
  });
}
