import { isolateLtr } from '../bidi';
import { explainError, GraphError } from '../graph/errors';
import { type MessageKey, regionName, t } from '../i18n';
import { isRegionCode } from '../regions';
import { isCall, isTrim } from './chain';
import type { AuditEntry, AuditRecord, ChainedEntry, TrimMarker } from './entry';

/**
 * The change history as people read it: calls grouped by the change they belong to, each call
 * named in words, storage named as the rest of Residency names it, and errors explained with
 * the product's own error texts. Pure functions over the stored records (plus t() and Intl).
 */

/** Calls made outside a change, for one number, stay in one group while this close together. */
export const LOOSE_CALL_GAP_MS = 30 * 60_000;

export type HistoryGroup =
  | {
      kind: 'change';
      /** The change's id (its flow id), or for calls outside a change the first call's id. */
      id: string;
      /** True for calls made outside a guided change, grouped by number and time. */
      loose: boolean;
      phoneNumberId: string;
      displayPhoneNumber?: string;
      /** Oldest first. */
      calls: ChainedEntry[];
    }
  | { kind: 'trim'; id: string; trim: TrimMarker };

/** What a person can narrow the history to. Dates are the UI's local calendar days, YYYY-MM-DD. */
export interface HistoryFilter {
  phoneNumberId?: string;
  from?: string;
  to?: string;
}

/** Local midnight of a YYYY-MM-DD day, in ms; undefined for anything else. */
function dayStart(day: string | undefined): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
}

/**
 * The records a filter keeps, oldest first. The period includes both days whole; a number
 * filter keeps only that number's calls, so retention trims show only without one.
 * @example filterHistory(records, { phoneNumberId: '106540352242922', from: '2026-12-01' })
 */
export function filterHistory(
  records: readonly AuditRecord[],
  filter: HistoryFilter,
): AuditRecord[] {
  const from = dayStart(filter.from);
  const toStart = dayStart(filter.to);
  const until =
    toStart === undefined ? undefined : new Date(toStart).setDate(new Date(toStart).getDate() + 1);
  return records.filter((record) => {
    const at = Date.parse(record.at);
    if (from !== undefined && at < from) return false;
    if (until !== undefined && at >= until) return false;
    if (filter.phoneNumberId)
      return isCall(record) && record.phoneNumberId === filter.phoneNumberId;
    return true;
  });
}

/**
 * Groups records (oldest first) into changes, newest change first: the calls of one change
 * (same flow id) together wherever they sit; calls outside a change together while they are
 * for the same number and less than LOOSE_CALL_GAP_MS apart; each retention trim on its own.
 * Calls inside a group stay oldest first.
 */
export function groupHistory(records: readonly AuditRecord[]): HistoryGroup[] {
  const groups: HistoryGroup[] = [];
  const byFlow = new Map<string, Extract<HistoryGroup, { kind: 'change' }>>();
  let loose: Extract<HistoryGroup, { kind: 'change' }> | undefined;
  for (const record of records) {
    if (isTrim(record)) {
      groups.push({ kind: 'trim', id: record.id, trim: record });
      continue;
    }
    const call = record as ChainedEntry;
    const flowGroup = call.flowId ? byFlow.get(call.flowId) : undefined;
    if (flowGroup) {
      flowGroup.calls.push(call);
      continue;
    }
    const last = loose?.calls.at(-1);
    if (
      !call.flowId &&
      loose &&
      last &&
      loose.phoneNumberId === call.phoneNumberId &&
      Date.parse(call.at) - Date.parse(last.at) < LOOSE_CALL_GAP_MS
    ) {
      loose.calls.push(call);
      continue;
    }
    const group = {
      kind: 'change' as const,
      id: call.flowId ?? call.id,
      loose: !call.flowId,
      phoneNumberId: call.phoneNumberId,
      ...(call.displayPhoneNumber ? { displayPhoneNumber: call.displayPhoneNumber } : {}),
      calls: [call],
    };
    groups.push(group);
    if (call.flowId) byFlow.set(call.flowId, group);
    else loose = group;
  }
  // Newest first, by each group's newest record.
  const newest = (g: HistoryGroup) =>
    Date.parse(g.kind === 'trim' ? g.trim.at : (g.calls.at(-1)?.at ?? ''));
  return groups
    .map((group, index) => ({ group, index }))
    .sort((a, b) => newest(b.group) - newest(a.group) || b.index - a.index)
    .map(({ group }) => group);
}

/** The numbers the history holds calls for, for the number filter: newest name, sorted by it. */
export function historyNumbers(
  records: readonly AuditRecord[],
): { phoneNumberId: string; label: string }[] {
  const names = new Map<string, string>();
  for (const record of records.filter(isCall))
    names.set(record.phoneNumberId, record.displayPhoneNumber ?? record.phoneNumberId);
  return [...names]
    .map(([phoneNumberId, label]) => ({ phoneNumberId, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * A storage value as the history stores it ('default', 'no-storage', a region code, or what
 * Meta reported and Residency could not name) in the words the rest of Residency uses.
 * @example storageWords('SG', 'en')         // 'Singapore'
 * @example storageWords('no-storage', 'en') // 'No Storage'
 * @example storageWords('default', 'en')    // 'Default storage (United States)'
 */
export function storageWords(value: string, locale: string): string {
  if (value === 'default') return t('statusDefault');
  if (value === 'no-storage') return t('statusNoStorage');
  // The 14 regions, and any other country code an edited or older record may hold.
  if (isRegionCode(value) || /^[A-Z]{2}$/.test(value)) return regionName(value, locale);
  if (value.startsWith('in-country:'))
    return t('statusInCountryUnknown', [value.slice('in-country:'.length)]);
  if (value === 'in-country-unknown-region') return t('statusInCountryNoRegion');
  return t('statusUnknown', [value]);
}

type Outcome = AuditEntry['result'];

// The call as a person says it: in the past when it worked, as what was asked otherwise.
const ACTION_DONE: Record<Exclude<AuditEntry['action'], 'set-storage'>, MessageKey> = {
  deregister: 'auditDidDeregister',
  register: 'auditDidRegister',
  'request-code': 'auditDidRequestCode',
  'verify-code': 'auditDidVerifyCode',
};
const ACTION_ASKED: Record<Exclude<AuditEntry['action'], 'set-storage'>, MessageKey> = {
  deregister: 'auditAskedDeregister',
  register: 'auditAskedRegister',
  'request-code': 'auditAskedRequestCode',
  'verify-code': 'auditAskedVerifyCode',
};

/**
 * The call in words.
 * @example actionWords({ action: 'deregister', result: 'success' }, 'en') // 'Deregistered'
 * @example actionWords({ action: 'set-storage', regionAfter: 'DE', result: 'success' }, 'en')
 *   // 'Set Local Storage to Germany'
 * @example actionWords({ action: 'request-code', result: 'success' }, 'en') // 'Verification code requested'
 */
export function actionWords(
  call: Pick<AuditEntry, 'action' | 'regionAfter' | 'result'>,
  locale: string,
): string {
  const done = call.result === 'success';
  if (call.action === 'set-storage') {
    if (!call.regionAfter || call.regionAfter === 'default')
      return t(done ? 'auditDidStorageOff' : 'auditAskedStorageOff');
    return t(done ? 'auditDidSetStorage' : 'auditAskedSetStorage', [
      storageWords(call.regionAfter, locale),
    ]);
  }
  return t((done ? ACTION_DONE : ACTION_ASKED)[call.action]);
}

const RESULT_KEYS: Record<Outcome, MessageKey> = {
  success: 'auditResultSuccess',
  error: 'auditResultError',
  unknown: 'auditResultUnknown',
};

/** An error the history recorded, explained as Residency explains it elsewhere. */
export interface HistoryError {
  title: string;
  whatHappened: string;
  code?: number;
}

/** Everything a row of the history says about one call. */
export interface CallWords {
  id: string;
  at: string;
  /** What was done or asked, e.g. "Deregistered". */
  action: string;
  outcome: Outcome;
  /** How it went, e.g. "Done", "Refused by Meta". */
  result: string;
  /** Storage at the call: "No Storage → Singapore" for a storage change, else what it was. */
  storage?: string;
  /** Meta's error, in the product's error words (with the code), when there was one. */
  error?: HistoryError;
  traceId?: string;
}

/**
 * The product's words for an error code the history recorded (utils/graph/errors.ts).
 * @example historyError(133005).title // 'Wrong PIN'
 */
export function historyError(code: number | undefined): HistoryError {
  const explained = explainError(
    code === undefined
      ? new GraphError({ kind: 'graph', category: 'unknown', message: '' })
      : new GraphError({ kind: 'graph', code, message: '' }),
  );
  return {
    title: explained.title,
    whatHappened: explained.whatHappened,
    ...(code === undefined ? {} : { code }),
  };
}

/** Storage before → after for a storage change; the storage at the time for any other call. */
export function callStorageWords(
  call: Pick<AuditEntry, 'regionBefore' | 'regionAfter'>,
  locale: string,
): string | undefined {
  const before =
    call.regionBefore === undefined ? undefined : storageWords(call.regionBefore, locale);
  const after = call.regionAfter === undefined ? undefined : storageWords(call.regionAfter, locale);
  if (before && after) return t('auditStorageChange', [before, after]);
  return after ?? before;
}

/** One call in words. */
export function describeCall(call: AuditEntry, locale: string): CallWords {
  const storage = callStorageWords(call, locale);
  const hasError = call.result === 'error' || call.errorCode !== undefined;
  return {
    id: call.id,
    at: call.at,
    action: actionWords(call, locale),
    outcome: call.result,
    result: t(RESULT_KEYS[call.result]),
    ...(storage ? { storage } : {}),
    ...(hasError ? { error: historyError(call.errorCode) } : {}),
    ...(call.fbtraceId ? { traceId: call.fbtraceId } : {}),
  };
}

/** A change as a whole, for its heading. */
export interface GroupWords {
  /** The number, as Meta displays it (the phone number ID when Meta's display is unknown). */
  number: string;
  phoneNumberId: string;
  /** Where the change took storage: the first storage seen → the last one set; absent if none was set. */
  storage?: string;
  /** How the change stands after its last call. */
  outcome: Outcome;
  result: string;
  /** Oldest and newest call time. */
  from: string;
  to: string;
}

/** The heading of a change group. */
export function describeGroup(
  group: Extract<HistoryGroup, { kind: 'change' }>,
  locale: string,
): GroupWords {
  const { calls } = group;
  const first = calls[0];
  const last = calls.at(-1) ?? first;
  const setStorage = calls.filter((c) => c.action === 'set-storage' && c.result === 'success');
  const target = setStorage.at(-1)?.regionAfter;
  const before = first?.regionBefore;
  const storage =
    target === undefined
      ? undefined
      : before === undefined || before === target
        ? storageWords(target, locale)
        : t('auditStorageChange', [storageWords(before, locale), storageWords(target, locale)]);
  const outcome: Outcome = last?.result ?? 'unknown';
  return {
    number: group.displayPhoneNumber ?? group.phoneNumberId,
    phoneNumberId: group.phoneNumberId,
    ...(storage ? { storage } : {}),
    outcome,
    result: t(
      outcome === 'success'
        ? 'auditGroupSuccess'
        : outcome === 'error'
          ? 'auditGroupError'
          : 'auditGroupUnknown',
    ),
    from: first?.at ?? '',
    to: last?.at ?? '',
  };
}

/**
 * A time in the UI's locale, with the date.
 * @example historyTime('2026-12-02T14:05:09Z', 'en') // 'Dec 2, 2026, 2:05:09 PM' (in UTC)
 */
export function historyTime(at: string, locale: string): string {
  try {
    return new Intl.DateTimeFormat([locale, 'en'], {
      dateStyle: 'medium',
      timeStyle: 'medium',
    }).format(new Date(at));
  } catch {
    return at;
  }
}

/**
 * When a change ran, from its first call to its last, in the UI locale: one time when they
 * are the same, the date once when both are on one day.
 * @example historyPeriod('2026-12-02T14:05:09Z', '2026-12-02T14:07:30Z', 'en')
 *   // 'Dec 2, 2026, 2:05:09 – 2:07:30 PM' (in UTC)
 */
export function historyPeriod(from: string, to: string, locale: string): string {
  if (from === to) return historyTime(from, locale);
  try {
    return new Intl.DateTimeFormat([locale, 'en'], {
      dateStyle: 'medium',
      timeStyle: 'medium',
    }).formatRange(new Date(from), new Date(to));
  } catch {
    return `${historyTime(from, locale)} – ${historyTime(to, locale)}`;
  }
}

/** A retention trim in words: how many calls went and the period they covered. */
export function describeTrim(trim: TrimMarker, locale: string): string {
  const count = trim.removed.toLocaleString(locale);
  return trim.removedFrom && trim.removedThrough
    ? t('auditTrimWords', [
        count,
        historyTime(trim.removedFrom, locale),
        historyTime(trim.removedThrough, locale),
      ])
    : t('auditTrimWordsNoDates', [count]);
}

/**
 * Which record a chain check names, in words: a call by its action, number and time, or a
 * retention trim by its time.
 */
export function recordWords(record: AuditRecord, locale: string): string {
  if (isTrim(record)) return t('auditChainBrokenTrim', [historyTime(record.at, locale)]);
  const call = record as ChainedEntry;
  return t('auditChainBrokenCall', [
    actionWords(call, locale),
    isolateLtr(call.displayPhoneNumber ?? call.phoneNumberId),
    historyTime(call.at, locale),
  ]);
}
