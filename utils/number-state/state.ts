import { isolateLtr } from '../bidi';
import { type FlowState, isActive, isNumberOffline } from '../change-flow/machine';
import type { PhoneNumber, Settings } from '../graph/schemas';
import {
  describeStorage,
  interpretStorage,
  type RegistrationState,
  registrationState,
  type StorageStatus,
} from '../graph/status';
import { t } from '../i18n';
import { formatRegion } from '../regions';
import type { Tone } from './tone';

/**
 * What an unfinished change means for the number right now. "offline-…": the change has
 * deregistered it (it cannot send or receive messages); "running": a step is being sent now;
 * "stopped": the change waits for the person (Resume, a PIN, a code, or closing it).
 */
export type ChangeCondition =
  | 'none'
  | 'running'
  | 'stopped'
  | 'offline-running'
  | 'offline-stopped';

/** A number's real state: what Meta reports, read together with an unfinished change. */
export interface NumberState {
  storage: StorageStatus;
  registration: RegistrationState;
  /** Meta's platform_type (or host_platform) as received, for support. */
  registrationRaw?: string;
  change: ChangeCondition;
  /** The unfinished change the condition comes from. */
  flow?: FlowState;
  tone: Tone;
}

export interface NumberStateInput {
  phone: Pick<PhoneNumber, 'platform_type' | 'host_platform'>;
  settings: Settings | undefined;
  /** The number's change from the journal, if any; a finished or closed one is ignored. */
  flow?: FlowState | null;
}

/**
 * Combines Meta's read of a number with its unfinished change, so every view says the same
 * thing: a number a move has deregistered is offline, whatever storage it has meanwhile.
 * @example numberState({ phone: { platform_type: 'NOT_APPLICABLE' }, settings, flow: moveStoppedAfterDeregister })
 *   // { change: 'offline-stopped', tone: 'danger', ... }
 */
export function numberState({ phone, settings, flow }: NumberStateInput): NumberState {
  const storage = interpretStorage(settings);
  const { state: registration, raw } = registrationState(phone);
  const active = flow && isActive(flow) ? flow : undefined;
  const change = active ? changeCondition(active, registration) : 'none';
  return {
    storage,
    registration,
    ...(raw === undefined ? {} : { registrationRaw: raw }),
    change,
    ...(active ? { flow: active } : {}),
    tone: toneOf(storage, change),
  };
}

/** The number cannot send or receive messages because a change deregistered it. */
export const isOfflineByChange = (state: Pick<NumberState, 'change'>) =>
  state.change === 'offline-running' || state.change === 'offline-stopped';

function changeCondition(flow: FlowState, registration: RegistrationState): ChangeCondition {
  const running = flow.phase === 'running';
  const readRegistered = registration.startsWith('registered-');
  // The journal knows what Residency sent. Meta's read settles a register whose outcome is
  // unknown (it may have worked), and shows a deregister that worked although its answer was lost.
  const registerUnknown = flow.steps.some((s) => s.name === 'register' && s.status === 'unknown');
  const offline =
    (isNumberOffline(flow) && !(readRegistered && registerUnknown)) ||
    (flow.before.registered && registration === 'unregistered');
  if (offline) return running ? 'offline-running' : 'offline-stopped';
  return running ? 'running' : 'stopped';
}

function toneOf(storage: StorageStatus, change: ChangeCondition): Tone {
  switch (change) {
    case 'offline-running':
    case 'offline-stopped':
      return 'danger';
    case 'stopped':
      return 'warn';
    case 'running':
      return 'info';
    case 'none':
      if (storage.kind === 'in-country') return 'ok';
      if (storage.kind === 'default' || storage.kind === 'no-storage') return 'neutral';
      return 'warn';
  }
}

/**
 * Where a change leads, for sentences: a region, default storage or No Storage.
 * @example changeTargetLabel('BR', 'en')      // 'Brazil (BR)'
 * @example changeTargetLabel('default', 'en') // 'default storage (United States)'
 */
export function changeTargetLabel(target: string | undefined, locale: string): string {
  if (!target || target === 'default') return t('targetDefault');
  if (target === 'no-storage') return t('statusNoStorage');
  return formatRegion(target, locale);
}

export interface NumberStateWords {
  /** Where the number stands, in one line: its storage, or that a change left it offline. */
  headline: string;
  /** What else a person must know: the change under way, or the storage while offline. */
  detail?: string;
}

/**
 * The headline and its detail line for a number's state.
 * @example describeNumberState(numberState({ phone, settings: brazil }), 'en')
 *   // { headline: 'In-country storage: Brazil (BR)' }
 * @example describeNumberState(offlineMidMove, 'en')
 *   // { headline: 'Offline: storage change unfinished', detail: 'Storage now: In-country storage: Germany (DE).' }
 */
export function describeNumberState(state: NumberState, locale: string): NumberStateWords {
  const storage = describeStorage(state.storage, locale);
  const target = changeTargetLabel(state.flow?.target, locale);
  switch (state.change) {
    case 'none':
      return { headline: storage };
    case 'running':
      return { headline: storage, detail: t('stateChanging', [target]) };
    case 'stopped':
      return { headline: storage, detail: t('stateChangeStopped', [target]) };
    case 'offline-running':
      return { headline: t('stateOfflineRunning'), detail: t('stateOfflineDetail', [storage]) };
    case 'offline-stopped':
      return { headline: t('stateOfflineStopped'), detail: t('stateOfflineDetail', [storage]) };
  }
}

/**
 * One line naming the number and its headline, for summaries (the panel's title, the pill).
 * @example numberSummary(state, '+55 11 4000-0002', 'en') // '+55 11 4000-0002: In-country storage: Brazil (BR)'
 */
export function numberSummary(state: NumberState, display: string, locale: string): string {
  return t('panelSummary', [isolateLtr(display), describeNumberState(state, locale).headline]);
}
