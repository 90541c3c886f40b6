import type { LanguageSetting } from '../i18n/active';
import { ask, onBroadcast } from '../messaging/client';

/** The language setting as extension pages learn it: from the background, kept current. */
export const pageLanguage: LanguageSetting = {
  get: async () => (await ask({ type: 'preferences.get' })).language,
  watch: (onChange) =>
    onBroadcast((message) => {
      if (message.type === 'preferences.changed') onChange(message.preferences.language);
    }),
};
