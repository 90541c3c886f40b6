import { z } from 'zod';
import { AuditRecordSchema } from '../audit/entry';
import { FlowStateSchema, PinSchema, VerificationCodeSchema } from '../change-flow/flow-schema';
import { FLOW_KINDS, isAllowedTarget } from '../change-flow/machine';
import {
  FleetRowSchema,
  FleetWabaSchema,
  ScanProgressSchema,
  ScanStateSchema,
} from '../fleet/model';
import { PhoneNumberSchema, SerializedGraphErrorSchema, SettingsSchema } from '../graph';
import { MANAGER_HOST } from '../manager-page';
import { PolicySchema } from '../policy/schema';
import { PreferencesSchema, RecentNumberSchema, StoredDataReportSchema } from '../storage';
import { CheckCallsSchema, WatchSettingsSchema, WatchStateSchema } from '../watch/model';
import { TabContextSchema } from './tab-context';

export { BROADCAST_PORT } from './port';
export * from './tab-context';

/**
 * The one protocol between Residency's parts. Every message to the background is parsed with
 * RequestSchema; anything that does not parse is refused. Who may send what is decided in
 * `senderMayAsk` below, not by the caller.
 */

const digits = z.string().regex(/^\d{1,30}$/);
/** Two-step verification PIN: only ever in a message from an extension page, never stored. */
const pin = PinSchema;

export const RequestSchema = z.discriminatedUnion('type', [
  /** Content script: the Manager page in this tab now shows this URL. */
  z.object({ type: z.literal('page.changed'), url: z.string().max(4096) }),
  /** Content script: a one-time token for the panel frame it is about to put in its tab. */
  z.object({ type: z.literal('panel.frameToken'), evenIfHidden: z.boolean().optional() }),
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
  /** Who the token belongs to (`GET /me`), for the evidence report's "run by". */
  z.object({ type: z.literal('me.read') }),
  /** The settings, for pages that show one (extension pages never read storage themselves). */
  z.object({ type: z.literal('preferences.get') }),
  z.object({
    type: z.literal('preferences.update'),
    patch: PreferencesSchema.partial(),
  }),
  /** Where Residency is hidden; `here` is the given tab's page (the sender's own for the panel). */
  z.object({ type: z.literal('overlay.visibility'), tabId: z.number().int().optional() }),
  /**
   * Hides or shows Residency on every Manager page, or on one: the page a key names, else the
   * given tab's page (the sender's own tab for the panel).
   */
  z.object({
    type: z.literal('overlay.setHidden'),
    hidden: z.boolean(),
    scope: z.enum(['everywhere', 'page']),
    pageKey: z.string().min(1).max(200).optional(),
    tabId: z.number().int().optional(),
  }),
  z.object({ type: z.literal('recent.list') }),
  /** The overlay: open the change window for its tab (Firefox gives framed pages no windows API). */
  z.object({ type: z.literal('window.openChange') }),
  /** The unfinished and the latest change of a number, and registration calls seen in 72 h. */
  z.object({ type: z.literal('flow.summary'), phoneNumberId: digits }),
  /** A new change; the runner also checks that the kind fits the number ('revert' never does). */
  z.object({
    type: z.literal('flow.start'),
    kind: z.enum(FLOW_KINDS),
    phoneNumberId: digits,
    /** One of the 14 regions, or 'default'. */
    target: z.string().refine(isAllowedTarget).optional(),
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
    code: VerificationCodeSchema,
    pin: pin.optional(),
  }),
  z.object({ type: z.literal('audit.list') }),
  /** Kept-aside data, items a newer version stored, and the change history's retention. */
  z.object({ type: z.literal('storage.report') }),
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
  // ---- Fleet watch (utils/background/watch.ts) ----
  /** The watch's settings, record of changes and gaps, and the calls a check makes. */
  z.object({ type: z.literal('watch.get') }),
  /** Turns the watch on or off, or changes its interval or its cap on calls per check. */
  z.object({ type: z.literal('watch.configure'), settings: WatchSettingsSchema.partial() }),
  /** Runs one check at once. */
  z.object({ type: z.literal('watch.checkNow') }),
  /** The person looked at the list of changes: the badge counts only later ones. */
  z.object({ type: z.literal('watch.seen') }),
]);
export type Request = z.infer<typeof RequestSchema>;
export type RequestType = Request['type'];

/** Messages the content script may send; everything else needs an extension page. */
export const CONTENT_SCRIPT_REQUESTS: ReadonlySet<RequestType> = new Set([
  'page.changed',
  'panel.frameToken',
]);

/**
 * Requests a framed panel never makes: the token is typed and checked only in the popup and the
 * options page, top-level extension documents that no web page can frame or overlay.
 */
export const NEVER_FROM_FRAMES: ReadonlySet<RequestType> = new Set([
  'token.save',
  'token.check',
  'token.clear',
  // The policy is set on the fleet overview page only, never from a frame inside a site.
  'policy.set',
  // Nor is the watch, which spends the customer's Graph API budget.
  'watch.configure',
  'watch.checkNow',
  'watch.seen',
]);

export interface SenderInfo {
  /** URL of the document that sent the message. */
  url?: string;
  /** Tab the sender lives in (content scripts, and extension frames inside a tab). */
  tabId?: number;
  /** URL of that tab's top document, as the browser reports it (absent where it may not). */
  tabUrl?: string;
  /** 0 for a tab's top document; more for frames inside it. */
  frameId?: number;
  /** Extension id of the sender. */
  id?: string;
  /** Whether the frame token in the sender's URL was issued for its tab (checked by the router). */
  frameTokenValid?: boolean;
}

const urlOf = (value: string | undefined) => (value && URL.canParse(value) ? new URL(value) : null);

/**
 * True when the sender is one of our own extension documents (popup, options, panel frame).
 * Chrome's `use_dynamic_url` gives the framed panel a per-session origin instead of the
 * extension id's, so an extension-scheme URL from our own extension id counts too.
 */
export function isExtensionPage(sender: SenderInfo, extensionOrigin: string, extensionId: string) {
  if (sender.id !== extensionId || !sender.url) return false;
  if (sender.url.startsWith(extensionOrigin)) return true;
  const protocol = urlOf(sender.url)?.protocol;
  return protocol === 'chrome-extension:' || protocol === 'moz-extension:';
}

/** An extension page inside a frame of a tab, or the panel page wherever it was opened. */
export function isFramedPage(sender: SenderInfo): boolean {
  return (sender.frameId ?? 0) > 0 || urlOf(sender.url)?.pathname === '/panel.html';
}

/**
 * Decides whether a sender may make a request. Content scripts run in a page we do not control,
 * so they may only report navigation in their own tab and ask for a frame token. A framed
 * extension page counts only inside a Manager tab with the frame token issued for that tab,
 * and never handles the token.
 */
export function senderMayAsk(
  request: Request,
  sender: SenderInfo,
  extensionOrigin: string,
  extensionId: string,
): boolean {
  if (sender.id !== extensionId) return false;
  if (isExtensionPage(sender, extensionOrigin, extensionId)) {
    if (CONTENT_SCRIPT_REQUESTS.has(request.type)) return false;
    if (!isFramedPage(sender)) return true;
    return (
      sender.frameTokenValid === true &&
      urlOf(sender.tabUrl)?.origin === `https://${MANAGER_HOST}` &&
      !NEVER_FROM_FRAMES.has(request.type)
    );
  }
  return CONTENT_SCRIPT_REQUESTS.has(request.type) && sender.tabId !== undefined;
}

/** The watch as the overview shows it: what is stored, without the last check's every number. */
export const WatchViewSchema = WatchStateSchema.omit({ baseline: true }).extend({
  /** The calls the next check would make, from the fleet the last scan listed. */
  estimate: CheckCallsSchema.optional(),
  /** When the alarm runs the next check (while the watch is on). */
  nextCheckAt: z.number().optional(),
  /** Numbers that changed since the person last looked (the badge's count). */
  driftedSinceSeen: z.number().int().nonnegative(),
});
export type WatchView = z.infer<typeof WatchViewSchema>;

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
  /** The settings changed (the overlay's corner, hiding it on Manager pages, ...). */
  z.object({ type: z.literal('preferences.changed'), preferences: PreferencesSchema }),
  z.object({ type: z.literal('flow.changed'), phoneNumberId: digits }),
  /** The fleet scan moved on: its counts, its WABAs and the rows that changed. */
  z.object({
    type: z.literal('fleet.changed'),
    progress: ScanProgressSchema,
    wabas: z.array(FleetWabaSchema),
    rows: z.array(FleetRowSchema),
  }),
  z.object({ type: z.literal('policy.changed'), policy: PolicySchema }),
  z.object({ type: z.literal('watch.changed'), watch: WatchViewSchema }),
]);
export type Broadcast = z.infer<typeof BroadcastSchema>;

// ---- Replies -------------------------------------------------------------------------------

export const NumberStatusReplySchema = z.object({
  phoneNumberId: z.string(),
  phone: PhoneNumberSchema,
  settings: SettingsSchema,
  readAt: z.number(),
  /** True when served from cache and a refresh is under way. */
  stale: z.boolean(),
});
export type NumberStatusReply = z.infer<typeof NumberStatusReplySchema>;

/**
 * A tab's context, and the status of its number when the background has a fresh one cached:
 * a view then shows the number without asking for it (one message to the background, not two).
 */
export const TabContextReplySchema = TabContextSchema.extend({
  status: NumberStatusReplySchema.optional(),
});
export type TabContextReply = z.infer<typeof TabContextReplySchema>;

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

/** The token's system user as Meta named it just now, with the version and trace of that read. */
export const MeReplySchema = z.object({
  user: z.object({ id: z.string(), name: z.string().optional() }),
  apiVersion: z.string(),
  traceId: z.string().optional(),
  readAt: z.number(),
});
export type MeReply = z.infer<typeof MeReplySchema>;

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

/** Where the person hid Residency, and whether the page asked about is one of those places. */
export const OverlayVisibilitySchema = z.object({
  everywhere: z.boolean(),
  pages: z.array(z.string()),
  /** The tab's Manager page, if it shows one. */
  here: z.object({ key: z.string(), hidden: z.boolean() }).optional(),
});
export type OverlayVisibility = z.infer<typeof OverlayVisibilitySchema>;

export const ReplySchemas = {
  'page.changed': z.null(),
  /** No token while the person has hidden Residency on Manager pages. */
  'panel.frameToken': z.object({ hidden: z.boolean(), token: z.string().optional() }),
  'tab.context': TabContextReplySchema.nullable(),
  'tab.refresh': TabContextSchema.nullable(),
  'number.status': NumberStatusReplySchema,
  'waba.numbers': WabaNumbersReplySchema,
  'token.info': TokenInfoSchema,
  'token.save': TokenCheckSchema,
  'token.check': TokenCheckSchema,
  'token.clear': z.null(),
  'me.read': MeReplySchema,
  'preferences.get': PreferencesSchema,
  'preferences.update': PreferencesSchema,
  'overlay.visibility': OverlayVisibilitySchema,
  'overlay.setHidden': OverlayVisibilitySchema,
  'recent.list': z.array(RecentNumberSchema),
  'window.openChange': z.null(),
  'flow.summary': FlowSummarySchema,
  'flow.start': FlowStateSchema,
  'flow.resume': FlowStateSchema,
  'flow.goBack': FlowStateSchema,
  'flow.dismiss': FlowStateSchema,
  'flow.requestCode': FlowStateSchema,
  'flow.verifyCode': FlowStateSchema,
  'audit.list': z.array(AuditRecordSchema),
  'storage.report': StoredDataReportSchema,
  'flow.listActive': z.array(FlowStateSchema),
  'fleet.state': ScanStateSchema.nullable(),
  'fleet.scan': ScanProgressSchema,
  'fleet.retry': ScanProgressSchema,
  'fleet.retryWaba': ScanProgressSchema,
  'policy.get': PolicySchema,
  'policy.set': PolicySchema,
  'watch.get': WatchViewSchema,
  'watch.configure': WatchViewSchema,
  'watch.checkNow': WatchViewSchema,
  'watch.seen': WatchViewSchema,
} satisfies Record<RequestType, z.ZodType>;

export type ReplyOf<T extends RequestType> = z.infer<(typeof ReplySchemas)[T]>;
export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;

export const EnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: SerializedGraphErrorSchema }),
]);
export type Envelope = z.infer<typeof EnvelopeSchema>;
