import type { FlowState, StepName } from '@/utils/change-flow/machine';
import { clockTime, formatNumber, type MessageKey, t } from '@/utils/i18n';
import { changeTargetLabel } from '@/utils/number-state';

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
} as const satisfies Record<FlowState['steps'][number]['status'], MessageKey>;

/** The steps of a change, each with where it stands. */
export function FlowSteps({ flow, locale }: { flow: FlowState; locale: string }) {
  return (
    <ol aria-label={t('flowStepsLabel')}>
      {stepKeys(flow).map(([key, step]) => (
        <li key={key} aria-current={step.status === 'running' ? 'step' : undefined}>
          {/* A step may name its own target: a region-to-region move can pass through default. */}
          {t(STEP_KEYS[step.name], [changeTargetLabel(step.target ?? flow.target, locale)])}:{' '}
          {step.check
            ? t('stepChecking', [
                formatNumber(step.check.attempt, locale),
                formatNumber(step.check.of, locale),
                clockTime(step.check.nextAt, locale, Date.now(), true),
              ])
            : t(
                step.status === 'pending' && step.error
                  ? 'stepTriedAgain'
                  : STATUS_KEYS[step.status],
              )}
        </li>
      ))}
    </ol>
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
