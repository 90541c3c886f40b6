import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/components/theme.css';
import { type MessageKey, t, textDirection, uiLanguage } from '../i18n';

/** Mounts an extension page: language and direction from the browser's UI locale. */
export function mountPage(node: ReactNode, titleKey?: MessageKey) {
  document.documentElement.lang = uiLanguage();
  document.documentElement.dir = textDirection();
  if (titleKey) document.title = t(titleKey);
  const root = document.getElementById('root');
  if (root) createRoot(root).render(<StrictMode>{node}</StrictMode>);
}
