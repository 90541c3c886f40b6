import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { NumberView } from '@/components/NumberView';
import { AccountSummary, OverlayCard } from '@/components/OverlayCard';
import { OverlayPill } from '@/components/OverlayPill';
import { RegionList } from '@/components/RegionList';
import { interpretStorage } from '@/utils/graph/status';
import { t, uiLanguage } from '@/utils/i18n';
import { ask } from '@/utils/messaging/client';
import {
  type ColorScheme,
  DEFAULT_OVERLAY_CORNER,
  framedByManager,
  frameTokenOf,
  isColorScheme,
  MANAGER_ORIGIN,
  type OverlayCorner,
  PAGE_DIRECTION_PARAM,
  PAGE_SCHEME_PARAM,
  PANEL_FOCUS_MESSAGE,
  PANEL_LAYOUT_MESSAGE,
  PANEL_OPEN_MESSAGE,
  PANEL_PAGE_SCHEME_MESSAGE,
  type PanelLayoutMessage,
} from '@/utils/panel-frame';
import { pillState, storageCounts } from '@/utils/panel-frame/pill-state';
import { numberVerdict } from '@/utils/policy';
import { applyTheme, themeOf } from '@/utils/ui/appearance';
import { usePreferences } from '@/utils/ui/use-preferences';
import { shownNumberId, shownWabaId, useViewStore } from '@/utils/ui-store/view-store';

/** The card's width when the window leaves room for it (theme.css fills the frame). */
const CARD_WIDTH = 420;

/**
 * How long the pill may wait for the number's state before it shows "Checking": placing the
 * frame costs the Manager page's main thread, so it is placed once, with the pill's final
 * width, whenever the state comes in time.
 */
const PILL_CHECKING_GRACE_MS = 2000;

/** How the Manager page looked when the frame was made (the content script reads it). */
const schemeParam = new URL(location.href).searchParams.get(PAGE_SCHEME_PARAM);
const startScheme: ColorScheme = isColorScheme(schemeParam) ? schemeParam : 'light';
/** Which way the Manager page runs: on a right-to-left page the pill's corner is mirrored. */
const startDirection = new URL(location.href).searchParams.get(PAGE_DIRECTION_PARAM) ?? 'ltr';

const allowed = framedByManager({
  framed: window.top !== window,
  ancestorOrigins: location.ancestorOrigins,
  hasFrameToken: !!frameTokenOf(location.href),
});

/** The overlay framed into Manager pages: a pill that opens into a card. */
export function App() {
  if (!allowed) return <p className="overlay-refused">{t('overlayOnlyOnManager')}</p>;
  return <Overlay />;
}

function Overlay() {
  const state = useViewStore();
  const locale = uiLanguage();
  const [expanded, setExpanded] = useState(false);
  const preferences = usePreferences();
  const [chosenCorner, setCorner] = useState<OverlayCorner>();
  // The saved corner from the first layout on: a default-corner pill moved once the
  // preferences arrive would cost the Manager page a second placement.
  const corner = chosenCorner ?? preferences?.overlayCorner ?? DEFAULT_OVERLAY_CORNER;
  /** The pill waited long enough for the number's state: show "Checking" rather than nothing. */
  const [waited, setWaited] = useState(false);
  const pillRef = useRef<HTMLButtonElement>(null);
  const cardRef = useRef<HTMLElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const wasExpanded = useRef(false);
  const lastLayout = useRef('');
  /** Where the focus was in this document, to put it back after the page hid the frame. */
  const lastFocused = useRef<HTMLElement | null>(null);
  const [pageScheme, setPageScheme] = useState<ColorScheme>(startScheme);
  const [pageDirection, setPageDirection] = useState(startDirection);
  // 'auto' follows the Manager page, so a dark card never sits on a light page.
  const scheme = themeOf(preferences?.appearance ?? 'auto', pageScheme) ?? pageScheme;
  useLayoutEffect(() => applyTheme(document.documentElement, scheme), [scheme]);

  useEffect(() => useViewStore.getState().start(), []);
  useEffect(() => {
    const timer = setTimeout(() => setWaited(true), PILL_CHECKING_GRACE_MS);
    return () => clearTimeout(timer);
  }, []);

  // The keyboard shortcut: the content script gives the frame the focus and asks to open.
  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent || event.origin !== MANAGER_ORIGIN) return;
      const type = (event.data as { type?: unknown })?.type;
      if (type === PANEL_OPEN_MESSAGE) {
        setExpanded(true);
        cardRef.current?.focus();
      } else if (type === PANEL_PAGE_SCHEME_MESSAGE) {
        const { scheme: next, direction } = event.data as { scheme?: unknown; direction?: unknown };
        if (isColorScheme(next)) setPageScheme(next);
        if (direction === 'ltr' || direction === 'rtl') setPageDirection(direction);
      } else if (type === PANEL_FOCUS_MESSAGE) {
        const last = lastFocused.current;
        (last?.isConnected ? last : (cardRef.current ?? pillRef.current))?.focus();
      }
    };
    const onFocus = (event: FocusEvent) => {
      if (event.target instanceof HTMLElement) lastFocused.current = event.target;
    };
    window.addEventListener('message', onMessage);
    document.addEventListener('focusin', onFocus);
    return () => {
      window.removeEventListener('message', onMessage);
      document.removeEventListener('focusin', onFocus);
    };
  }, []);

  // Focus goes into the card when it opens and back to the pill when it closes. A layout
  // effect, before the size is posted: when the page then puts the focus back where the
  // shortcut found it, the pill (in another process) can no longer take it afterwards.
  useLayoutEffect(() => {
    if (expanded) cardRef.current?.focus();
    else if (wasExpanded.current) pillRef.current?.focus();
    wasExpanded.current = expanded;
  }, [expanded]);

  const pill = pillState(state, locale);
  const settled = expanded || waited || (preferences !== null && !pill.checking);

  // Tell the page the size we need, so the frame is exactly the pill or the card.
  const postLayout = useCallback(() => {
    if (!settled) return;
    const card = cardRef.current;
    const body = bodyRef.current;
    let width: number;
    let height: number;
    if (expanded && card && body) {
      // As wide as a card is meant to be (the page narrows the frame to fit its window), and
      // its natural height at the width it has: what it would take without its own scrolling.
      width = CARD_WIDTH;
      height = card.offsetHeight - body.clientHeight + body.scrollHeight;
    } else {
      const box = pillRef.current?.getBoundingClientRect();
      if (!box) return;
      ({ width, height } = box);
    }
    const message: PanelLayoutMessage = {
      type: PANEL_LAYOUT_MESSAGE,
      width: Math.ceil(width),
      height: Math.ceil(height),
      corner,
      expanded,
      scheme,
    };
    // Only when something changed: every message wakes the page's main thread.
    const key = JSON.stringify(message);
    if (key === lastLayout.current) return;
    lastLayout.current = key;
    window.parent.postMessage(message, MANAGER_ORIGIN);
  }, [expanded, corner, scheme, settled]);

  useLayoutEffect(() => {
    postLayout();
    const observer = new ResizeObserver(postLayout);
    for (const el of [pillRef.current, cardRef.current, bodyRef.current?.firstElementChild])
      if (el) observer.observe(el);
    if (bodyRef.current) for (const el of bodyRef.current.children) observer.observe(el);
    return () => observer.disconnect();
  });

  const shown = state.status.data;
  const verdict =
    state.policy && shown && shown.phoneNumberId === shownNumberId(state)
      ? numberVerdict(state.policy, shownWabaId(state), interpretStorage(shown.settings))?.result
      : undefined;
  const policy = verdict === 'compliant' || verdict === 'non-compliant' ? verdict : undefined;
  const close = () => setExpanded(false);
  const waba = state.context.data?.resolution === 'waba' ? state.waba.data : undefined;
  const openChange = () => void ask({ type: 'window.openChange' });

  if (!expanded)
    return (
      <main className="overlay" aria-label={t('panelLabel')}>
        <OverlayPill
          pill={pill}
          expanded={false}
          policy={policy}
          onToggle={() => setExpanded(true)}
          buttonRef={pillRef}
        />
      </main>
    );

  return (
    <main className="overlay" aria-label={t('panelLabel')}>
      <OverlayCard
        title={pill.detail ? `${pill.storage} · ${pill.detail}` : pill.storage}
        corner={corner}
        pageDirection={pageDirection}
        cardRef={cardRef}
        bodyRef={bodyRef}
        onClose={close}
        onCorner={(next) => {
          setCorner(next);
          void ask({ type: 'preferences.update', patch: { overlayCorner: next } });
        }}
        onHide={(scope) => void ask({ type: 'overlay.setHidden', hidden: true, scope })}
      >
        {pill.unfinished && (
          <div className="notice warn stack" role="alert">
            <p>{t('overlayUnfinished')}</p>
            <button type="button" className="primary" onClick={openChange}>
              {t('overlayOpenChange')}
            </button>
          </div>
        )}
        {waba && <AccountSummary counts={storageCounts(waba.numbers, locale)} />}
        <NumberView
          state={state}
          locale={locale}
          renderChange={(shown) => {
            // The card shows the regions; the change itself happens in the change window.
            const storage = interpretStorage(shown.settings);
            return (
              <>
                <RegionList
                  mode="view"
                  current={storage.kind === 'in-country' ? storage.region : undefined}
                  locale={locale}
                />
                {!pill.unfinished && (
                  <button type="button" onClick={openChange}>
                    {t('overlayChange')}
                  </button>
                )}
              </>
            );
          }}
          onRefresh={() => void state.refresh(true)}
          onLookUp={(id) => void state.lookUp(id)}
          onOpenOptions={() => void browser.runtime.openOptionsPage()}
        />
      </OverlayCard>
    </main>
  );
}
