import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { ConnectedNumberView } from '@/components/ConnectedNumberView';
import { OverlayVisibility } from '@/components/OverlayVisibility';
import { t } from '@/utils/i18n';

/** The popup; `activeTab` is the tab in front, which the view store already follows. */
export function App({ activeTab }: { activeTab: Promise<{ id?: number }> }) {
  const [tab, setTab] = useState<{ id?: number } | null>(null);
  useEffect(() => void activeTab.then(setTab), [activeTab]);

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
