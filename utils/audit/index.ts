import { storage } from 'wxt/utils/storage';
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

export const MAX_AUDIT_ENTRIES = 2000;
const auditItem = storage.defineItem<unknown>('local:auditLog');
let writes: Promise<unknown> = Promise.resolve();

export async function listAudit(): Promise<AuditEntry[]> {
  const parsed = z.array(AuditEntrySchema).safeParse(await auditItem.getValue());
  return parsed.success ? parsed.data : [];
}

/** Appends one entry (oldest dropped past the cap); writes are queued so none is lost. */
export function appendAudit(entry: AuditEntry): Promise<void> {
  const next = writes
    .catch(() => undefined)
    .then(async () => {
      const all = [...(await listAudit()), AuditEntrySchema.parse(entry)];
      await auditItem.setValue(all.slice(-MAX_AUDIT_ENTRIES));
    });
  writes = next;
  return next;
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
