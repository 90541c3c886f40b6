import { z } from 'zod';
import { PhoneNumberSchema, SerializedGraphErrorSchema, SettingsSchema } from '../graph';

/**
 * The fleet scan as data: every WABA the token is assigned to, every number in each, and how
 * far the scan got. It is stored (`fleetScan` in utils/storage/index.ts) so a scan survives a restarted
 * service worker, and sent to the overview page as is.
 */

const digits = z.string().regex(/^\d{1,30}$/);

export const ROW_STATES = ['pending', 'done', 'failed'] as const;
export type RowState = (typeof ROW_STATES)[number];

/** One number: its list fields, and the read of its settings once done. */
export const FleetRowSchema = z.object({
  phoneNumberId: digits,
  wabaId: digits,
  phone: PhoneNumberSchema,
  state: z.enum(ROW_STATES),
  settings: SettingsSchema.optional(),
  /** When the settings were read (ms since epoch). */
  readAt: z.number().optional(),
  /** Meta's x-fb-trace-id of that read: the evidence's reference at Meta. */
  traceId: z.string().optional(),
  /** The Graph API version that answered it. */
  apiVersion: z.string().optional(),
  error: SerializedGraphErrorSchema.optional(),
});
export type FleetRow = z.infer<typeof FleetRowSchema>;

/** A WABA: its number list is read page by page; `after` is where the next page starts. */
export const FleetWabaSchema = z.object({
  id: digits,
  name: z.string().optional(),
  state: z.enum(['listing', 'listed', 'failed']),
  after: z.string().optional(),
  pages: z.number().int().nonnegative(),
  error: SerializedGraphErrorSchema.optional(),
});
export type FleetWaba = z.infer<typeof FleetWabaSchema>;

/** A rate-limit wait Meta asked for: every call pauses until `until`. */
export const ScanWaitSchema = z.object({
  until: z.number(),
  code: z.number().int().optional(),
  traceId: z.string().optional(),
});
export type ScanWait = z.infer<typeof ScanWaitSchema>;

export const SCAN_PHASES = ['wabas', 'numbers', 'done', 'failed'] as const;
export type ScanPhase = (typeof SCAN_PHASES)[number];

export const ScanStateSchema = z.object({
  id: z.string().min(1),
  startedAt: z.number(),
  finishedAt: z.number().optional(),
  /** 'wabas': finding the assigned WABAs; 'numbers': listing and reading; then done/failed. */
  phase: z.enum(SCAN_PHASES),
  /** Why the scan as a whole stopped (the token, or the list of WABAs). */
  error: SerializedGraphErrorSchema.optional(),
  wabas: z.array(FleetWabaSchema),
  /** In the order the pages listed them (an array: copied fast on every change). */
  rows: z.array(FleetRowSchema),
  wait: ScanWaitSchema.optional(),
  /** Rate-limit errors since the last success; the backoff grows with it when Meta gives no time. */
  streak: z.number().int().nonnegative(),
  stats: z.object({
    requests: z.number().int().nonnegative(),
    rateLimited: z.number().int().nonnegative(),
  }),
});
export type ScanState = z.infer<typeof ScanStateSchema>;

/** Counts for the progress bar; derived, never stored. */
export const ScanProgressSchema = z.object({
  scanId: z.string(),
  phase: z.enum(SCAN_PHASES),
  wabasTotal: z.number().int(),
  wabasListed: z.number().int(),
  wabasFailed: z.number().int(),
  numbersTotal: z.number().int(),
  numbersDone: z.number().int(),
  numbersFailed: z.number().int(),
  wait: ScanWaitSchema.optional(),
  error: SerializedGraphErrorSchema.optional(),
  startedAt: z.number(),
  finishedAt: z.number().optional(),
});
export type ScanProgress = z.infer<typeof ScanProgressSchema>;
