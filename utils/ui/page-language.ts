import { UI_LOCALES } from '../i18n';
import type { Language, LanguageSetting } from '../i18n/active';
import { ask, onBroadcast } from '../messaging/client';

// The extension origin's localStorage remembers the last answer, so a page loads that
// language's messages while it asks the background (it is a hint; the answer decides).
const LAST_KNOWN_KEY = 'residency.language';
function remember(language: Language) {
  try {
    localStorage.setItem(LAST_KNOWN_KEY, language);
  } catch {
    // No localStorage here (a partitioned frame, a locked-down profile): pages just ask.
  }
  return language;
}

/** The language setting as extension pages learn it: from the background, kept current. */
export const pageLanguage: LanguageSetting = {
  get: async () => remember((await ask({ type: 'preferences.get' })).language),
  watch: (onChange) =>
    onBroadcast((message) => {
      if (message.type === 'preferences.changed') onChange(remember(message.preferences.language));
    }),
  lastKnown: () => {
    try {
      const last = localStorage.getItem(LAST_KNOWN_KEY);
      return last === 'auto' || UI_LOCALES.includes(last as never) ? (last as Language) : null;
    } catch {
      return null;
    }
  },
};
