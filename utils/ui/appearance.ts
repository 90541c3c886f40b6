import { ask, onBroadcast } from '../messaging/client';
import type { ColorScheme } from '../panel-frame';
import type { Preferences } from '../storage';
import { usePreferences } from './use-preferences';

/** The person's light/dark choice in settings; 'auto' follows the system, or the Manager page. */
export type Appearance = Preferences['appearance'];

/**
 * The scheme a document is drawn in: the person's choice, else the scheme it follows (the
 * Manager page, for the overlay), else null: the system's (`prefers-color-scheme`, theme.css).
 * @example themeOf('auto', 'dark') // 'dark'
 * @example themeOf('light', 'dark') // 'light'
 */
export function themeOf(appearance: Appearance, follows?: ColorScheme): ColorScheme | null {
  if (appearance !== 'auto') return appearance;
  return follows ?? null;
}

/** Marks the document for theme.css: `data-theme` forces a scheme; without it the system's. */
export function applyTheme(root: HTMLElement, theme: ColorScheme | null) {
  if (theme) root.dataset.theme = theme;
  else delete root.dataset.theme;
}

/** The stored appearance choice, kept current; 'auto' until it has been read. */
export function useAppearance(): Appearance {
  return usePreferences()?.appearance ?? 'auto';
}

/** Keeps an extension page on the person's choice, else the system's. */
export function followAppearance(root: HTMLElement): () => void {
  void ask({ type: 'preferences.get' })
    .then((p) => applyTheme(root, themeOf(p.appearance)))
    .catch(() => undefined);
  return onBroadcast((message) => {
    if (message.type === 'preferences.changed')
      applyTheme(root, themeOf(message.preferences.appearance));
  });
}
