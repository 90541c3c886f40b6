import type { ReactNode } from 'react';
import { isolateLtr } from '@/utils/bidi';
import type { FlowKind } from '@/utils/change-flow/machine';
import { t } from '@/utils/i18n';
import { changeTargetLabel } from '@/utils/number-state';
import type { ChangeFlowProps } from './ChangeFlow';

/** An unregistered number's storage, changed directly: turn in-country storage on or off. */
export function DirectChangeForm(
  props: ChangeFlowProps & { target: string | null; picker: ReactNode; cancel: ReactNode },
) {
  const { busy } = props.state;
  const { target } = props;
  const display = props.displayPhoneNumber;
  const kind: FlowKind = target === 'default' ? 'disable' : 'enable';
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (target && !busy) void props.actions.start(kind);
      }}
    >
      {props.picker}
      <div className="row">
        <button type="submit" className="primary" disabled={!target || busy}>
          {!target
            ? t('changeButtonNoTarget', [isolateLtr(display)])
            : target === 'default'
              ? t('disableButton', [isolateLtr(display)])
              : t('enableButton', [changeTargetLabel(target, props.locale), isolateLtr(display)])}
        </button>
        {props.cancel}
      </div>
    </form>
  );
}
