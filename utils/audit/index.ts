import {
  AUDIT_RETENTION_LIMIT,
  type AuditRetention,
  auditLogItem,
  withAuditEntry,
} from '../storage';
import { type AuditEntry, AuditEntrySchema } from './entry';

export { type AuditEntry, AuditEntrySchema } from './entry';
export { AUDIT_RETENTION_LIMIT, type AuditRetention };

/** The change history, oldest first (see the retention rule in utils/storage). */
export async function listAudit(): Promise<AuditEntry[]> {
  return (await auditLogItem.get()).entries;
}

/** How many calls the retention rule has removed so far. */
export async function auditRetention(): Promise<AuditRetention> {
  return (await auditLogItem.get()).retention;
}

/** Appends one entry under the retention rule; writes are queued so none is lost. */
export async function appendAudit(entry: AuditEntry): Promise<void> {
  const checked = AuditEntrySchema.parse(entry);
  await auditLogItem.update((log) => withAuditEntry(log, checked));
}

export const REGISTRATION_WINDOW_MS = 72 * 3_600_000;

/** Register/deregister calls Residency has seen for a number in the last 72 hours. */
export function registrationCallsSince(
  entries: AuditEntry[],
  phoneNumberId: string,
  now: number,
): number {
  return entries.filter(
    (e) =>
      e.phoneNumberId === phoneNumberId &&
      (e.action === 'register' || e.action === 'deregister') &&
      now - Date.parse(e.at) < REGISTRATION_WINDOW_MS,
  ).length;
}

const COLUMNS: (keyof AuditEntry)[] = [
  'at',
  'phoneNumberId',
  'displayPhoneNumber',
  'action',
  'regionBefore',
  'regionAfter',
  'result',
  'errorCode',
  'fbtraceId',
  'flowId',
];

/** One CSV cell: quoted per RFC 4180, and never read as a formula by a spreadsheet. */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(entries: AuditEntry[]): string {
  const rows = [
    COLUMNS.join(','),
    ...entries.map((e) => COLUMNS.map((c) => csvCell(e[c])).join(',')),
  ];
  return `${rows.join('\r\n')}\r\n`;
}

export const toJson = (entries: AuditEntry[]) => `${JSON.stringify(entries, null, 2)}\n`;
