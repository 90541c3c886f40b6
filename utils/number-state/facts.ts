import type { PhoneNumber } from '../graph/schemas';
import { type MessageKey, t } from '../i18n';
import type { Tone } from './tone';

/** The fields of a number Residency shows as words, named as in Meta's API. */
export type FactField =
  | 'status'
  | 'quality_rating'
  | 'code_verification_status'
  | 'name_status'
  | 'throughput'
  | 'account_mode';

/** One fact about a number, in words, with Meta's value kept for support. */
export interface NumberFact {
  field: FactField;
  /** What the fact is about, e.g. "Quality rating". */
  label: string;
  /** Meta's value in words, e.g. "Yellow (medium)"; the value as received when Residency does not know it. */
  words: string;
  tone: Tone;
  /** Meta's value exactly as received. */
  raw: string;
  /** False for a value Residency has no words for (shown as received). */
  known: boolean;
}

type Words = Record<string, { key: MessageKey; tone: Tone }>;

// Value lists differ between Meta's sources (see docs); anything not listed is shown as received.
const STATUS: Words = {
  CONNECTED: { key: 'connectionConnected', tone: 'ok' },
  DISCONNECTED: { key: 'connectionDisconnected', tone: 'neutral' },
  PENDING: { key: 'connectionPending', tone: 'info' },
  UNVERIFIED: { key: 'connectionUnverified', tone: 'warn' },
  FLAGGED: { key: 'connectionFlagged', tone: 'warn' },
  RATE_LIMITED: { key: 'connectionRateLimited', tone: 'warn' },
  RESTRICTED: { key: 'connectionRestricted', tone: 'danger' },
  BANNED: { key: 'connectionBanned', tone: 'danger' },
  DELETED: { key: 'connectionDeleted', tone: 'danger' },
  MIGRATED: { key: 'connectionMigrated', tone: 'neutral' },
  UNKNOWN: { key: 'valueUnknown', tone: 'neutral' },
};
const QUALITY: Words = {
  GREEN: { key: 'qualityGreen', tone: 'ok' },
  YELLOW: { key: 'qualityYellow', tone: 'warn' },
  RED: { key: 'qualityRed', tone: 'danger' },
  NA: { key: 'qualityNotRated', tone: 'neutral' },
  UNKNOWN: { key: 'qualityNotRated', tone: 'neutral' },
};
// Not a gate: Meta shows registered Cloud API numbers as NOT_VERIFIED, so no alarm colours.
const VERIFICATION: Words = {
  VERIFIED: { key: 'verificationVerified', tone: 'neutral' },
  NOT_VERIFIED: { key: 'verificationNotVerified', tone: 'neutral' },
  EXPIRED: { key: 'verificationExpired', tone: 'neutral' },
};
const NAME_STATUS: Words = {
  APPROVED: { key: 'nameApproved', tone: 'ok' },
  AVAILABLE_WITHOUT_REVIEW: { key: 'nameAvailableWithoutReview', tone: 'neutral' },
  PENDING_REVIEW: { key: 'namePendingReview', tone: 'info' },
  DECLINED: { key: 'nameDeclined', tone: 'danger' },
  EXPIRED: { key: 'nameExpired', tone: 'warn' },
  NONE: { key: 'nameNone', tone: 'neutral' },
};
const THROUGHPUT: Words = {
  STANDARD: { key: 'throughputStandard', tone: 'neutral' },
  HIGH: { key: 'throughputHigh', tone: 'neutral' },
  NOT_APPLICABLE: { key: 'throughputNotApplicable', tone: 'neutral' },
};
const ACCOUNT_MODE: Words = {
  LIVE: { key: 'accountModeLive', tone: 'neutral' },
  SANDBOX: { key: 'accountModeSandbox', tone: 'info' },
};

const FIELDS: readonly { field: FactField; label: MessageKey; words: Words }[] = [
  { field: 'status', label: 'fieldConnection', words: STATUS },
  { field: 'quality_rating', label: 'fieldQuality', words: QUALITY },
  { field: 'code_verification_status', label: 'fieldVerification', words: VERIFICATION },
  { field: 'name_status', label: 'fieldNameStatus', words: NAME_STATUS },
  { field: 'throughput', label: 'fieldThroughput', words: THROUGHPUT },
  { field: 'account_mode', label: 'fieldAccountMode', words: ACCOUNT_MODE },
];

function rawValue(phone: PhoneNumber, field: FactField): string | undefined {
  return field === 'throughput' ? phone.throughput?.level : phone[field];
}

/**
 * A value of Meta's in words, any letter case (the sources disagree on it); a value Residency
 * does not know is kept as received, never guessed and never an error.
 * @example factWords('quality_rating', 'yellow') // { words: 'Yellow (medium)', tone: 'warn', known: true, ... }
 * @example factWords('status', 'SUSPENDED')      // { words: 'SUSPENDED', tone: 'neutral', known: false, ... }
 */
export function factWords(field: FactField, raw: string): NumberFact {
  const spec = FIELDS.find((f) => f.field === field);
  const known = spec?.words[raw.trim().toUpperCase()];
  return {
    field,
    label: spec ? t(spec.label) : field,
    words: known ? t(known.key) : raw,
    tone: known?.tone ?? 'neutral',
    raw,
    known: !!known,
  };
}

/**
 * The facts Meta reported for a number, in the order people look for them; fields Meta did not
 * send are left out.
 */
export function numberFacts(phone: PhoneNumber): NumberFact[] {
  return FIELDS.flatMap(({ field }) => {
    const raw = rawValue(phone, field);
    return raw === undefined || raw === '' ? [] : [factWords(field, raw)];
  });
}
