import { PIN_LENGTH, sixDigitsOf } from '@/utils/change-flow/pin';
import { t } from '@/utils/i18n';

/** The two-step verification PIN: six digits, typed only in extension pages, never stored. */
export function PinField(props: {
  value: string;
  invalid: boolean;
  onChange(value: string): void;
  id?: string;
}) {
  const id = props.id ?? 'pin-input';
  return (
    <div className="field">
      <label htmlFor={id}>{t('pinLabel')}</label>
      <input
        id={id}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={PIN_LENGTH}
        value={props.value}
        aria-invalid={props.invalid || undefined}
        aria-describedby={`${id}-hint`}
        onChange={(e) => props.onChange(sixDigitsOf(e.target.value))}
      />
      <p id={`${id}-hint`} className={props.invalid ? 'notice error' : 'hint'}>
        {props.invalid ? t('pinInvalid') : t('pinHint')}
      </p>
    </div>
  );
}
