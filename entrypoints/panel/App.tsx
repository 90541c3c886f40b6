import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { ConnectedNumberView } from '@/components/ConnectedNumberView';
import { describeStorage, interpretStorage } from '@/utils/graph';
import { t, uiLanguage } from '@/utils/i18n';
import { ask } from '@/utils/messaging/client';
import { PANEL_HEIGHT_MESSAGE } from '@/utils/panel-frame';
import { preferencesStore } from '@/utils/storage';
import { shownNumberId, useViewStore } from '@/utils/ui-store/view-store';

/** The compact panel framed into Manager pages by the content script. */
export function App() {
  const state = useViewStore();
  const locale = uiLanguage();
  const [collapsed, setCollapsed] = useState<boolean | null>(null);
  const rootRef = useRef<HTMLElement>(null);

  useEffect(() => useViewStore.getState().start(), []);
  useEffect(() => {
    void preferencesStore.get().then((p) => setCollapsed(p.panelCollapsed));
    return preferencesStore.watch((p) => setCollapsed(p.panelCollapsed));
  }, []);

  // Tell the page how tall we are, so the frame takes exactly our space and no more.
  useLayoutEffect(() => {
    const el = rootRef.current;
    if (!el) return;
    const post = () =>
      window.parent.postMessage(
        { type: PANEL_HEIGHT_MESSAGE, height: el.getBoundingClientRect().height },
        '*',
      );
    const observer = new ResizeObserver(post);
    observer.observe(el);
    post();
    return () => observer.disconnect();
  }, []);

  const toggle = () => {
    const next = !collapsed;
    setCollapsed(next);
    void ask({ type: 'preferences.update', patch: { panelCollapsed: next } });
  };

  const id = shownNumberId(state);
  const shown = id && state.status.data?.phoneNumberId === id ? state.status.data : undefined;
  const summary = shown
    ? t('panelSummary', [
        shown.phone.display_phone_number ?? shown.phoneNumberId,
        describeStorage(interpretStorage(shown.settings), locale),
      ])
    : state.context.data?.resolution === 'waba' && state.waba.data
      ? t('wabaLoaded', [String(state.waba.data.numbers.length)])
      : t('panelSummaryIdle');

  return (
    <main ref={rootRef} className="panel card" aria-label={t('panelLabel')}>
      <div className="row spread">
        <h1 className="panel-title">
          <strong>{t('extShortName')}</strong> · <span role="status">{summary}</span>
        </h1>
        <div className="row">
          <button
            type="button"
            aria-expanded={collapsed === false}
            aria-controls="panel-body"
            onClick={toggle}
          >
            {collapsed ? t('actionExpand') : t('actionCollapse')}
          </button>
        </div>
      </div>
      {collapsed === false && (
        <div id="panel-body" className="panel-body">
          <ConnectedNumberView
            announce={false}
            onOpenOptions={() =>
              void ask({ type: 'token.info' }).then(() => browser.runtime.openOptionsPage())
            }
          />
        </div>
      )}
    </main>
  );
}
