import { useEffect, useState } from 'react';
import type { ColorScheme } from '../panel-frame';
import { type Preferences, preferencesStore } from '../storage';

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
  const [appearance, setAppearance] = useState<Appearance>('auto');
  useEffect(() => {
    let current = true;
    void preferencesStore.get().then((p) => current && setAppearance(p.appearance));
    const stop = preferencesStore.watch((p) => setAppearance(p.appearance));
    return () => {
      current = false;
      stop();
    };
  }, []);
  return appearance;
}

/** Keeps an extension page on the person's choice, else the system's. */
export function followAppearance(root: HTMLElement): () => void {
  void preferencesStore.get().then((p) => applyTheme(root, themeOf(p.appearance)));
  return preferencesStore.watch((p) => applyTheme(root, themeOf(p.appearance)));
}
