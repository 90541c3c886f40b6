import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { ConnectedNumberView } from '@/components/ConnectedNumberView';
import { OverlayVisibility } from '@/components/OverlayVisibility';
import { t } from '@/utils/i18n';
import { useViewStore } from '@/utils/ui-store/view-store';

export function App() {
  const [tab, setTab] = useState<{ id?: number } | null>(null);
  useEffect(() => {
    let stop = () => {};
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
      setTab({ id: tab?.id });
      stop = useViewStore.getState().start(tab?.id);
    });
    return () => stop();
  }, []);

  return (
    <main className="popup stack">
      <header className="row spread">
        <h1>{t('extShortName')}</h1>
        <span className="row">
          <button
            type="button"
            className="link"
            onClick={() =>
              void browser.tabs.create({ url: browser.runtime.getURL('/overview.html') })
            }
          >
            {t('fleetOpen')}
          </button>
          <button
            type="button"
            className="link"
            onClick={() => void browser.runtime.openOptionsPage()}
          >
            {t('actionSettings')}
          </button>
        </span>
      </header>
      <ConnectedNumberView onOpenOptions={() => void browser.runtime.openOptionsPage()} />
      {tab && <OverlayVisibility tabId={tab.id} />}
    </main>
  );
}
