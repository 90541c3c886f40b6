import { isolateLtr } from '@/utils/bidi';
import { isValidPin } from '@/utils/change-flow/pin';
import { t } from '@/utils/i18n';
import { changeTargetLabel } from '@/utils/number-state';
import type { ChangeFlowProps } from './ChangeFlow';
import { PinField } from './PinField';

/** Registers an unregistered number with its PIN, keeping the storage it has. */
export function RegisterForm(props: ChangeFlowProps) {
  const { draft, busy } = props.state;
  const valid = isValidPin(draft.pin);
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid && !busy) void props.actions.start('register');
      }}
    >
      <h3>{t('registerHeading')}</h3>
      <p>{t('registerIntro', [changeTargetLabel(props.currentStorage, props.locale)])}</p>
      <PinField
        value={draft.pin}
        invalid={draft.pin.length > 0 && !valid}
        onChange={(pin) => props.actions.setDraft({ pin })}
      />
      <button type="submit" disabled={!valid || busy}>
        {t('registerButton', [isolateLtr(props.displayPhoneNumber)])}
      </button>
    </form>
  );
}
