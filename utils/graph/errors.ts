import { z } from 'zod';
import { type MessageKey, t } from '../i18n';
import { GraphErrorBodySchema } from './schemas';

export type ErrorKind = 'graph' | 'network' | 'timeout' | 'malformed' | 'http' | 'internal';
export type ErrorCategory =
  | 'no-token'
  | 'token-invalid'
  | 'permission'
  | 'rate-limit'
  | 'transient'
  | 'deleted'
  | 'not-visible'
  | 'invalid-parameter'
  | 'account-locked'
  | 'deregister-failed'
  | 'pin-mismatch'
  | 'needs-verification'
  | 'pin-too-many'
  | 'pin-too-fast'
  | 'not-registered'
  | 'recently-deleted'
  | 'register-limit'
  | 'unknown-version'
  | 'network'
  | 'timeout'
  | 'malformed'
  | 'server'
  | 'internal'
  | 'unknown';

/**
 * Which kind of trouble a Meta error code means (graph-api-notes.md). Logic keys on `code`;
 * the subcode only refines wording (190) or marks an object the token cannot see (100/33).
 */
export function categorize(code: number, subcode?: number): ErrorCategory {
  if (code === 0 || code === 190) return 'token-invalid';
  if (code === 3 || code === 10 || (code >= 200 && code <= 299)) return 'permission';
  if ([4, 80007, 80008, 130429].includes(code)) return 'rate-limit';
  if ([1, 2, 131000, 133004].includes(code)) return 'transient';
  if (code === 33) return 'deleted';
  if (code === 100 && subcode === 33) return 'not-visible';
  if (code === 100 || code === 131009) return 'invalid-parameter';
  if (code === 131031) return 'account-locked';
  if (code === 2500) return 'unknown-version';
  const whatsapp: Record<number, ErrorCategory> = {
    133000: 'deregister-failed',
    133005: 'pin-mismatch',
    133006: 'needs-verification',
    133008: 'pin-too-many',
    133009: 'pin-too-fast',
    133010: 'not-registered',
    133015: 'recently-deleted',
    133016: 'register-limit',
  };
  return whatsapp[code] ?? 'unknown';
}

const TRANSIENT: ReadonlySet<ErrorCategory> = new Set([
  'transient',
  'network',
  'timeout',
  'server',
]);

export const SerializedGraphErrorSchema = z.object({
  kind: z.enum(['graph', 'network', 'timeout', 'malformed', 'http', 'internal']),
  category: z.string(),
  message: z.string(),
  code: z.number().int().optional(),
  subcode: z.number().int().optional(),
  type: z.string().optional(),
  fbtraceId: z.string().optional(),
  httpStatus: z.number().int().optional(),
  userTitle: z.string().optional(),
  userMsg: z.string().optional(),
  details: z.string().optional(),
  isTransient: z.boolean(),
});
export type SerializedGraphError = z.infer<typeof SerializedGraphErrorSchema>;

/** A failed Graph call (or a failure around it), as plain data that survives runtime messages. */
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
  readonly isTransient: boolean;

  constructor(
    init: Omit<SerializedGraphError, 'category' | 'isTransient'> & {
      category?: ErrorCategory;
      isTransient?: boolean;
    },
  ) {
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
    this.category =
      init.category ??
      (init.kind === 'graph' && init.code !== undefined
        ? categorize(init.code, init.subcode)
        : init.kind === 'http'
          ? 'server'
          : (init.kind as ErrorCategory));
    this.isTransient = init.isTransient ?? TRANSIENT.has(this.category);
  }

  static internal(message: string) {
    return new GraphError({ kind: 'internal', message });
  }

  toJSON(): SerializedGraphError {
    const {
      kind,
      category,
      message,
      code,
      subcode,
      type,
      fbtraceId,
      httpStatus,
      userTitle,
      userMsg,
      details,
      isTransient,
    } = this;
    return Object.fromEntries(
      Object.entries({
        kind,
        category,
        message,
        code,
        subcode,
        type,
        fbtraceId,
        httpStatus,
        userTitle,
        userMsg,
        details,
        isTransient,
      }).filter(([, v]) => v !== undefined),
    ) as SerializedGraphError;
  }

  static fromJSON(data: SerializedGraphError): GraphError {
    return new GraphError({ ...data, category: data.category as ErrorCategory });
  }
}

/** Meta's error body as a GraphError, or null when the body is not one. */
export function parseGraphErrorBody(json: unknown, httpStatus?: number): GraphError | null {
  const parsed = GraphErrorBodySchema.safeParse(json);
  if (!parsed.success) return null;
  const e = parsed.data.error;
  const details = typeof e.error_data === 'string' ? e.error_data : e.error_data?.details;
  return new GraphError({
    kind: 'graph',
    message: e.message,
    code: e.code,
    subcode: e.error_subcode,
    type: e.type,
    fbtraceId: e.fbtrace_id,
    httpStatus,
    userTitle: e.error_user_title,
    userMsg: e.error_user_msg,
    details,
    // Meta's own flag wins; otherwise the code decides.
    ...(e.is_transient !== undefined
      ? { isTransient: e.is_transient || TRANSIENT.has(categorize(e.code, e.error_subcode)) }
      : {}),
  });
}

export interface ExplainedError {
  title: string;
  whatHappened: string;
  whatToDo: string;
  code?: number;
  fbtraceId?: string;
  /** Meta's own words: untrusted text, render as text only. */
  metaMessage?: string;
}

const TOKEN_SUBCODES: Record<number, MessageKey> = {
  458: 'errorTokenAppRemoved',
  460: 'errorTokenPasswordChanged',
  463: 'errorTokenExpired',
  467: 'errorTokenLoggedOut',
};

/** An error in plain words, with the next step, for people. */
export function explainError(error: GraphError): ExplainedError {
  const c = error.category;
  const prefix = `error${c.replace(/(^|-)(\w)/g, (_m, _d, ch: string) => ch.toUpperCase())}`;
  let happened = t(`${prefix}Happened` as MessageKey);
  if (c === 'token-invalid' && error.subcode !== undefined && TOKEN_SUBCODES[error.subcode]) {
    happened = t(TOKEN_SUBCODES[error.subcode] as MessageKey);
  }
  return {
    title: t(`${prefix}Title` as MessageKey),
    whatHappened: happened,
    whatToDo: t(`${prefix}ToDo` as MessageKey),
    code: error.code,
    fbtraceId: error.fbtraceId,
    metaMessage:
      error.kind === 'graph' ? error.userMsg || error.message : error.message || undefined,
  };
}
