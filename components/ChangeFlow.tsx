import type { FlowKind, FlowState, StepName } from '@/utils/change-flow/machine';
import {
  canDismiss,
  canGoBack,
  canResume,
  isNumberOffline,
  registrationCallsPlanned,
} from '@/utils/change-flow/machine';
import { clockTime } from '@/utils/graph/errors';
import { languageName, type MessageKey, t } from '@/utils/i18n';
import { formatRegion, type RegionCode } from '@/utils/regions';
import type { FlowDraft, FlowViewState } from '@/utils/ui-store/flow-store';
import { ErrorNotice } from './ErrorNotice';
import { isValidPin, PinField } from './PinField';
import { RegionPicker } from './RegionPicker';

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
  locale: string;
}

const STEP_KEYS: Record<StepName, MessageKey> = {
  deregister: 'stepDeregister',
  'set-storage': 'stepSetStorage',
  register: 'stepRegister',
  'read-back': 'stepReadBack',
};
const STATUS_KEYS = {
  pending: 'stepPending',
  running: 'stepRunning',
  done: 'stepDone',
  failed: 'stepFailed',
  unknown: 'stepUnknown',
} as const satisfies Record<string, MessageKey>;

const MAX_REGISTRATION_CALLS = 10;

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

export function targetLabel(target: string | undefined, locale: string) {
  if (!target || target === 'default') return t('targetDefault');
  if (target === 'no-storage') return t('statusNoStorage');
  return formatRegion(target, locale);
}

/** Changing a number's Local Storage: the choice, the confirmation, the progress, the result. */
export function ChangeFlow(props: ChangeFlowProps) {
  const { summary, error } = props.state;
  if (!summary) return null;
  return (
    <section aria-labelledby="change-heading" className="card stack">
      <h2 id="change-heading">{t('changeHeading')}</h2>
      {error && <ErrorNotice error={error} />}
      {summary.active ? (
        <FlowProgress {...props} flow={summary.active} />
      ) : (
        <>
          {summary.latest?.phase === 'completed' &&
            Date.now() - summary.latest.updatedAt < 10 * 60_000 && (
              <p className="notice ok" role="status">
                {t('flowConfirmed', [
                  summary.latest.displayPhoneNumber ?? summary.latest.phoneNumberId,
                  targetLabel(props.currentStorage, props.locale),
                  props.registered ? t('registrationRegistered') : t('registrationUnregistered'),
                ])}
              </p>
            )}
          <ChangeForm {...props} />
        </>
      )}
    </section>
  );
}

function ChangeForm(props: ChangeFlowProps) {
  const { draft, busy } = props.state;
  const set = (patch: Partial<FlowDraft>) => props.actions.setDraft(patch);
  const current = /^[A-Z]{2}$/.test(props.currentStorage)
    ? (props.currentStorage as RegionCode)
    : undefined;
  // A choice that names the storage the number already has (left from an earlier change, or
  // turning off what is already off) is no choice.
  const target =
    draft.target === props.currentStorage || (draft.target === 'default' && !current)
      ? null
      : draft.target;
  const pinBad = draft.pin.length > 0 && !isValidPin(draft.pin);
  const used = props.state.summary?.registrationCallsSeen ?? 0;

  if (props.registered) {
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
        <RegionPicker
          value={target as RegionCode | 'disabled' | null}
          current={current}
          offerDisable={!!current}
          locale={props.locale}
          onChange={(v) => set({ target: v === 'disabled' ? 'default' : v })}
        />
        {target && (
          <div className="notice warn" role="note">
            <p>
              <strong>
                {t('moveWhatHappens', [props.displayPhoneNumber, props.verifiedName ?? ''])}
              </strong>
            </p>
            <ul>
              <li>
                {t('moveFromTo', [
                  targetLabel(props.currentStorage, props.locale),
                  targetLabel(target, props.locale),
                ])}
              </li>
              <li>{t('moveOffline', [props.displayPhoneNumber])}</li>
              <li>
                {t('moveRegistrationCalls', [
                  String(registrationCallsPlanned('move')),
                  String(used),
                  String(MAX_REGISTRATION_CALLS),
                ])}
              </li>
            </ul>
          </div>
        )}
        <PinField value={draft.pin} invalid={pinBad} onChange={(pin) => set({ pin })} />
        <label className="plain">
          <input
            type="checkbox"
            checked={draft.confirmed}
            onChange={(e) => set({ confirmed: e.target.checked })}
          />{' '}
          {t('moveConfirm', [props.displayPhoneNumber])}
        </label>
        <button type="submit" className="primary" disabled={!ready}>
          {target
            ? t('moveButton', [props.displayPhoneNumber, targetLabel(target, props.locale)])
            : t('changeButtonNoTarget', [props.displayPhoneNumber])}
        </button>
      </form>
    );
  }

  const kind: FlowKind = target === 'default' ? 'disable' : 'enable';
  return (
    <div className="stack">
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (target && !busy) void props.actions.start(kind);
        }}
      >
        <p>{t('unregisteredIntro', [props.displayPhoneNumber])}</p>
        <RegionPicker
          value={target as RegionCode | 'disabled' | null}
          current={current}
          offerDisable={!!current}
          locale={props.locale}
          onChange={(v) => set({ target: v === 'disabled' ? 'default' : v })}
        />
        <button type="submit" className="primary" disabled={!target || busy}>
          {!target
            ? t('changeButtonNoTarget', [props.displayPhoneNumber])
            : target === 'default'
              ? t('disableButton', [props.displayPhoneNumber])
              : t('enableButton', [targetLabel(target, props.locale), props.displayPhoneNumber])}
        </button>
      </form>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (isValidPin(draft.pin) && !busy) void props.actions.start('register');
        }}
      >
        <h3>{t('registerHeading')}</h3>
        <p>{t('registerIntro', [targetLabel(props.currentStorage, props.locale)])}</p>
        <PinField value={draft.pin} invalid={pinBad} onChange={(pin) => set({ pin })} />
        <button type="submit" disabled={!isValidPin(draft.pin) || busy}>
          {t('registerButton', [props.displayPhoneNumber])}
        </button>
      </form>
    </div>
  );
}

function FlowProgress(props: ChangeFlowProps & { flow: FlowState }) {
  const { flow } = props;
  const { draft, busy, codeSent } = props.state;
  const set = (patch: Partial<FlowDraft>) => props.actions.setDraft(patch);
  const needsPin = flow.steps.some((s) => s.name === 'register' && s.status !== 'done');
  const pinBad = draft.pin.length > 0 && !isValidPin(draft.pin);
  const display = flow.displayPhoneNumber ?? flow.phoneNumberId;
  const phaseKey: Record<FlowState['phase'], MessageKey> = {
    ready: 'phaseReady',
    running: 'phaseRunning',
    'awaiting-pin': 'phaseAwaitingPin',
    'needs-verification': 'phaseNeedsVerification',
    interrupted: 'phaseInterrupted',
    failed: 'phaseFailed',
    completed: 'phaseCompleted',
  };

  return (
    <div className="stack">
      <p>
        <strong>
          {t('flowTitle', [
            t(`flowKind_${flow.kind}` as MessageKey),
            display,
            targetLabel(flow.target, props.locale),
          ])}
        </strong>
      </p>
      {isNumberOffline(flow) && (
        <p className="notice error" role="alert">
          {t('flowOffline', [display])}
        </p>
      )}
      <ol aria-label={t('flowStepsLabel')}>
        {stepKeys(flow).map(([key, step]) => (
          <li key={key} aria-current={step.status === 'running' ? 'step' : undefined}>
            {t(STEP_KEYS[step.name], [targetLabel(step.target ?? flow.target, props.locale)])}:{' '}
            {step.check
              ? t('stepChecking', [
                  String(step.check.attempt),
                  String(step.check.of),
                  clockTime(step.check.nextAt, Date.now(), true),
                ])
              : t(
                  step.status === 'pending' && step.error
                    ? 'stepTriedAgain'
                    : STATUS_KEYS[step.status],
                )}
          </li>
        ))}
      </ol>
      <p role="status">{t(phaseKey[flow.phase], [display])}</p>
      {flow.error && flow.phase !== 'running' && <ErrorNotice error={flow.error} />}

      {flow.phase === 'needs-verification' && (
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
              <p role="status">{t('codeSent', [display])}</p>
              <div className="field">
                <label htmlFor="code-input">{t('codeLabel')}</label>
                <input
                  id="code-input"
                  type="password"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  value={draft.code}
                  onChange={(e) => set({ code: e.target.value.replace(/\D/g, '').slice(0, 6) })}
                />
              </div>
              {needsPin && (
                <PinField
                  id="verify-pin"
                  value={draft.pin}
                  invalid={pinBad}
                  onChange={(pin) => set({ pin })}
                />
              )}
              <button type="submit" className="primary" disabled={busy || draft.code.length !== 6}>
                {t('verifyButton')}
              </button>
            </form>
          )}
        </div>
      )}

      {(flow.phase === 'awaiting-pin' ||
        flow.phase === 'interrupted' ||
        flow.phase === 'ready' ||
        (flow.phase === 'failed' && canResume(flow))) && (
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
              invalid={pinBad}
              onChange={(pin) => set({ pin })}
            />
          )}
          <button
            type="submit"
            className="primary"
            disabled={busy || (needsPin && flow.phase === 'awaiting-pin' && !isValidPin(draft.pin))}
          >
            {t('resumeButton')}
          </button>
          {canGoBack(flow) && (
            <button
              type="button"
              disabled={busy || !isValidPin(draft.pin)}
              onClick={() => void props.actions.goBack()}
            >
              {t('goBackButton', [targetLabel(flow.before.storage, props.locale)])}
            </button>
          )}
        </form>
      )}
      {flow.phase === 'failed' && !flow.retryable && (
        <p className="notice warn">
          {t(isNumberOffline(flow) ? 'flowRetryAfterWait' : 'flowNoRetry')}
        </p>
      )}
      {canDismiss(flow) && (
        <button type="button" onClick={() => void props.actions.dismiss()} disabled={busy}>
          {t('dismissButton')}
        </button>
      )}
    </div>
  );
}

/** Stable keys for steps; a step name may repeat (133000 adds a second deregister). */
function stepKeys(flow: FlowState) {
  const seen = new Map<string, number>();
  return flow.steps.map((step) => {
    const n = (seen.get(step.name) ?? 0) + 1;
    seen.set(step.name, n);
    return [`${step.name}-${n}`, step] as const;
  });
}
