import { z } from 'zod';
import { AuditEntrySchema } from '../audit';
import { FLOW_KINDS, FlowStateSchema, TargetSchema } from '../change-flow/machine';
import {
  FleetRowSchema,
  FleetWabaSchema,
  ScanProgressSchema,
  ScanStateSchema,
} from '../fleet/model';
import { PhoneNumberSchema, SerializedGraphErrorSchema, SettingsSchema } from '../graph';
import { PolicySchema } from '../policy';
import { PreferencesSchema, RecentNumberSchema } from '../storage';

/**
 * The one protocol between Residency's parts. Every message to the background is parsed with
 * RequestSchema; anything that does not parse is refused. Who may send what is decided in
 * `senderMayAsk` below, not by the caller.
 */

const digits = z.string().regex(/^\d{1,30}$/);
/** Two-step verification PIN: only ever in a message from an extension page, never stored. */
const pin = z.string().regex(/^\d{6}$/);

export const RequestSchema = z.discriminatedUnion('type', [
  /** Content script: the Manager page in this tab now shows this URL. */
  z.object({ type: z.literal('page.changed'), url: z.string().max(4096) }),
  /** What the tab shows and what Residency found for it (own tab if tabId is omitted). */
  z.object({ type: z.literal('tab.context'), tabId: z.number().int().nonnegative().optional() }),
  /** Re-run detection for a tab (e.g. after a token was saved). */
  z.object({ type: z.literal('tab.refresh'), tabId: z.number().int().nonnegative().optional() }),
  /** Status of one number: from cache at once, refreshed from Graph when stale or forced. */
  z.object({
    type: z.literal('number.status'),
    phoneNumberId: digits,
    force: z.boolean().optional(),
  }),
  /** Every number of a WABA (all pages), with its settings. */
  z.object({ type: z.literal('waba.numbers'), wabaId: digits, force: z.boolean().optional() }),
  z.object({ type: z.literal('token.info') }),
  z.object({ type: z.literal('token.save'), token: z.string().trim().min(1).max(4096) }),
  z.object({ type: z.literal('token.check') }),
  z.object({ type: z.literal('token.clear') }),
  z.object({
    type: z.literal('preferences.update'),
    patch: z.object({
      graphVersion: z
        .string()
        .regex(/^v\d+\.0$/)
        .nullable()
        .optional(),
      panelCollapsed: z.boolean().optional(),
    }),
  }),
  z.object({ type: z.literal('recent.list') }),
  /** The unfinished and the latest change of a number, and registration calls seen in 72 h. */
  z.object({ type: z.literal('flow.summary'), phoneNumberId: digits }),
  z.object({
    type: z.literal('flow.start'),
    kind: z.enum(FLOW_KINDS),
    phoneNumberId: digits,
    target: TargetSchema.optional(),
    pin: pin.optional(),
  }),
  z.object({ type: z.literal('flow.resume'), flowId: z.string().uuid(), pin: pin.optional() }),
  z.object({ type: z.literal('flow.goBack'), flowId: z.string().uuid(), pin }),
  z.object({ type: z.literal('flow.dismiss'), flowId: z.string().uuid() }),
  z.object({
    type: z.literal('flow.requestCode'),
    flowId: z.string().uuid(),
    method: z.enum(['SMS', 'VOICE']),
    language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/),
  }),
  z.object({
    type: z.literal('flow.verifyCode'),
    flowId: z.string().uuid(),
    code: z.string().regex(/^\d{6}$/),
    pin: pin.optional(),
  }),
  z.object({ type: z.literal('audit.list') }),
  /** Every unfinished change, whatever number it is for (surfaced in the popup). */
  z.object({ type: z.literal('flow.listActive') }),
  // ---- Fleet (utils/background/fleet.ts) ----
  /** The fleet scan as it stands (continuing a stored one that stopped), or null. */
  z.object({ type: z.literal('fleet.state') }),
  /** Starts a new scan of every number the token reaches. */
  z.object({ type: z.literal('fleet.scan') }),
  /** Reads one failed number, or lists one failed WABA, again. */
  z.object({ type: z.literal('fleet.retry'), phoneNumberId: digits }),
  z.object({ type: z.literal('fleet.retryWaba'), wabaId: digits }),
  z.object({ type: z.literal('policy.get') }),
  z.object({ type: z.literal('policy.set'), policy: PolicySchema }),
]);
export type Request = z.infer<typeof RequestSchema>;
export type RequestType = Request['type'];

/** Messages the content script may send; everything else needs an extension page. */
export const CONTENT_SCRIPT_REQUESTS: ReadonlySet<RequestType> = new Set(['page.changed']);

export interface SenderInfo {
  /** URL of the document that sent the message. */
  url?: string;
  /** Tab the sender lives in (content scripts, and extension frames inside a tab). */
  tabId?: number;
  /** Extension id of the sender. */
  id?: string;
}

/** True when the sender is one of our own extension documents (popup, options, panel frame). */
export function isExtensionPage(sender: SenderInfo, extensionOrigin: string, extensionId: string) {
  return sender.id === extensionId && !!sender.url && sender.url.startsWith(extensionOrigin);
}

/**
 * Decides whether a sender may make a request. Content scripts run in a page we do not control,
 * so they may only report navigation in their own tab.
 */
export function senderMayAsk(
  request: Request,
  sender: SenderInfo,
  extensionOrigin: string,
  extensionId: string,
): boolean {
  if (sender.id !== extensionId) return false;
  if (isExtensionPage(sender, extensionOrigin, extensionId)) return request.type !== 'page.changed';
  return CONTENT_SCRIPT_REQUESTS.has(request.type) && sender.tabId !== undefined;
}

/** Name of the port extension pages open to receive broadcasts. */
export const BROADCAST_PORT = 'residency:broadcasts';

/** Broadcasts from the background to open extension pages. */
export const BroadcastSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('context.changed'), tabId: z.number().int() }),
  z.object({ type: z.literal('status.changed'), phoneNumberId: digits }),
  /** A background refresh of a cached status failed; the cached one is still shown. */
  z.object({
    type: z.literal('status.refreshFailed'),
    phoneNumberId: digits,
    error: SerializedGraphErrorSchema,
  }),
  z.object({ type: z.literal('token.changed') }),
  z.object({ type: z.literal('flow.changed'), phoneNumberId: digits }),
  /** The fleet scan moved on: its counts, its WABAs and the rows that changed. */
  z.object({
    type: z.literal('fleet.changed'),
    progress: ScanProgressSchema,
    wabas: z.array(FleetWabaSchema),
    rows: z.array(FleetRowSchema),
  }),
  z.object({ type: z.literal('policy.changed'), policy: PolicySchema }),
]);
export type Broadcast = z.infer<typeof BroadcastSchema>;

// ---- Replies -------------------------------------------------------------------------------

export const TabResolutionSchema = z.enum([
  'no-page', // not a Manager page Residency understands
  'no-token', // a Manager page, but no token is stored yet
  'waba', // names a WABA but no number: show the WABA's numbers
  'resolving', // looking the number up
  'resolved', // phoneNumberId found
  'not-found', // the WABA has no number with these digits
  'error', // Graph failed; see error
]);
export type TabResolution = z.infer<typeof TabResolutionSchema>;

export const ManagerPageSchema = z.object({
  businessId: z.string().optional(),
  wabaId: z.string().optional(),
  phoneNumber: z.object({ raw: z.string(), digits: z.string() }).optional(),
  section: z.enum(['home', 'phone-numbers', 'phone-profile', 'message-templates', 'other']),
  childRoute: z.string().optional(),
});

export const TabContextSchema = z.object({
  tabId: z.number().int(),
  url: z.string(),
  page: ManagerPageSchema.nullable(),
  resolution: TabResolutionSchema,
  phoneNumberId: z.string().optional(),
  error: SerializedGraphErrorSchema.optional(),
  updatedAt: z.number(),
});
export type TabContext = z.infer<typeof TabContextSchema>;

export const NumberStatusReplySchema = z.object({
  phoneNumberId: z.string(),
  phone: PhoneNumberSchema,
  settings: SettingsSchema,
  readAt: z.number(),
  /** True when served from cache and a refresh is under way. */
  stale: z.boolean(),
});
export type NumberStatusReply = z.infer<typeof NumberStatusReplySchema>;

export const WabaNumbersReplySchema = z.object({
  wabaId: z.string(),
  numbers: z.array(
    z.object({
      phone: PhoneNumberSchema,
      settings: SettingsSchema.optional(),
      error: SerializedGraphErrorSchema.optional(),
    }),
  ),
  readAt: z.number(),
});
export type WabaNumbersReply = z.infer<typeof WabaNumbersReplySchema>;

export const TokenInfoSchema = z.object({
  hasToken: z.boolean(),
  savedAt: z.number().optional(),
  /** Last four characters only; the token is never shown again in full. */
  tokenHint: z.string().max(4).optional(),
  graphVersion: z.string().nullable(),
  effectiveVersion: z.string(),
});
export type TokenInfo = z.infer<typeof TokenInfoSchema>;

export const TokenCheckSchema = z.object({
  user: z.object({ id: z.string(), name: z.string().optional() }),
  granted: z.array(z.string()),
  missing: z.array(z.string()),
  /** The WhatsApp Business Accounts the token's system user is assigned to. */
  wabas: z.array(z.object({ id: z.string(), name: z.string().optional() })).optional(),
  /** Why that list could not be read (the token may still work for the accounts it sees). */
  wabasError: SerializedGraphErrorSchema.optional(),
  checkedAt: z.number(),
});
export type TokenCheck = z.infer<typeof TokenCheckSchema>;

export const REQUIRED_PERMISSIONS = [
  'whatsapp_business_management',
  'whatsapp_business_messaging',
] as const;

export const FlowSummarySchema = z.object({
  active: FlowStateSchema.nullable(),
  latest: FlowStateSchema.nullable(),
  registrationCallsSeen: z.number().int().nonnegative(),
});
export type FlowSummary = z.infer<typeof FlowSummarySchema>;

export const ReplySchemas = {
  'page.changed': z.null(),
  'tab.context': TabContextSchema.nullable(),
  'tab.refresh': TabContextSchema.nullable(),
  'number.status': NumberStatusReplySchema,
  'waba.numbers': WabaNumbersReplySchema,
  'token.info': TokenInfoSchema,
  'token.save': TokenCheckSchema,
  'token.check': TokenCheckSchema,
  'token.clear': z.null(),
  'preferences.update': PreferencesSchema,
  'recent.list': z.array(RecentNumberSchema),
  'flow.summary': FlowSummarySchema,
  'flow.start': FlowStateSchema,
  'flow.resume': FlowStateSchema,
  'flow.goBack': FlowStateSchema,
  'flow.dismiss': FlowStateSchema,
  'flow.requestCode': FlowStateSchema,
  'flow.verifyCode': FlowStateSchema,
  'audit.list': z.array(AuditEntrySchema),
  'flow.listActive': z.array(FlowStateSchema),
  'fleet.state': ScanStateSchema.nullable(),
  'fleet.scan': ScanProgressSchema,
  'fleet.retry': ScanProgressSchema,
  'fleet.retryWaba': ScanProgressSchema,
  'policy.get': PolicySchema,
  'policy.set': PolicySchema,
} satisfies Record<RequestType, z.ZodType>;

export type ReplyOf<T extends RequestType> = z.infer<(typeof ReplySchemas)[T]>;
export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;

export const EnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: SerializedGraphErrorSchema }),
]);
export type Envelope = z.infer<typeof EnvelopeSchema>;
