import { preferencesStore } from '../storage';
import type { LanguageSetting } from './active';

/** The language setting as the background reads it: from storage, watched. */
export const storedLanguage: LanguageSetting = {
  get: async () => (await preferencesStore.get()).language,
  watch: (onChange) => preferencesStore.watch((p) => onChange(p.language)),
};
