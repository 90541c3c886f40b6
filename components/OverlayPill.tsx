import type { Ref } from 'react';
import { t } from '@/utils/i18n';
import type { PillState } from '@/utils/panel-frame/pill-state';

/**
 * The collapsed overlay on Manager pages: the number's storage and registration at a glance,
 * coloured by state; a press opens the card. The frame around it is exactly its size.
 */
export function OverlayPill(props: {
  pill: PillState;
  expanded: boolean;
  onToggle(): void;
  buttonRef?: Ref<HTMLButtonElement>;
  /** Whether the number meets its WABA's residency policy, when a policy says. */
  policy?: 'compliant' | 'non-compliant';
}) {
  const { pill } = props;
  return (
    <div role="status" className="overlay-pill-status">
      <button
        ref={props.buttonRef}
        type="button"
        className={`overlay-pill tone-${pill.tone}`}
        aria-expanded={props.expanded}
        aria-controls="overlay-card"
        onClick={props.onToggle}
      >
        <span className="overlay-pill-brand">{t('extShortName')}</span>
        <strong className="overlay-pill-storage">{pill.storage}</strong>
        {pill.detail && <span className="overlay-pill-detail">{pill.detail}</span>}
        {props.policy && (
          <span className={`overlay-pill-detail policy-${props.policy}`}>
            {t(props.policy === 'compliant' ? 'pillPolicyMeets' : 'pillPolicyBreaks')}
          </span>
        )}
      </button>
    </div>
  );
}
