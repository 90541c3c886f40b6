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

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** The links of the chain (see ./chain.ts): the hash of the record before, and its own. */
const Links = { prevHash: Sha256Hex, hash: Sha256Hex };

/** A call as the change history stores it (format 3 on): linked to the record before it. */
export const ChainedEntrySchema = AuditEntrySchema.extend(Links);
export type ChainedEntry = z.infer<typeof ChainedEntrySchema>;

/**
 * A removal under the retention rule, recorded in the chain: how many calls went, the times
 * of the oldest and newest of them, and the hash of the last record removed, which the oldest
 * remaining record links to.
 */
export const TrimMarkerSchema = z.object({
  kind: z.literal('trim'),
  id: z.string(),
  at: z.string(),
  removed: z.number().int().positive(),
  removedFrom: z.string().optional(),
  removedThrough: z.string().optional(),
  lastRemovedHash: Sha256Hex,
  ...Links,
});
export type TrimMarker = z.infer<typeof TrimMarkerSchema>;

/** One record of the change history: a call, or a retention trim. */
export const AuditRecordSchema = z.union([TrimMarkerSchema, ChainedEntrySchema]);
export type AuditRecord = TrimMarker | ChainedEntry;
