import { useEffect } from 'react';
import { browser } from 'wxt/browser';
import { NumberView } from '@/components/NumberView';
import { t, uiLanguage } from '@/utils/i18n';
import { ConnectedChangeFlow } from '@/utils/ui/ConnectedChangeFlow';
import { FirstRunResult, FirstRunToken } from '@/utils/ui/FirstRunToken';
import { useViewStore } from '@/utils/ui-store/view-store';

export function App() {
  const state = useViewStore();
  const locale = uiLanguage();

  useEffect(() => {
    let stop = () => {};
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
      stop = useViewStore.getState().start(tab?.id);
    });
    return () => stop();
  }, []);

  return (
    <main className="popup stack">
      <header className="row spread">
        <h1>{t('extShortName')}</h1>
        <button
          type="button"
          className="link"
          onClick={() => void browser.runtime.openOptionsPage()}
        >
          {t('actionSettings')}
        </button>
      </header>
      <FirstRunResult />
      <NumberView
        state={state}
        locale={locale}
        firstRun={<FirstRunToken />}
        renderChange={(status) => (
          <ConnectedChangeFlow
            phoneNumberId={status.phoneNumberId}
            phone={status.phone}
            settings={status.settings}
          />
        )}
        onRefresh={() => void state.refresh(true)}
        onLookUp={(id) => void state.lookUp(id)}
        onOpenOptions={() => void browser.runtime.openOptionsPage()}
      />
    </main>
  );
}
