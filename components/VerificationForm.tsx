import { isolateLtr } from '@/utils/bidi';
import type { FlowState } from '@/utils/change-flow/machine';
import { isValidPin, PIN_LENGTH, sixDigitsOf } from '@/utils/change-flow/pin';
import { languageName, t } from '@/utils/i18n';
import type { ChangeFlowProps } from './ChangeFlow';
import { PinField } from './PinField';

/** Languages offered for the verification code message, in Meta's notation. */
const CODE_LANGUAGES = [
  'en_US',
  'en_GB',
  'pt_BR',
  'es_ES',
  'de_DE',
  'fr_FR',
  'id_ID',
  'hi_IN',
  'ja_JP',
  'ko_KR',
  'ar',
] as const;

/** Meta wants the number verified: ask for a code by SMS or voice, then enter it. */
export function VerificationForm(props: ChangeFlowProps & { flow: FlowState; display: string }) {
  const { draft, busy, codeSent } = props.state;
  const set = props.actions.setDraft;
  const needsPin = props.flow.steps.some((s) => s.name === 'register' && s.status !== 'done');
  return (
    <div className="stack">
      <fieldset className="bare">
        <legend>{t('codeMethodLegend')}</legend>
        {(['SMS', 'VOICE'] as const).map((m) => (
          <label key={m} className="plain">
            <input
              type="radio"
              name="code-method"
              checked={draft.codeMethod === m}
              onChange={() => set({ codeMethod: m })}
            />{' '}
            {t(m === 'SMS' ? 'codeMethodSms' : 'codeMethodVoice')}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="code-language">{t('codeLanguageLabel')}</label>
        <select
          id="code-language"
          value={draft.codeLanguage}
          onChange={(e) => set({ codeLanguage: e.target.value })}
        >
          {CODE_LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {languageName(l, props.locale)} ({l})
            </option>
          ))}
        </select>
      </div>
      <button type="button" onClick={() => void props.actions.requestCode()} disabled={busy}>
        {t('sendCodeButton')}
      </button>
      {codeSent && (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy) void props.actions.verifyCode();
          }}
        >
          <p role="status">{t('codeSent', [isolateLtr(props.display)])}</p>
          <div className="field">
            <label htmlFor="code-input">{t('codeLabel')}</label>
            <input
              id="code-input"
              type="password"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={PIN_LENGTH}
              value={draft.code}
              onChange={(e) => set({ code: sixDigitsOf(e.target.value) })}
            />
          </div>
          {needsPin && (
            <PinField
              id="verify-pin"
              value={draft.pin}
              invalid={draft.pin.length > 0 && !isValidPin(draft.pin)}
              onChange={(pin) => set({ pin })}
            />
          )}
          <button
            type="submit"
            className="primary"
            disabled={busy || draft.code.length !== PIN_LENGTH}
          >
            {t('verifyButton')}
          </button>
        </form>
      )}
    </div>
  );
}
