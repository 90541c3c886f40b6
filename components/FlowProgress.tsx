import { isolateLtr } from '@/utils/bidi';
import { canDismiss, canResume, type FlowState } from '@/utils/change-flow/machine';
import { type MessageKey, t } from '@/utils/i18n';
import { changeTargetLabel } from '@/utils/number-state';
import type { ChangeFlowProps } from './ChangeFlow';
import { ErrorNotice } from './ErrorNotice';
import { FlowSteps } from './FlowSteps';
import { ResumeForm } from './ResumeForm';
import { VerificationForm } from './VerificationForm';

const FLOW_KIND_KEYS: Record<FlowState['kind'], MessageKey> = {
  enable: 'flowKind_enable',
  disable: 'flowKind_disable',
  register: 'flowKind_register',
  move: 'flowKind_move',
  revert: 'flowKind_revert',
};

const PHASE_KEYS: Record<FlowState['phase'], MessageKey> = {
  ready: 'phaseReady',
  running: 'phaseRunning',
  'awaiting-pin': 'phaseAwaitingPin',
  'needs-verification': 'phaseNeedsVerification',
  interrupted: 'phaseInterrupted',
  failed: 'phaseFailed',
  completed: 'phaseCompleted',
};

/** A change under way or stopped: the warning first, then its steps and what can be done. */
export function FlowProgress(props: ChangeFlowProps & { flow: FlowState }) {
  const { flow } = props;
  const { busy } = props.state;
  const display = flow.displayPhoneNumber ?? flow.phoneNumberId;
  const { offline } = props;
  const resumable =
    flow.phase === 'awaiting-pin' ||
    flow.phase === 'interrupted' ||
    flow.phase === 'ready' ||
    (flow.phase === 'failed' && canResume(flow));

  return (
    <div className="stack tight">
      {offline && (
        <p className="notice error" role="alert">
          {t('flowOffline', [isolateLtr(display)])}
        </p>
      )}
      <p>
        <strong>
          {t('flowTitle', [
            t(FLOW_KIND_KEYS[flow.kind]),
            display,
            changeTargetLabel(flow.target, props.locale),
          ])}
        </strong>
      </p>
      <p role="status">{t(PHASE_KEYS[flow.phase], [display])}</p>
      {flow.error && flow.phase !== 'running' && <ErrorNotice error={flow.error} compact />}
      {flow.phase === 'needs-verification' && <VerificationForm {...props} display={display} />}
      {resumable && <ResumeForm {...props} />}
      {flow.phase === 'failed' && !flow.retryable && (
        <p className="notice warn">{t(offline ? 'flowRetryAfterWait' : 'flowNoRetry')}</p>
      )}
      {canDismiss(flow) && (
        <button type="button" onClick={() => void props.actions.dismiss()} disabled={busy}>
          {t('dismissButton')}
        </button>
      )}
      <FlowSteps flow={flow} locale={props.locale} />
    </div>
  );
}
