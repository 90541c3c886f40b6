import { Component, type ErrorInfo, type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/components/theme.css';
import { type MessageKey, t, textDirection, uiLanguage } from '../i18n';
import { followAppearance } from './appearance';

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
 * Mounts an extension page: language and direction from the UI locale, light or dark as the
 * person chose in settings (else the system's). The overlay (`ownTheme`) follows the Manager
 * page instead and sets its theme itself.
 */
export function mountPage(
  node: ReactNode,
  titleKey?: MessageKey,
  options: { ownTheme?: boolean } = {},
) {
  document.documentElement.lang = uiLanguage();
  document.documentElement.dir = textDirection();
  if (!options.ownTheme) followAppearance(document.documentElement);
  if (titleKey) document.title = t(titleKey);
  const root = document.getElementById('root');
  if (root)
    createRoot(root).render(
      <StrictMode>
        <ErrorBoundary>{node}</ErrorBoundary>
      </StrictMode>,
    );
}
