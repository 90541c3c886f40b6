import type { ReactNode } from 'react';
import { isolateLtr } from '@/utils/bidi';
import { REGISTRATION_LIMIT, registrationCallsPlanned } from '@/utils/change-flow/machine';
import { isValidPin } from '@/utils/change-flow/pin';
import { formatNumber, t } from '@/utils/i18n';
import { changeTargetLabel } from '@/utils/number-state';
import type { ChangeFlowProps } from './ChangeFlow';
import { PinField } from './PinField';

/**
 * The guided move of a registered number: the choice, then what will happen (which number,
 * before and after, the downtime, the register/deregister calls), the PIN and a confirmation.
 */
export function MoveForm(
  props: ChangeFlowProps & { target: string | null; picker: ReactNode; cancel: ReactNode },
) {
  const { draft, busy } = props.state;
  const { target } = props;
  const display = props.displayPhoneNumber;
  const set = props.actions.setDraft;
  const used = props.state.summary?.registrationCallsSeen ?? 0;
  const ready = !!target && isValidPin(draft.pin) && draft.confirmed && !busy;
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) void props.actions.start('move');
      }}
    >
      <p>{t('moveIntro')}</p>
      {props.picker}
      {target && (
        <div className="notice warn" role="note">
          <p>
            <strong>{t('moveWhatHappens', [isolateLtr(display), props.verifiedName ?? ''])}</strong>
          </p>
          <ul>
            <li>
              {t('moveFromTo', [
                changeTargetLabel(props.currentStorage, props.locale),
                changeTargetLabel(target, props.locale),
              ])}
            </li>
            <li>{t('moveOffline', [isolateLtr(display)])}</li>
            <li>
              {t('moveRegistrationCalls', [
                formatNumber(registrationCallsPlanned('move'), props.locale),
                formatNumber(used, props.locale),
                formatNumber(REGISTRATION_LIMIT, props.locale),
              ])}
            </li>
          </ul>
        </div>
      )}
      <PinField
        value={draft.pin}
        invalid={draft.pin.length > 0 && !isValidPin(draft.pin)}
        onChange={(pin) => set({ pin })}
      />
      <label className="plain">
        <input
          type="checkbox"
          checked={draft.confirmed}
          onChange={(e) => set({ confirmed: e.target.checked })}
        />{' '}
        {t('moveConfirm', [isolateLtr(display)])}
      </label>
      <div className="row">
        <button type="submit" className="primary" disabled={!ready}>
          {target
            ? t('moveButton', [isolateLtr(display), changeTargetLabel(target, props.locale)])
            : t('changeButtonNoTarget', [isolateLtr(display)])}
        </button>
        {props.cancel}
      </div>
    </form>
  );
}
