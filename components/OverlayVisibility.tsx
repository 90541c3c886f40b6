import { useCallback, useEffect, useState } from 'react';
import { t } from '@/utils/i18n';
import { ask } from '@/utils/messaging/client';
import type { OverlayVisibility as Visibility } from '@/utils/messaging/protocol';
import { usePreferences } from '@/utils/ui/use-preferences';
import { HiddenPageName } from './HiddenPageName';

/**
 * Where Residency shows on Manager pages, so hiding it from the overlay can be undone: on all
 * of them, on the tab's own page (the popup passes its tab), and, on the settings page, every
 * page hidden one by one.
 */
export function OverlayVisibility(props: { tabId?: number; listPages?: boolean }) {
  const [state, setState] = useState<Visibility | null>(null);
  const read = useCallback(
    () => void ask({ type: 'overlay.visibility', tabId: props.tabId }).then(setState),
    [props.tabId],
  );
  // Read again whenever the settings change (hidden from an overlay while this page is open).
  const preferences = usePreferences();
  useEffect(() => {
    if (preferences) read();
  }, [read, preferences]);
  if (!state) return null;

  const set = (hidden: boolean, scope: 'everywhere' | 'page', pageKey?: string) =>
    void ask({ type: 'overlay.setHidden', hidden, scope, pageKey, tabId: props.tabId }).then(
      setState,
    );
  return (
    <section className="stack" aria-label={t('overlayVisibilityHeading')}>
      <label className="row plain">
        <input
          type="checkbox"
          checked={!state.everywhere}
          onChange={(event) => set(!event.target.checked, 'everywhere')}
        />
        {t('overlayShowOnManager')}
      </label>
      {state.here?.hidden && !state.everywhere && (
        <p className="row">
          <span>{t('overlayHiddenHere')}</span>
          <button
            type="button"
            className="link"
            onClick={() => set(false, 'page', state.here?.key)}
          >
            {t('overlayShowHere')}
          </button>
        </p>
      )}
      {props.listPages && state.pages.length > 0 && (
        <div className="stack">
          <h3>{t('overlayHiddenPagesHeading')}</h3>
          <ul className="plain stack">
            {state.pages.map((key) => (
              <li key={key} className="row spread">
                <HiddenPageName pageKey={key} />
                <button type="button" className="link" onClick={() => set(false, 'page', key)}>
                  {t('overlayShowAgain')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
