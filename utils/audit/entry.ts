import { z } from 'zod';

/**
 * A local record of every state-changing Graph call Residency made. It never holds the token,
 * the PIN or a verification code: only what happened, to which number, and Meta's references.
 */
export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  phoneNumberId: z.string(),
  displayPhoneNumber: z.string().optional(),
  action: z.enum(['deregister', 'set-storage', 'register', 'request-code', 'verify-code']),
  regionBefore: z.string().optional(),
  regionAfter: z.string().optional(),
  result: z.enum(['success', 'error', 'unknown']),
  errorCode: z.number().optional(),
  fbtraceId: z.string().optional(),
  flowId: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
