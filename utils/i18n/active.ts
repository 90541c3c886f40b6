import { browser, type PublicPath } from 'wxt/browser';
import { z } from 'zod';
import { preferencesStore } from '../storage';
import {
  activeLocale,
  type Messages,
  matchLocale,
  resolveLocale,
  setMessages,
  type UiLocale,
} from './index';

/** The shape of a `messages.json` as far as the UI reads it. */
export const MessagesSchema = z.record(
  z.string(),
  z.object({
    message: z.string(),
    description: z.string().optional(),
    placeholders: z
      .record(z.string(), z.object({ content: z.string(), example: z.string().optional() }))
      .optional(),
  }),
);

/** A locale's packaged messages; null when the build has none for it. */
async function fetchMessages(locale: UiLocale): Promise<Messages | null> {
  try {
    // A locale folder the build lacks is answered below (not found), so the path is not typed.
    const path = `/_locales/${locale}/messages.json` as PublicPath;
    const response = await fetch(browser.runtime.getURL(path));
    return response.ok ? MessagesSchema.parse(await response.json()) : null;
  } catch {
    return null;
  }
}

/**
 * The locale the browser's UI language gives (what "Browser default" means in settings).
 * Headless Chromium says en-US whatever its --lang, so pages never take their direction from it.
 */
export const browserLocale = (): UiLocale => matchLocale(browser.i18n.getUILanguage());

/** The locale the person's settings and the browser's language pick. */
async function chosenLocale(): Promise<UiLocale> {
  const { language } = await preferencesStore.get();
  return resolveLocale(language, browser.i18n.getUILanguage());
}

/** Loads a locale's messages (and English's for the keys it lacks) and puts them in use. */
export async function loadLocale(locale: UiLocale): Promise<void> {
  const [messages, english] = await Promise.all([
    fetchMessages(locale),
    locale === 'en' ? null : fetchMessages('en'),
  ]);
  const englishMessages = (locale === 'en' ? messages : english) ?? {};
  setMessages(locale, messages ?? englishMessages, englishMessages);
}

/**
 * Puts the chosen language in use before a page or the background shows any text, and again
 * whenever the choice changes (`onChange` then redraws). Returns the stop function of the watch.
 */
export async function startLanguage(onChange: (locale: UiLocale) => void): Promise<() => void> {
  await loadLocale(await chosenLocale().catch(() => 'en' as const));
  let wanted = activeLocale();
  return preferencesStore.watch(async ({ language }) => {
    const next = resolveLocale(language, browser.i18n.getUILanguage());
    if (next === wanted) return;
    wanted = next;
    await loadLocale(next);
    // A quicker second change wins over a slower first one.
    if (wanted === next) onChange(next);
  });
}
