import { useEffect } from 'react';
import { browser } from 'wxt/browser';
import { ConnectedNumberView } from '@/components/ConnectedNumberView';
import { t } from '@/utils/i18n';
import { useViewStore } from '@/utils/ui-store/view-store';

/**
 * The window the Manager overlay opens to change Local Storage: a top-level extension document,
 * so the PIN and codes are never typed inside a frame of someone else's page. It follows the
 * Manager tab named in its URL.
 */
export function App() {
  useEffect(() => {
    const tab = Number(new URLSearchParams(location.search).get('tab'));
    return useViewStore.getState().start(Number.isInteger(tab) && tab >= 0 ? tab : undefined);
  }, []);
  const openOptions = () => void browser.runtime.openOptionsPage();
  return (
    <main className="page stack">
      <header className="row spread">
        <h1>{t('changeWindowTitle')}</h1>
        <button type="button" className="link" onClick={openOptions}>
          {t('actionSettings')}
        </button>
      </header>
      <ConnectedNumberView onOpenOptions={openOptions} />
    </main>
  );
}
