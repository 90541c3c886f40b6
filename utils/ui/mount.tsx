import { Component, type ErrorInfo, type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/components/theme.css';
import { activeLocale, localeTag, type MessageKey, t, textDirection } from '../i18n';
import { languageLoadFailure, startLanguage } from '../i18n/active';
import { followAppearance } from './appearance';
import { pageLanguage } from './page-language';

/** Never a blank page: a render failure shows what happened and how to recover. */
class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Residency view failed', error, info.componentStack);
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="notice error page-error" role="alert">
        <p>
          <strong>{t('errorInternalTitle')}</strong>
        </p>
        <p>{t('errorInternalToDo')}</p>
        <details>
          <summary>{t('supportDetails')}</summary>
          <p className="mono">{String(this.state.error.message)}</p>
        </details>
        <button type="button" onClick={() => location.reload()}>
          {t('actionReload')}
        </button>
      </div>
    );
  }
}

/**
 * Mounts an extension page in the chosen language: its messages are loaded first, `<html lang>`
 * and `dir` come from that locale (not from the browser, whose UI language may differ), and a
 * change of the language in settings redraws the page in the new one. Light or dark as the
 * person chose in settings (else the system's); the overlay (`ownTheme`) follows the Manager
 * page instead and sets its theme itself.
 */
export function mountPage(
  node: ReactNode,
  titleKey?: MessageKey,
  options: { ownTheme?: boolean } = {},
) {
  const element = document.getElementById('root');
  if (!element) return;
  if (!options.ownTheme) followAppearance(document.documentElement);
  const root = createRoot(element);
  const render = () => {
    const locale = activeLocale();
    document.documentElement.lang = localeTag(locale);
    document.documentElement.dir = textDirection(locale);
    if (titleKey) document.title = t(titleKey);
    // A new key mounts the tree again, so every text is drawn in the new language.
    root.render(
      <StrictMode key={`${locale} ${languageLoadFailure() ?? ''}`}>
        <ErrorBoundary>{node}</ErrorBoundary>
      </StrictMode>,
    );
  };
  void startLanguage(pageLanguage, render).then(render);
}
