// The zod side of Graph errors: the serialized error that crosses runtime messages (checked
// where the background reads stored data and messages) and Meta's error bodies, read leniently.
import { z } from 'zod';
import { categorize, ERROR_KINDS, GraphError, retryAtFrom, TRANSIENT } from './errors';

/** GraphError as plain data, for runtime messages between the background and the pages. */
export const SerializedGraphErrorSchema = z.object({
  kind: z.enum(ERROR_KINDS),
  /** An ErrorCategory; a string on the wire, checked again by GraphError.fromJSON. */
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
  /** From x-business-use-case-usage's estimated_time_to_regain_access, on rate limits. */
  retryAfterMinutes: z.number().nonnegative().optional(),
  /** When Meta says trying again may work (ms since epoch), from the error's details (133008). */
  retryAt: z.number().optional(),
  isTransient: z.boolean(),
});
export type SerializedGraphError = z.infer<typeof SerializedGraphErrorSchema>;

// Each field on its own: a body with one odd field still yields Meta's code and trace id.
const LenientErrorBodySchema = z.object({
  error: z.object({
    message: z.string().optional().catch(undefined),
    type: z.string().optional().catch(undefined),
    code: z.number().int().optional().catch(undefined),
    error_subcode: z.number().int().optional().catch(undefined),
    error_user_title: z.string().optional().catch(undefined),
    error_user_msg: z.string().optional().catch(undefined),
    error_data: z
      .union([z.object({ details: z.string().optional().catch(undefined) }), z.string()])
      .optional()
      .catch(undefined),
    is_transient: z.boolean().optional().catch(undefined),
    fbtrace_id: z.string().optional().catch(undefined),
  }),
});

/**
 * Meta's error body as a GraphError; null when the JSON is not one (then the caller reports
 * the HTTP status instead). Meta's own `is_transient: true` marks it retryable; otherwise the
 * code decides.
 * @example parseGraphErrorBody({ error: { message: 'Invalid parameter', code: 100 } }, 400)?.category
 *   // 'invalid-parameter'
 */
export function parseGraphErrorBody(
  json: unknown,
  httpStatus?: number,
  now = Date.now(),
): GraphError | null {
  const parsed = LenientErrorBodySchema.safeParse(json);
  if (!parsed.success) return null;
  const e = parsed.data.error;
  if (e.code === undefined && e.message === undefined) return null;
  const details = typeof e.error_data === 'string' ? e.error_data : e.error_data?.details;
  const category =
    e.code === undefined ? 'unknown' : categorize(e.code, e.error_subcode, e.message);
  return new GraphError({
    kind: 'graph',
    category,
    message: e.message ?? '',
    code: e.code,
    subcode: e.error_subcode,
    type: e.type,
    fbtraceId: e.fbtrace_id,
    httpStatus,
    userTitle: e.error_user_title,
    userMsg: e.error_user_msg,
    details: details || undefined,
    ...(category === 'pin-too-many' ? { retryAt: retryAtFrom(details, now) } : {}),
    isTransient: e.is_transient === true || TRANSIENT.has(category),
  });
}
