// No zod here: extension pages show errors with this module and take the background's replies
// as they are (the background validated what came from outside); the schemas of errors on the
// wire and of Meta's error bodies live in error-body.ts.
import { clockTime, type MessageKey, t, tPlural, uiLanguage } from '../i18n';
import type { SerializedGraphError } from './error-body';

export const ERROR_KINDS = [
  'graph',
  'network',
  'timeout',
  'malformed',
  'http',
  'internal',
] as const;
/**
 * Where a failure happened: Meta answered with an error body ('graph'), no answer ('network',
 * 'timeout'), an answer we cannot read ('malformed'), an HTTP error without Meta's body
 * ('http'), or inside Residency ('internal').
 */
export type ErrorKind = (typeof ERROR_KINDS)[number];

export const ERROR_CATEGORIES = [
  'no-token',
  'token-invalid',
  'permission',
  'rate-limit',
  'transient',
  'deleted',
  'not-visible',
  'invalid-parameter',
  'account-locked',
  'deregister-failed',
  'pin-mismatch',
  'needs-verification',
  'pin-too-many',
  'pin-too-fast',
  'not-registered',
  'recently-deleted',
  'register-limit',
  'unknown-version',
  'network',
  'timeout',
  'malformed',
  'server',
  'internal',
  /** Raised by the change flow: input (PIN, code, target) refused before any call. */
  'invalid-input',
  /** Raised by the change flow: Meta's read-back does not show the requested change. */
  'read-back-mismatch',
  'register-budget',
  /** Raised by the change flow: the number is registered, so only the guided move can work. */
  'registered-use-move',
  /** Meta blocked the account for a while for policy violations (368). */
  'policy-blocked',
  /** Raised by the change flow: another action on this number is under way. */
  'number-busy',
  /** Raised by the change flow: the change does not fit the number as Meta reports it. */
  'wrong-kind',
  /** Raised by the change flow: the change is not waiting for a verification code. */
  'not-awaiting-code',
  'unknown',
] as const;
/** What the failure means for the user: one explanation and one next step per category. */
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

// Meta's published error table, for the codes the calls Residency makes can return.
const WHATSAPP_CODES: Readonly<Record<number, ErrorCategory>> = {
  368: 'policy-blocked',
  131005: 'permission',
  131008: 'invalid-parameter',
  131016: 'transient',
  131031: 'account-locked',
  133000: 'deregister-failed',
  133005: 'pin-mismatch',
  133006: 'needs-verification',
  133008: 'pin-too-many',
  133009: 'pin-too-fast',
  133010: 'not-registered',
  133015: 'recently-deleted',
  133016: 'register-limit',
};

/**
 * Which kind of trouble a Meta error code means (graph-api-notes.md). Logic keys on `code`;
 * the deprecated subcode only refines 100/33 (object not visible to this token) and the
 * wording of 190. Code 2500 is a generic OAuth error, so only its "Unknown path components"
 * form (an unserved version in the URL) counts as 'unknown-version'.
 * @example categorize(190, 463) // 'token-invalid'
 * @example categorize(100, 33)  // 'not-visible'
 */
export function categorize(code: number, subcode?: number, message?: string): ErrorCategory {
  if (code === 0 || code === 190) return 'token-invalid';
  if (code === 3 || code === 10 || (code >= 200 && code <= 299)) return 'permission';
  if (code === 4 || code === 80007 || code === 130429) return 'rate-limit';
  if (code === 1 || code === 2 || code === 131000 || code === 133004) return 'transient';
  if (code === 33) return 'deleted';
  if (code === 100 && subcode === 33) return 'not-visible';
  if (code === 100 || code === 131009) return 'invalid-parameter';
  if (code === 2500 && /unknown path components/i.test(message ?? '')) return 'unknown-version';
  return WHATSAPP_CODES[code] ?? 'unknown';
}

/** Failures worth a second try: the same request may well succeed a moment later. */
export const TRANSIENT: ReadonlySet<ErrorCategory> = new Set([
  'transient',
  'network',
  'timeout',
  'server',
]);

export type { SerializedGraphError };

const CATEGORY_SET: ReadonlySet<string> = new Set(ERROR_CATEGORIES);

/** @example isErrorCategory('rate-limit') // true */
export const isErrorCategory = (value: string): value is ErrorCategory => CATEGORY_SET.has(value);

export type GraphErrorInit = Omit<SerializedGraphError, 'category' | 'isTransient'> & {
  category?: ErrorCategory;
  isTransient?: boolean;
};

function defaultCategory(init: GraphErrorInit): ErrorCategory {
  switch (init.kind) {
    case 'graph':
      return init.code === undefined
        ? 'unknown'
        : categorize(init.code, init.subcode, init.message);
    case 'http':
      return (init.httpStatus ?? 0) >= 500 ? 'server' : 'unknown';
    default:
      return init.kind;
  }
}

/**
 * A failed Graph call, or a failure around one. `message` is for logs and support; people see
 * explainError's text.
 * @example new GraphError({ kind: 'graph', code: 190, subcode: 463, message: 'Session has expired' }).category
 *   // 'token-invalid'
 */
export class GraphError extends Error {
  readonly kind: ErrorKind;
  readonly category: ErrorCategory;
  readonly code?: number;
  readonly subcode?: number;
  readonly type?: string;
  readonly fbtraceId?: string;
  readonly httpStatus?: number;
  readonly userTitle?: string;
  readonly userMsg?: string;
  readonly details?: string;
  readonly retryAfterMinutes?: number;
  readonly retryAt?: number;
  readonly isTransient: boolean;

  constructor(init: GraphErrorInit) {
    super(init.message);
    this.name = 'GraphError';
    this.kind = init.kind;
    this.code = init.code;
    this.subcode = init.subcode;
    this.type = init.type;
    this.fbtraceId = init.fbtraceId;
    this.httpStatus = init.httpStatus;
    this.userTitle = init.userTitle;
    this.userMsg = init.userMsg;
    this.details = init.details;
    this.retryAfterMinutes = init.retryAfterMinutes;
    this.retryAt = init.retryAt;
    this.category = init.category ?? defaultCategory(init);
    this.isTransient = init.isTransient ?? TRANSIENT.has(this.category);
  }

  /** A failure inside Residency (e.g. the background did not answer). */
  static internal(message: string): GraphError {
    return new GraphError({ kind: 'internal', message });
  }

  /**
   * Any thrown value as the plain error shape that crosses runtime messages: a GraphError as
   * it is, anything else as an internal error with its message.
   * @example GraphError.serialize(new Error('boom')) // { kind: 'internal', message: 'boom', ... }
   */
  static serialize(error: unknown): SerializedGraphError {
    if (error instanceof GraphError) return error.toJSON();
    return GraphError.internal(error instanceof Error ? error.message : String(error)).toJSON();
  }

  /** Plain data without undefined fields, so it survives structured cloning and JSON. */
  toJSON(): SerializedGraphError {
    const data: SerializedGraphError = {
      kind: this.kind,
      category: this.category,
      message: this.message,
      code: this.code,
      subcode: this.subcode,
      type: this.type,
      fbtraceId: this.fbtraceId,
      httpStatus: this.httpStatus,
      userTitle: this.userTitle,
      userMsg: this.userMsg,
      details: this.details,
      retryAfterMinutes: this.retryAfterMinutes,
      retryAt: this.retryAt,
      isTransient: this.isTransient,
    };
    return Object.fromEntries(
      Object.entries(data).filter(([, value]) => value !== undefined),
    ) as SerializedGraphError;
  }

  /** Revives a serialized error; a category this build does not know is derived afresh. */
  static fromJSON(data: SerializedGraphError): GraphError {
    const { category, ...rest } = data;
    return new GraphError(isErrorCategory(category) ? { ...rest, category } : rest);
  }
}

const UNIT_MS: Readonly<Record<string, number>> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/**
 * When Meta's details say to try again: a wait ("Try again after 12 hours", "in 30 minutes")
 * counted from `now`, or a time it names (ISO 8601, or seconds since the epoch).
 * @example retryAtFrom('Try again after 2 hours.', 0) // 7200000
 */
export function retryAtFrom(details: string | undefined, now: number): number | undefined {
  if (!details) return undefined;
  const wait = /(\d+(?:\.\d+)?)\s*(second|minute|hour|day)s?\b/i.exec(details);
  if (wait?.[1] && wait[2]) {
    const unit = UNIT_MS[wait[2].toLowerCase()] ?? 0;
    return now + Math.round(Number(wait[1]) * unit);
  }
  const iso = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})/.exec(
    details,
  );
  if (iso) {
    const at = Date.parse(iso[0]);
    if (Number.isFinite(at)) return at;
  }
  const epoch = /\b(1\d{9})\b/.exec(details);
  return epoch?.[1] ? Number(epoch[1]) * 1000 : undefined;
}

export interface ExplainedError {
  title: string;
  whatHappened: string;
  whatToDo: string;
  code?: number;
  fbtraceId?: string;
  /** Meta's own words (kind 'graph' only): untrusted text, render as text, never as HTML. */
  metaMessage?: string;
  /** Residency's technical description of a non-Meta failure, for support. */
  detail?: string;
}

/**
 * Each category's title, what happened and what to do, as literal keys so the locale test
 * (test/unit/locales.test.ts) finds every key the code can show.
 */
const ERROR_TEXT: Record<ErrorCategory, readonly [MessageKey, MessageKey, MessageKey]> = {
  'no-token': ['errorNoTokenTitle', 'errorNoTokenHappened', 'errorNoTokenToDo'],
  'token-invalid': ['errorTokenInvalidTitle', 'errorTokenInvalidHappened', 'errorTokenInvalidToDo'],
  permission: ['errorPermissionTitle', 'errorPermissionHappened', 'errorPermissionToDo'],
  'rate-limit': ['errorRateLimitTitle', 'errorRateLimitHappened', 'errorRateLimitToDo'],
  transient: ['errorTransientTitle', 'errorTransientHappened', 'errorTransientToDo'],
  deleted: ['errorDeletedTitle', 'errorDeletedHappened', 'errorDeletedToDo'],
  'not-visible': ['errorNotVisibleTitle', 'errorNotVisibleHappened', 'errorNotVisibleToDo'],
  'invalid-parameter': [
    'errorInvalidParameterTitle',
    'errorInvalidParameterHappened',
    'errorInvalidParameterToDo',
  ],
  'account-locked': [
    'errorAccountLockedTitle',
    'errorAccountLockedHappened',
    'errorAccountLockedToDo',
  ],
  'deregister-failed': [
    'errorDeregisterFailedTitle',
    'errorDeregisterFailedHappened',
    'errorDeregisterFailedToDo',
  ],
  'pin-mismatch': ['errorPinMismatchTitle', 'errorPinMismatchHappened', 'errorPinMismatchToDo'],
  'needs-verification': [
    'errorNeedsVerificationTitle',
    'errorNeedsVerificationHappened',
    'errorNeedsVerificationToDo',
  ],
  'pin-too-many': ['errorPinTooManyTitle', 'errorPinTooManyHappened', 'errorPinTooManyToDo'],
  'pin-too-fast': ['errorPinTooFastTitle', 'errorPinTooFastHappened', 'errorPinTooFastToDo'],
  'not-registered': [
    'errorNotRegisteredTitle',
    'errorNotRegisteredHappened',
    'errorNotRegisteredToDo',
  ],
  'recently-deleted': [
    'errorRecentlyDeletedTitle',
    'errorRecentlyDeletedHappened',
    'errorRecentlyDeletedToDo',
  ],
  'register-limit': [
    'errorRegisterLimitTitle',
    'errorRegisterLimitHappened',
    'errorRegisterLimitToDo',
  ],
  'unknown-version': [
    'errorUnknownVersionTitle',
    'errorUnknownVersionHappened',
    'errorUnknownVersionToDo',
  ],
  network: ['errorNetworkTitle', 'errorNetworkHappened', 'errorNetworkToDo'],
  timeout: ['errorTimeoutTitle', 'errorTimeoutHappened', 'errorTimeoutToDo'],
  malformed: ['errorMalformedTitle', 'errorMalformedHappened', 'errorMalformedToDo'],
  server: ['errorServerTitle', 'errorServerHappened', 'errorServerToDo'],
  internal: ['errorInternalTitle', 'errorInternalHappened', 'errorInternalToDo'],
  'invalid-input': ['errorInvalidInputTitle', 'errorInvalidInputHappened', 'errorInvalidInputToDo'],
  'read-back-mismatch': [
    'errorReadBackMismatchTitle',
    'errorReadBackMismatchHappened',
    'errorReadBackMismatchToDo',
  ],
  'register-budget': [
    'errorRegisterBudgetTitle',
    'errorRegisterBudgetHappened',
    'errorRegisterBudgetToDo',
  ],
  'registered-use-move': [
    'errorRegisteredUseMoveTitle',
    'errorRegisteredUseMoveHappened',
    'errorRegisteredUseMoveToDo',
  ],
  'policy-blocked': [
    'errorPolicyBlockedTitle',
    'errorPolicyBlockedHappened',
    'errorPolicyBlockedToDo',
  ],
  'number-busy': ['errorNumberBusyTitle', 'errorNumberBusyHappened', 'errorNumberBusyToDo'],
  'wrong-kind': ['errorWrongKindTitle', 'errorWrongKindHappened', 'errorWrongKindToDo'],
  'not-awaiting-code': [
    'errorNotAwaitingCodeTitle',
    'errorNotAwaitingCodeHappened',
    'errorNotAwaitingCodeToDo',
  ],
  unknown: ['errorUnknownTitle', 'errorUnknownHappened', 'errorUnknownToDo'],
};

/** Code 190's subcodes say why a token stopped working; each gets its own title and words. */
const TOKEN_SUBCODES: Readonly<Record<number, readonly [MessageKey, MessageKey]>> = {
  458: ['errorTokenAppRemovedTitle', 'errorTokenAppRemoved'],
  460: ['errorTokenPasswordChangedTitle', 'errorTokenPasswordChanged'],
  463: ['errorTokenExpiredTitle', 'errorTokenExpired'],
  467: ['errorTokenInvalidTokenTitle', 'errorTokenInvalidToken'],
};

const META_TEXT_LIMIT = 1000;

/** Meta's text as one plain line: no control characters, bounded length. */
function plainText(value: string): string {
  const flat = value
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > META_TEXT_LIMIT ? `${flat.slice(0, META_TEXT_LIMIT - 1)}…` : flat;
}

function metaMessageOf(error: GraphError): string | undefined {
  if (error.kind !== 'graph') return undefined;
  const main = error.userMsg || error.message;
  const parts = [main, error.details && error.details !== main ? error.details : undefined];
  const text = plainText(parts.filter(Boolean).join(' — '));
  return text || undefined;
}

/**
 * An error in plain words, with the next step.
 * @example explainError(new GraphError({ kind: 'graph', code: 190, subcode: 463, message: '…' })).title
 *   // 'Access token expired'
 */
export function explainError(error: GraphError): ExplainedError {
  const [titleKey, happenedKey, toDoKey] = ERROR_TEXT[error.category];
  let title = t(titleKey);
  let whatHappened = t(happenedKey);
  let whatToDo = t(toDoKey);

  const tokenText = error.subcode === undefined ? undefined : TOKEN_SUBCODES[error.subcode];
  if (error.category === 'token-invalid' && tokenText) {
    title = t(tokenText[0]);
    whatHappened = t(tokenText[1]);
  }
  if (error.category === 'pin-too-many' && error.retryAt !== undefined) {
    whatToDo = t('errorPinTooManyToDoAt', [clockTime(error.retryAt, uiLanguage())]);
  }
  if (error.category === 'rate-limit' && error.retryAfterMinutes !== undefined) {
    whatToDo = tPlural(
      'errorRateLimitToDoMinutes',
      Math.max(1, Math.ceil(error.retryAfterMinutes)),
    );
  }

  const metaMessage = metaMessageOf(error);
  const detail = error.kind === 'graph' ? undefined : plainText(error.message) || undefined;
  return {
    title,
    whatHappened,
    whatToDo,
    ...(error.code === undefined ? {} : { code: error.code }),
    ...(error.fbtraceId ? { fbtraceId: error.fbtraceId } : {}),
    ...(metaMessage ? { metaMessage } : {}),
    ...(detail ? { detail } : {}),
  };
}
