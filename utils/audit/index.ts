import {
  AUDIT_RETENTION_LIMIT,
  type AuditRetention,
  auditLogItem,
  withAuditEntry,
} from '../storage';
import { type AuditEntry, AuditEntrySchema, type AuditRecord } from './entry';

export {
  type ChainProblem,
  type ChainVerdict,
  GENESIS_HASH,
  headHash,
  isCall,
  isTrim,
  verifyChain,
} from './chain';
export {
  type AuditEntry,
  AuditEntrySchema,
  type AuditRecord,
  AuditRecordSchema,
  type ChainedEntry,
  type TrimMarker,
} from './entry';
export { csvCell, toCsv, toJson, verdictText } from './export';
export { AUDIT_RETENTION_LIMIT, type AuditRetention };

/** The change history as stored, oldest first: calls and retention trims, hash-chained. */
export async function listAudit(): Promise<AuditRecord[]> {
  return (await auditLogItem.get()).entries;
}

/** How many calls the retention rule has removed so far. */
export async function auditRetention(): Promise<AuditRetention> {
  return (await auditLogItem.get()).retention;
}

/** Appends one entry to the chain under the retention rule; writes are queued so none is lost. */
export async function appendAudit(entry: AuditEntry): Promise<void> {
  const checked = AuditEntrySchema.parse(entry);
  await auditLogItem.update((log) => withAuditEntry(log, checked));
}

export const REGISTRATION_WINDOW_MS = 72 * 3_600_000;

/** Register/deregister calls Residency has seen for a number in the last 72 hours. */
export function registrationCallsSince(
  records: readonly (AuditEntry | AuditRecord)[],
  phoneNumberId: string,
  now: number,
): number {
  return records
    .filter((e): e is AuditEntry => !('kind' in e))
    .filter(
      (e) =>
        e.phoneNumberId === phoneNumberId &&
        (e.action === 'register' || e.action === 'deregister') &&
        now - Date.parse(e.at) < REGISTRATION_WINDOW_MS,
    ).length;
}
