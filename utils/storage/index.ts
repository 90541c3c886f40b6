import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { appendToChain, chainEntries } from '../audit/chain';
import {
  type AuditEntry,
  AuditEntrySchema,
  type AuditRecord,
  AuditRecordSchema,
} from '../audit/entry';
import { FlowStateSchema } from '../change-flow/flow-schema';
import type { FlowState } from '../change-flow/machine';
import { type ScanState, ScanStateSchema } from '../fleet/model';
import { type TabContext, TabContextSchema } from '../messaging/tab-context';
import { EMPTY_POLICY, type Policy } from '../policy';
import { PolicySchema } from '../policy/schema';
import { EMPTY_WATCH, type WatchState, WatchStateSchema } from '../watch/model';
import {
  defineStored,
  describeIssues,
  type ItemSpec,
  type PrepareResult,
  type Reading,
  readList,
  readRecord,
  readValue,
  StoredByNewerVersionError,
  type StoredItem,
  setKeepAside,
  type Unreadable,
} from './define';

export { StoredByNewerVersionError };

import { UI_LOCALES } from '../i18n';
import { DEFAULT_OVERLAY_CORNER, OVERLAY_CORNERS } from '../panel-frame';
import { HIDDEN_PAGES_MAX } from '../panel-frame/hidden-pages';

/**
 * Every value Residency keeps, declared once, with the version of its shape (see ./define.ts
 * for how versions, migrations and kept-aside data work, and docs/architecture.md).
 * Everything lives in `local:` (never `sync:`), so the token never leaves this browser; tab
 * contexts live in `session:`, which the browser empties on every restart and update.
 * Only the background writes; pages read through the background's messages.
 */

// ---- Token -------------------------------------------------------------------------------

export const StoredTokenSchema = z.object({
  value: z.string().min(1),
  savedAt: z.number(),
});
export type StoredToken = z.infer<typeof StoredTokenSchema>;

export const tokenItem = defineStored<StoredToken | null>({
  key: 'local:token',
  memo: true,
  version: 1,
  fallback: null,
  read: readValue(StoredTokenSchema.nullable(), null),
  whenUnreadable: 'keep-aside',
  secret: true,
});

export const tokenStore = {
  get: () => tokenItem.get(),
  set: (value: string, now = Date.now()) => tokenItem.set({ value, savedAt: now }),
  clear: () => tokenItem.set(null),
};

// ---- Settings and panel state ------------------------------------------------------------

/** The corner of the Manager page where the Residency pill docks. */
export const OverlayCornerSchema = z.enum(OVERLAY_CORNERS);

export const PreferencesSchema = z.object({
  /** null = always use the newest live Graph API version. */
  graphVersion: z
    .string()
    .regex(/^v\d+\.0$/)
    .nullable(),
  overlayCorner: OverlayCornerSchema,
  /** The person chose not to see Residency on any Manager page (undone in the popup or settings). */
  overlayHidden: z.boolean(),
  /** Manager pages (see `managerPageKey`) where the person hid Residency; undone the same way. */
  overlayHiddenPages: z.array(z.string().min(1).max(200)).max(HIDDEN_PAGES_MAX),
  /** The UI language: 'auto' follows the browser's. */
  language: z.enum(['auto', ...UI_LOCALES]),
  /** Light or dark: 'auto' follows the system (extension pages) or the Manager page (overlay). */
  appearance: z.enum(['auto', 'light', 'dark']),
});
export type Preferences = z.infer<typeof PreferencesSchema>;
export const DEFAULT_PREFERENCES: Preferences = {
  graphVersion: null,
  overlayCorner: DEFAULT_OVERLAY_CORNER,
  overlayHidden: false,
  overlayHiddenPages: [],
  language: 'auto',
  appearance: 'auto',
};

/** Each setting that reads is kept; a value that does not is set aside whole. */
function readPreferences(raw: unknown): Reading<Preferences> {
  const whole = PreferencesSchema.safeParse(raw);
  if (whole.success) return { value: whole.data, unreadable: [] };
  const fields = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const value = { ...DEFAULT_PREFERENCES };
  for (const name of Object.keys(DEFAULT_PREFERENCES) as (keyof Preferences)[]) {
    const field = PreferencesSchema.shape[name].safeParse(fields[name]);
    if (field.success) Object.assign(value, { [name]: field.data });
  }
  return { value, unreadable: [{ raw, reason: describeIssues(whole.error) }] };
}

export const preferencesItem = defineStored<Preferences>({
  key: 'local:preferences',
  memo: true,
  // 2: the in-page panel became an overlay: `panelCollapsed` (the overlay always starts as a
  // collapsed pill) gave way to the pill's corner and the choice to hide it.
  // 3: hiding Residency per Manager page, the UI language and the light/dark choice.
  version: 3,
  migrations: {
    2: (previous) => {
      const { panelCollapsed: _replaced, ...rest } =
        previous && typeof previous === 'object' ? (previous as Record<string, unknown>) : {};
      return { overlayCorner: 'bottom-right', overlayHidden: false, ...rest };
    },
    3: (previous) => ({
      overlayHiddenPages: [],
      language: 'auto',
      appearance: 'auto',
      ...(previous && typeof previous === 'object' ? previous : {}),
    }),
  },
  fallback: DEFAULT_PREFERENCES,
  read: readPreferences,
  whenUnreadable: 'keep-aside',
});

export const preferencesStore = {
  get: () => preferencesItem.get(),
  update: (patch: Partial<Preferences>) =>
    preferencesItem.update((current) => PreferencesSchema.parse({ ...current, ...patch })),
  watch: (cb: (p: Preferences) => void) => preferencesItem.watch(cb),
};

// ---- Recent numbers ----------------------------------------------------------------------

export const RecentNumberSchema = z.object({
  phoneNumberId: z.string().regex(/^\d+$/),
  wabaId: z.string().regex(/^\d+$/).optional(),
  displayPhoneNumber: z.string().optional(),
  verifiedName: z.string().optional(),
  seenAt: z.number(),
});
export type RecentNumber = z.infer<typeof RecentNumberSchema>;
export const MAX_RECENT_NUMBERS = 10;

export const recentNumbersItem = defineStored<RecentNumber[]>({
  key: 'local:recentNumbers',
  version: 1,
  fallback: [],
  read: readList(RecentNumberSchema),
  whenUnreadable: 'keep-aside',
});

export const recentNumbersStore = {
  get: () => recentNumbersItem.get(),
  /** Most recent first, one entry per number, at most MAX_RECENT_NUMBERS (a convenience list). */
  remember: (entry: RecentNumber) =>
    skipWhenNewer(
      recentNumbersItem.update((list) =>
        [entry, ...list.filter((r) => r.phoneNumberId !== entry.phoneNumberId)].slice(
          0,
          MAX_RECENT_NUMBERS,
        ),
      ),
    ),
};

// ---- Status cache ------------------------------------------------------------------------

/** Raw Graph answers for one number, as last read, so status shows instantly next time. */
export const CachedStatusSchema = z.object({
  phone: z.record(z.string(), z.unknown()),
  settings: z.record(z.string(), z.unknown()),
  readAt: z.number(),
});
export type CachedStatus = z.infer<typeof CachedStatusSchema>;

// A cache of what Meta reports: an entry that does not read is read from Meta again.
export const statusCacheItem = defineStored<Record<string, CachedStatus>>({
  key: 'local:statusCache',
  memo: true,
  version: 1,
  fallback: {},
  read: readRecord(CachedStatusSchema),
  whenUnreadable: 'discard',
});

export const statusCacheStore = {
  getAll: () => statusCacheItem.get(),
  get: async (phoneNumberId: string) => (await statusCacheItem.get())[phoneNumberId] ?? null,
  put: (phoneNumberId: string, entry: CachedStatus) =>
    statusCacheStore.putMany([[phoneNumberId, entry]]),
  putMany: (entries: ReadonlyArray<readonly [string, CachedStatus]>) =>
    skipWhenNewer(
      statusCacheItem.update((all) => ({ ...all, ...Object.fromEntries(entries) })),
    ).then(() => undefined),
  clear: () => skipWhenNewer(statusCacheItem.set({})).then(() => undefined),
};

// ---- Tab contexts (session) --------------------------------------------------------------

const TAB_KEY = /^tab-(\d+)$/;

/** One item per tab, so tabs never write over one another; recomputed from the page. */
export const tabContextItem = (tabId: number) =>
  defineStored<TabContext | null>({
    key: `session:tab-${tabId}`,
    version: 1,
    fallback: null,
    read: readValue(TabContextSchema.nullable(), null),
    whenUnreadable: 'discard',
    memo: true,
  });

// The items of the tabs this background has seen, so each keeps its value in memory.
const tabContextItems = new Map<number, ReturnType<typeof tabContextItem>>();
const tabContextOf = (tabId: number) => {
  const known = tabContextItems.get(tabId);
  if (known) return known;
  const item = tabContextItem(tabId);
  tabContextItems.set(tabId, item);
  return item;
};

export const tabContextStore = {
  get: (tabId: number) => tabContextOf(tabId).get(),
  set: (context: TabContext) => tabContextOf(context.tabId).set(context),
  forget: async (tabId: number) => {
    const item = tabContextOf(tabId);
    await item.set(null);
    item.release();
    tabContextItems.delete(tabId);
  },
  /** Every tab's context that reads. */
  async all(): Promise<TabContext[]> {
    const area = await storage.snapshot('session');
    return Object.entries(area).flatMap(([key, raw]) => {
      const parsed = TAB_KEY.test(key) ? TabContextSchema.safeParse(raw) : null;
      return parsed?.success ? [parsed.data] : [];
    });
  },
};

// ---- Panel frame tokens -------------------------------------------------------------------

/**
 * The one-time token the background hands a Manager tab's content script for its panel frame,
 * and the frame that first used it (utils/background/frame-tokens.ts). Session storage: a
 * restarted worker still knows the frames it allowed; a browser restart forgets them all.
 */
export const FrameTokenSchema = z.object({
  token: z.string().min(1),
  frameId: z.number().int().optional(),
});
export type FrameToken = z.infer<typeof FrameTokenSchema>;

export const frameTokensItem = defineStored<Record<string, FrameToken>>({
  key: 'session:frameTokens',
  memo: true,
  version: 1,
  fallback: {},
  read: readRecord(FrameTokenSchema),
  // A token that does not read is no token: its frame asks for a new one.
  whenUnreadable: 'discard',
});

// ---- The change journal ------------------------------------------------------------------

export const journalItem = defineStored<Record<string, FlowState>>({
  key: 'local:flowJournal',
  version: 1,
  fallback: {},
  read: readRecord(FlowStateSchema),
  whenUnreadable: 'keep-aside',
});

// ---- The change history (audit log) ------------------------------------------------------

/**
 * The retention rule of the change history: at most AUDIT_RETENTION_LIMIT calls are kept; when
 * a new call would pass that, the oldest AUDIT_RETENTION_BATCH calls are removed at once (one
 * trim record per batch, not one per call). Each removal is recorded in the hash chain
 * as a trim marker (utils/audit/chain.ts), and how many (and up to when) is summed up here and
 * shown in the settings page. Documented in docs/privacy.md.
 */
export const AUDIT_RETENTION_LIMIT = 2000;
export const AUDIT_RETENTION_BATCH = 100;

export const AuditRetentionSchema = z.object({
  /** Calls removed under the retention rule so far. */
  removed: z.number().int().nonnegative(),
  /** Time of the newest call removed. */
  removedThrough: z.string().optional(),
});
export type AuditRetention = z.infer<typeof AuditRetentionSchema>;

export interface AuditLog {
  /** The hash chain, oldest first: calls and retention trims. */
  entries: AuditRecord[];
  retention: AuditRetention;
}

function readAuditLog(raw: unknown): Reading<AuditLog> {
  const shape = z
    .object({ entries: z.array(z.unknown()), retention: z.unknown().optional() })
    .safeParse(raw);
  if (!shape.success)
    return {
      value: { entries: [], retention: { removed: 0 } },
      unreadable: [{ raw, reason: describeIssues(shape.error) }],
    };
  const entries = readList(AuditRecordSchema)(shape.data.entries);
  const retention = AuditRetentionSchema.safeParse(shape.data.retention ?? { removed: 0 });
  const unreadable: Unreadable[] = entries.unreadable.map((u) => ({
    ...u,
    entry: `entries.${u.entry}`,
  }));
  if (!retention.success)
    unreadable.push({
      entry: 'retention',
      raw: shape.data.retention,
      reason: describeIssues(retention.error),
    });
  return {
    value: {
      entries: entries.value,
      retention: retention.success ? retention.data : { removed: 0 },
    },
    unreadable,
  };
}

/**
 * Format 2 to 3: the calls are chained in their order. An entry that does not read is left
 * where it is, outside the chain, so the start-up sets it aside as before; the calls around it
 * link to each other. A value of another shape is left for the reader to set aside whole.
 */
async function chainStoredHistory(previous: unknown): Promise<unknown> {
  const shape = z
    .object({ entries: z.array(z.unknown()), retention: z.unknown().optional() })
    .passthrough()
    .safeParse(previous);
  if (!shape.success) return previous;
  const readable = shape.data.entries.flatMap((raw) => {
    const parsed = AuditEntrySchema.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });
  const chained = await chainEntries(readable);
  let next = 0;
  const entries = shape.data.entries.map((raw) =>
    AuditEntrySchema.safeParse(raw).success ? chained[next++] : raw,
  );
  return { ...shape.data, entries };
}

export const auditLogItem = defineStored<AuditLog>({
  key: 'local:auditLog',
  // 2: the list became { entries, retention }, so a removal under the retention rule is on record.
  // 3: the entries became a hash chain, with retention trims recorded in it.
  version: 3,
  migrations: {
    2: (list) => ({ entries: list, retention: { removed: 0 } }),
    3: chainStoredHistory,
  },
  fallback: { entries: [], retention: { removed: 0 } },
  read: readAuditLog,
  whenUnreadable: 'keep-aside',
});

/** Adds a call to the chain under the retention rule. */
export async function withAuditEntry(log: AuditLog, entry: AuditEntry): Promise<AuditLog> {
  const { records, trim } = await appendToChain(
    log.entries,
    entry,
    AUDIT_RETENTION_LIMIT,
    AUDIT_RETENTION_BATCH,
  );
  if (!trim) return { ...log, entries: records };
  return {
    entries: records,
    retention: {
      removed: log.retention.removed + trim.removed,
      removedThrough: trim.removedThrough ?? log.retention.removedThrough,
    },
  };
}

// ---- Residency policy --------------------------------------------------------------------

/** The residency policy (utils/policy), set on the fleet overview page. */
export const policyItem = defineStored<Policy>({
  key: 'local:residencyPolicy',
  version: 1,
  fallback: EMPTY_POLICY,
  read: readValue(PolicySchema, EMPTY_POLICY),
  whenUnreadable: 'keep-aside',
});

export const policyStore = {
  /** The stored policy; no policy (or one that does not read) is the empty one. */
  get: () => policyItem.get(),
  /** Throws StoredByNewerVersionError when a newer build stored the policy. */
  set: async (policy: Policy) => policyItem.set(PolicySchema.parse(policy)),
};

// ---- Fleet scan --------------------------------------------------------------------------

/**
 * The fleet scan's progress, so a scan survives a stopped service worker and resumes where it
 * was (utils/fleet/scan.ts). One scan at a time; a new one replaces it. A progress that does
 * not read is dropped: the scan is made again from Meta.
 */
export const fleetScanItem = defineStored<ScanState | null>({
  key: 'local:fleetScan',
  version: 1,
  fallback: null,
  read: readValue<ScanState | null>(ScanStateSchema, null),
  whenUnreadable: 'discard',
});

// A scan saves far more often than one save of 2,000 rows takes: only the newest state waits,
// so storage never falls behind the scan (and a forgotten scan is not written back after).
let nextScan: { state: ScanState | null } | undefined;
let scanWrites: Promise<void> | undefined;

async function writeNewestScan() {
  try {
    while (nextScan) {
      const { state } = nextScan;
      nextScan = undefined;
      // Skipped when a newer build stored a scan: that build's scan is left as it is.
      await skipWhenNewer(fleetScanItem.replace(state));
    }
  } finally {
    scanWrites = undefined;
  }
}

function saveScan(state: ScanState | null): Promise<void> {
  nextScan = { state };
  scanWrites ??= writeNewestScan();
  return scanWrites;
}

export const fleetScanStore = {
  get: () => fleetScanItem.get(),
  /** Resolves once this state, or a newer one, is stored. */
  set: (state: ScanState) => saveScan(state),
  clear: () => saveScan(null),
};

// ---- Fleet watch -------------------------------------------------------------------------

/**
 * The fleet watch (utils/watch): its settings, what the last check saw and the record of
 * changes and gaps (bounded; a trim is counted in it). What does not read is kept aside whole:
 * it is a record of the past that Meta cannot give again.
 */
export const fleetWatchItem = defineStored<WatchState>({
  key: 'local:fleetWatch',
  version: 1,
  fallback: EMPTY_WATCH,
  read: readValue(WatchStateSchema, EMPTY_WATCH),
  whenUnreadable: 'keep-aside',
});

export const fleetWatchStore = {
  get: () => fleetWatchItem.get(),
  /** Queued read-modify-write: checks, alarms and the overview never lose one another's change. */
  update: (change: (watch: WatchState) => WatchState) => fleetWatchItem.update(change),
};

// ---- Kept-aside data ---------------------------------------------------------------------

export const KeptAsideSchema = z.object({
  id: z.string(),
  /** The stored item it came from, e.g. "local:auditLog". */
  item: z.string(),
  /** Where in that item: an entry id, a list position, or absent for the whole value. */
  entry: z.string().optional(),
  /** The format version of the item that `raw` is in. */
  storedVersion: z.number(),
  keptAt: z.number(),
  reason: z.string(),
  /** True when it may hold the access token: kept, never shown or exported. */
  secret: z.boolean().optional(),
  raw: z.unknown(),
});
export type KeptAside = z.infer<typeof KeptAsideSchema>;

/** Whatever is in the kept-aside list stays there: a record that does not fit is wrapped. */
function readKeptAside(raw: unknown): Reading<KeptAside[]> {
  const wrap = (part: unknown, index: number): KeptAside => ({
    id: `unrecognised-${index}`,
    item: 'local:keptAside',
    storedVersion: 1,
    keptAt: 0,
    reason: 'A kept-aside record in a form this version does not know.',
    raw: part,
  });
  const list = Array.isArray(raw) ? raw : [raw];
  return {
    value: list.map((part, i) => {
      const parsed = KeptAsideSchema.safeParse(part);
      return parsed.success && Object.hasOwn(parsed.data, 'raw') ? parsed.data : wrap(part, i);
    }),
    unreadable: [],
  };
}

export const keptAsideItem = defineStored<KeptAside[]>({
  key: 'local:keptAside',
  version: 1,
  fallback: [],
  read: readKeptAside,
  whenUnreadable: 'keep-aside',
});

setKeepAside(async (spec, parts, storedVersion) => {
  const keptAt = Date.now();
  await keptAsideItem.update((list) => [
    ...list,
    ...parts.map(
      (part): KeptAside => ({
        id: crypto.randomUUID(),
        item: spec.key,
        entry: part.entry,
        storedVersion,
        keptAt,
        reason: part.reason,
        ...(spec.secret ? { secret: true } : {}),
        raw: part.raw,
      }),
    ),
  ]);
});

// ---- Start-up and report -----------------------------------------------------------------

/** Every item in local storage, in the order the background prepares them. */
export const LOCAL_ITEMS: readonly StoredItem<unknown>[] = [
  keptAsideItem,
  tokenItem,
  preferencesItem,
  recentNumbersItem,
  statusCacheItem,
  journalItem,
  auditLogItem,
  policyItem,
  fleetScanItem,
  fleetWatchItem,
] as StoredItem<unknown>[];

/**
 * Background start-up, before it answers any message: brings every item to this build's
 * version, sets aside what cannot be read, and leaves items a newer build wrote untouched.
 * Never rejects: an item that could not be prepared is tried again at its next write.
 */
export async function prepareStoredData(): Promise<PrepareResult[]> {
  // Side by side (a message that woke the worker waits for all of them): each item is its own
  // key, and what they set aside queues behind the kept-aside item's own preparation, which is
  // first in the list.
  const results = await Promise.all(
    LOCAL_ITEMS.map((item) =>
      item.prepare().catch((error) => {
        console.error(`Residency could not prepare stored "${item.spec.key}"`, error);
        return null;
      }),
    ),
  );
  return results.filter((result) => result !== null);
}

/** Items that a newer build of Residency stored, which this build only reads. */
export async function itemsStoredByNewerVersion() {
  const found = await Promise.all(
    LOCAL_ITEMS.map(async (item) => {
      const storedVersion = await item.newerVersion();
      return storedVersion === null
        ? []
        : [{ item: item.spec.key, storedVersion, knownVersion: item.spec.version }];
    }),
  );
  return found.flat();
}

export const StoredDataReportSchema = z.object({
  /** Kept-aside data, newest first; `raw` is left out where it may hold the token. */
  keptAside: z.array(KeptAsideSchema),
  newer: z.array(
    z.object({ item: z.string(), storedVersion: z.number(), knownVersion: z.number() }),
  ),
  auditRetention: AuditRetentionSchema.extend({ limit: z.number(), batch: z.number() }),
});
export type StoredDataReport = z.infer<typeof StoredDataReportSchema>;

/** What the settings page shows about stored data: kept aside, newer, and the retention rule. */
export async function storedDataReport(): Promise<StoredDataReport> {
  const [keptAside, newer, audit] = await Promise.all([
    keptAsideItem.get(),
    itemsStoredByNewerVersion(),
    auditLogItem.get(),
  ]);
  return {
    keptAside: keptAside
      .map(({ raw, ...rest }) => (rest.secret ? rest : { ...rest, raw }))
      .reverse(),
    newer,
    auditRetention: {
      ...audit.retention,
      limit: AUDIT_RETENTION_LIMIT,
      batch: AUDIT_RETENTION_BATCH,
    },
  };
}

export type { ItemSpec, StoredItem };

/**
 * For caches and convenience lists only: a newer build stored them, so this build works on
 * without saving to them (reads still serve what fits).
 */
async function skipWhenNewer<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof StoredByNewerVersionError) return undefined;
    throw error;
  }
}
