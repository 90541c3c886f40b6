import { canGoBack, type FlowState } from '@/utils/change-flow/machine';
import { isValidPin } from '@/utils/change-flow/pin';
import { t } from '@/utils/i18n';
import { changeTargetLabel } from '@/utils/number-state';
import type { ChangeFlowProps } from './ChangeFlow';
import { PinField } from './PinField';

/** Resume a stopped change (with the PIN when a register is left), or go back to before. */
export function ResumeForm(props: ChangeFlowProps & { flow: FlowState }) {
  const { flow } = props;
  const { draft, busy } = props.state;
  const needsPin = flow.steps.some((s) => s.name === 'register' && s.status !== 'done');
  const validPin = isValidPin(draft.pin);
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) void props.actions.resume();
      }}
    >
      {needsPin && (
        <PinField
          id="resume-pin"
          value={draft.pin}
          invalid={draft.pin.length > 0 && !validPin}
          onChange={(pin) => props.actions.setDraft({ pin })}
        />
      )}
      <button
        type="submit"
        className="primary"
        disabled={busy || (needsPin && flow.phase === 'awaiting-pin' && !validPin)}
      >
        {t('resumeButton')}
      </button>
      {canGoBack(flow) && (
        <button
          type="button"
          disabled={busy || !validPin}
          onClick={() => void props.actions.goBack()}
        >
          {t('goBackButton', [changeTargetLabel(flow.before.storage, props.locale)])}
        </button>
      )}
    </form>
  );
}
