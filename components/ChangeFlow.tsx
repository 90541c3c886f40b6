import { t } from '@/utils/i18n';
import { changeTargetLabel } from '@/utils/number-state';
import { isRegionCode } from '@/utils/regions';
import type { FlowViewState } from '@/utils/ui-store/flow-store';
import { ChangeForm } from './ChangeForm';
import { ErrorNotice } from './ErrorNotice';
import { FlowProgress } from './FlowProgress';
import { RegionList } from './RegionList';

export interface ChangeFlowProps {
  state: Pick<FlowViewState, 'summary' | 'draft' | 'busy' | 'error' | 'codeSent'>;
  actions: Pick<
    FlowViewState,
    'setDraft' | 'start' | 'resume' | 'goBack' | 'dismiss' | 'requestCode' | 'verifyCode'
  >;
  /** From the API, not the page. */
  displayPhoneNumber: string;
  verifiedName?: string;
  registered: boolean;
  /** 'default', 'no-storage' or the region code, as read from Meta. */
  currentStorage: string;
  /** A change has left the number deregistered, as Meta's read and the journal agree (numberState). */
  offline: boolean;
  locale: string;
}

/** How long the "confirmed by Meta" line stays after a change completed. */
const CONFIRMED_SHOWN_MS = 10 * 60_000;

/**
 * Changing a number's Local Storage: the way to start, the choice, the confirmation, the
 * progress and the result. It holds the one region list of the view.
 */
export function ChangeFlow(props: ChangeFlowProps) {
  const { summary, error } = props.state;
  if (!summary) return null;
  const latest = summary.latest;
  return (
    <section aria-labelledby="change-heading" className="card stack">
      <h2 id="change-heading">{t('changeHeading')}</h2>
      {error && <ErrorNotice error={error} />}
      {summary.active ? (
        <>
          <FlowProgress {...props} flow={summary.active} />
          <RegionList mode="view" current={currentRegion(props)} locale={props.locale} />
        </>
      ) : (
        <>
          {latest?.phase === 'completed' && Date.now() - latest.updatedAt < CONFIRMED_SHOWN_MS && (
            <p className="notice ok" role="status">
              {t('flowConfirmed', [
                latest.displayPhoneNumber ?? latest.phoneNumberId,
                changeTargetLabel(props.currentStorage, props.locale),
                props.registered ? t('registrationRegistered') : t('registrationUnregistered'),
              ])}
            </p>
          )}
          <ChangeForm {...props} current={currentRegion(props)} />
        </>
      )}
    </section>
  );
}

/** The region the number uses now, when it is one of the 14. */
function currentRegion(props: ChangeFlowProps) {
  return isRegionCode(props.currentStorage) ? props.currentStorage : undefined;
}
