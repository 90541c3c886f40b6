import { isolateLtr } from '@/utils/bidi';
import { t } from '@/utils/i18n';
import type { RegionCode } from '@/utils/regions';
import type { FlowDraft } from '@/utils/ui-store/flow-store';
import type { ChangeFlowProps } from './ChangeFlow';
import { DirectChangeForm } from './DirectChangeForm';
import { MoveForm } from './MoveForm';
import { RegionList } from './RegionList';
import { RegisterForm } from './RegisterForm';

/**
 * No change under way: a button that starts one (the region list, shown read-only until then,
 * becomes the choice), and for an unregistered number the way to register it.
 */
export function ChangeForm(props: ChangeFlowProps & { current?: RegionCode }) {
  const { draft } = props.state;
  const set = (patch: Partial<FlowDraft>) => props.actions.setDraft(patch);
  // A choice that names the storage the number already has (left from an earlier change, or
  // turning off what is already off) is no choice.
  const target =
    draft.target === props.currentStorage || (draft.target === 'default' && !props.current)
      ? null
      : draft.target;
  const register = props.registered ? null : <RegisterForm {...props} />;

  if (!draft.choosing) {
    return (
      <>
        <p className="flush">
          {props.registered
            ? t('moveHint', [isolateLtr(props.displayPhoneNumber)])
            : t('unregisteredIntro', [isolateLtr(props.displayPhoneNumber)])}
        </p>
        <div className="row">
          <button type="button" className="primary" onClick={() => set({ choosing: true })}>
            {t('startChangeButton')}
          </button>
        </div>
        <RegionList mode="view" current={props.current} locale={props.locale} />
        {register}
      </>
    );
  }

  const picker = (
    <RegionList
      mode="pick"
      value={target === 'default' ? 'disabled' : (target as RegionCode | null)}
      current={props.current}
      offerDisable={!!props.current}
      locale={props.locale}
      onChange={(v) => set({ target: v === 'disabled' ? 'default' : v })}
    />
  );
  const cancel = (
    <button
      type="button"
      className="link"
      onClick={() => set({ choosing: false, target: null, confirmed: false })}
    >
      {t('cancelChangeButton')}
    </button>
  );
  if (props.registered) {
    return <MoveForm {...props} target={target} picker={picker} cancel={cancel} />;
  }
  return (
    <>
      <DirectChangeForm {...props} target={target} picker={picker} cancel={cancel} />
      {register}
    </>
  );
}
