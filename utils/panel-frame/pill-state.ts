import { type FlowState, isNumberOffline } from '../change-flow/machine';
import type { SerializedGraphError } from '../graph/errors';
import {
  describeStorage,
  interpretStorage,
  registrationState,
  type StorageStatus,
} from '../graph/status';
import { regionName, t, tPlural } from '../i18n';
import { isOfflineByChange, numberState } from '../number-state';
import type { ViewState } from '../ui-store/view-store';
import { shownNumberId } from '../ui-store/view-store';

/**
 * How the pill looks: `attention` when Residency cannot show the number (no or expired token,
 * a failed read), `offline` when an unfinished change left the number deregistered, else the
 * storage kind.
 */
export type PillTone = 'in-country' | 'default' | 'no-storage' | 'offline' | 'attention' | 'idle';

export interface PillState {
  tone: PillTone;
  /** Storage at a glance: "BR Brazil", "Default", "No Storage"; or what needs doing. */
  storage: string;
  /** Registration, or the second half of the message. */
  detail: string;
  /** Still waiting for what the pill is to say ("Checking"). */
  checking?: true;
  /** The unfinished change of the number shown, if any. */
  unfinished?: FlowState;
}

/**
 * The storage at a glance, as short as the pill needs it.
 * @example storageShort({ kind: 'in-country', region: 'BR' }, 'en') // 'BR Brazil'
 */
export function storageShort(status: StorageStatus, locale: string): string {
  switch (status.kind) {
    case 'in-country':
      return `${status.region} ${regionName(status.region, locale)}`;
    case 'default':
      return t('pillDefault');
    case 'no-storage':
      return t('pillNoStorage');
    default:
      return describeStorage(status, locale);
  }
}

function attention(error: SerializedGraphError): PillState {
  return {
    tone: 'attention',
    storage: error.category === 'token-invalid' ? t('pillTokenExpired') : t('pillReadFailed'),
    detail: t('pillOpenForDetails'),
  };
}

const checking = (): PillState => ({
  tone: 'idle',
  storage: t('pillChecking'),
  detail: '',
  checking: true,
});

/** What the pill says for the page the tab shows. */
export function pillState(
  state: Pick<ViewState, 'token' | 'context' | 'status' | 'waba' | 'manualId' | 'unfinished'>,
  locale: string,
): PillState {
  if (state.token.data && !state.token.data.hasToken)
    return { tone: 'attention', storage: t('pillNoToken'), detail: t('pillOpenForDetails') };
  const ctx = state.context.data;
  if (ctx?.resolution === 'error' && ctx.error) return attention(ctx.error);
  if (ctx?.resolution === 'not-found')
    return { tone: 'attention', storage: t('pillNotFound'), detail: t('pillOpenForDetails') };

  const id = shownNumberId(state);
  if (id) {
    const unfinished = state.unfinished.find((f) => f.phoneNumberId === id);
    const shown = state.status.data?.phoneNumberId === id ? state.status.data : undefined;
    // The same reading of Meta's state and the unfinished change as the card's headline, so the
    // pill and the headline always agree; before the first read, the change log alone decides.
    const offline = shown
      ? isOfflineByChange(
          numberState({ phone: shown.phone, settings: shown.settings, flow: unfinished }),
        )
      : !!unfinished && isNumberOffline(unfinished);
    if (unfinished && offline)
      return {
        tone: 'offline',
        storage: t('pillOffline'),
        detail: t('pillChangeUnfinished'),
        unfinished,
      };
    if (!shown) {
      if (state.status.error) return attention(state.status.error);
      return checking();
    }
    const storage = interpretStorage(shown.settings);
    const registration = registrationState(shown.phone).state;
    return {
      tone:
        storage.kind === 'in-country'
          ? 'in-country'
          : storage.kind === 'no-storage'
            ? 'no-storage'
            : 'default',
      storage: storageShort(storage, locale),
      detail:
        registration === 'unregistered'
          ? t('registrationUnregistered')
          : registration === 'unknown'
            ? t('registrationUnknown')
            : t('registrationRegistered'),
      unfinished,
    };
  }

  if (ctx?.resolution === 'waba') {
    if (state.waba.data)
      return {
        tone: 'idle',
        storage: tPlural('pillAccount', state.waba.data.numbers.length),
        detail: t('pillOpenForList'),
      };
    if (state.waba.error) return attention(state.waba.error);
  }
  return checking();
}

/**
 * An account at a glance: how many numbers have each storage, most first.
 * @example storageCounts([...], 'en') // [{ label: 'BR Brazil', count: 12 }, { label: 'Default', count: 3 }]
 */
export function storageCounts(
  rows: readonly { settings?: Parameters<typeof interpretStorage>[0]; error?: unknown }[],
  locale: string,
): { label: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const label = row.settings
      ? storageShort(interpretStorage(row.settings), locale)
      : t('pillReadFailed');
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}
