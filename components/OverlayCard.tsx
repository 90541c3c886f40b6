import { type ReactNode, type Ref, useId } from 'react';
import { t } from '@/utils/i18n';
import { dockedCorner, OVERLAY_CORNERS, type OverlayCorner } from '@/utils/panel-frame';

const CORNER_KEYS = {
  'bottom-right': 'cornerBottomRight',
  'bottom-left': 'cornerBottomLeft',
  'top-right': 'cornerTopRight',
  'top-left': 'cornerTopLeft',
} as const;

/**
 * The expanded overlay: a card no taller than the window, whose body scrolls on its own.
 * Escape and the close button collapse it back to the pill.
 */
export function OverlayCard(props: {
  title: string;
  corner: OverlayCorner;
  /** The Manager page's direction: on a right-to-left page the stored corner shows mirrored. */
  pageDirection: string;
  children: ReactNode;
  onClose(): void;
  onCorner(corner: OverlayCorner): void;
  /** Hide Residency on this Manager page, or on all of them. */
  onHide(scope: 'page' | 'everywhere'): void;
  cardRef?: Ref<HTMLElement>;
  bodyRef?: Ref<HTMLDivElement>;
}) {
  const cornerId = useId();
  return (
    <section
      id="overlay-card"
      ref={props.cardRef}
      className="overlay-card"
      role="dialog"
      aria-labelledby="overlay-card-title"
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          props.onClose();
        }
      }}
    >
      <header className="overlay-card-head row spread">
        <h1 id="overlay-card-title" className="panel-title">
          <strong>{t('extShortName')}</strong> · {props.title}
        </h1>
        <button type="button" className="overlay-close" onClick={props.onClose}>
          {t('actionClose')}
        </button>
      </header>
      <div ref={props.bodyRef} className="overlay-card-body stack">
        {props.children}
      </div>
      <footer className="overlay-card-foot row spread">
        <span className="row">
          <label htmlFor={cornerId}>{t('overlayCornerLabel')}</label>
          <select
            id={cornerId}
            value={props.corner}
            onChange={(event) => props.onCorner(event.target.value as OverlayCorner)}
          >
            {OVERLAY_CORNERS.map((corner) => (
              <option key={corner} value={corner}>
                {t(CORNER_KEYS[dockedCorner(corner, props.pageDirection)])}
              </option>
            ))}
          </select>
        </span>
        <span className="row">
          <button type="button" className="link" onClick={() => props.onHide('page')}>
            {t('overlayHideHere')}
          </button>
          <button type="button" className="link" onClick={() => props.onHide('everywhere')}>
            {t('overlayHide')}
          </button>
        </span>
      </footer>
    </section>
  );
}

/** An account page at a glance: how many numbers have each storage. */
export function AccountSummary(props: { counts: { label: string; count: number }[] }) {
  return (
    <section aria-labelledby="account-summary-heading">
      <h2 id="account-summary-heading">{t('accountSummaryHeading')}</h2>
      <ul className="plain account-summary">
        {props.counts.map(({ label, count }) => (
          <li key={label}>
            <strong>{count}</strong> {label}
          </li>
        ))}
      </ul>
    </section>
  );
}
