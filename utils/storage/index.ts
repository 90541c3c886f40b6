import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { OVERLAY_CORNERS } from '../panel-frame';

/**
 * Every value Residency keeps, declared once. Values are re-validated with zod on read:
 * storage is a boundary (older versions, manual edits), and a bad value must fall back, not crash.
 * Everything lives in `local:` (never `sync:`), so the token never leaves this browser.
 */

export const StoredTokenSchema = z.object({
  value: z.string().min(1),
  savedAt: z.number(),
});
export type StoredToken = z.infer<typeof StoredTokenSchema>;

/** The corner of the Manager page where the Residency pill docks. */
export const OverlayCornerSchema = z.enum(OVERLAY_CORNERS);

export const PreferencesSchema = z.object({
  /** null = always use the newest live Graph API version. */
  graphVersion: z
    .string()
    .regex(/^v\d+\.0$/)
    .nullable(),
  overlayCorner: OverlayCornerSchema,
  /** The person chose not to see Residency on Manager pages (undone in the popup or settings). */
  overlayHidden: z.boolean(),
});
export type Preferences = z.infer<typeof PreferencesSchema>;
export const DEFAULT_PREFERENCES: Preferences = {
  graphVersion: null,
  overlayCorner: 'bottom-right',
  overlayHidden: false,
};

export const RecentNumberSchema = z.object({
  phoneNumberId: z.string().regex(/^\d+$/),
  wabaId: z.string().regex(/^\d+$/).optional(),
  displayPhoneNumber: z.string().optional(),
  verifiedName: z.string().optional(),
  seenAt: z.number(),
});
export type RecentNumber = z.infer<typeof RecentNumberSchema>;
export const MAX_RECENT_NUMBERS = 10;

/** Raw Graph answers for one number, as last read, so status shows instantly next time. */
export const CachedStatusSchema = z.object({
  phone: z.record(z.string(), z.unknown()),
  settings: z.record(z.string(), z.unknown()),
  readAt: z.number(),
});
export type CachedStatus = z.infer<typeof CachedStatusSchema>;

const tokenItem = storage.defineItem<unknown>('local:token');
const preferencesItem = storage.defineItem<unknown>('local:preferences');
const recentNumbersItem = storage.defineItem<unknown>('local:recentNumbers');
const statusCacheItem = storage.defineItem<unknown>('local:statusCache');

async function readValidated<T>(
  item: { getValue(): Promise<unknown> },
  schema: z.ZodType<T>,
  fallback: T,
): Promise<T> {
  const parsed = schema.safeParse(await item.getValue());
  return parsed.success ? parsed.data : fallback;
}

export const tokenStore = {
  get: () => readValidated(tokenItem, StoredTokenSchema.nullable(), null),
  set: (value: string, now = Date.now()) => tokenItem.setValue({ value, savedAt: now }),
  clear: () => tokenItem.removeValue(),
};

export const preferencesStore = {
  get: async (): Promise<Preferences> => ({
    ...DEFAULT_PREFERENCES,
    ...(await readValidated(preferencesItem, PreferencesSchema.partial(), {})),
  }),
  update: async (patch: Partial<Preferences>) => {
    const next = PreferencesSchema.parse({ ...(await preferencesStore.get()), ...patch });
    await preferencesItem.setValue(next);
    return next;
  },
  watch: (cb: (p: Preferences) => void) =>
    preferencesItem.watch((v) => {
      const parsed = PreferencesSchema.partial().safeParse(v);
      cb({ ...DEFAULT_PREFERENCES, ...(parsed.success ? parsed.data : {}) });
    }),
};

export const recentNumbersStore = {
  get: () => readValidated(recentNumbersItem, z.array(RecentNumberSchema), []),
  /** Most recent first, one entry per number, at most MAX_RECENT_NUMBERS. */
  remember: async (entry: RecentNumber) => {
    const rest = (await recentNumbersStore.get()).filter(
      (r) => r.phoneNumberId !== entry.phoneNumberId,
    );
    const next = [entry, ...rest].slice(0, MAX_RECENT_NUMBERS);
    await recentNumbersItem.setValue(next);
    return next;
  },
};

let cacheWrites: Promise<void> = Promise.resolve();

export const statusCacheStore = {
  getAll: () => readValidated(statusCacheItem, z.record(z.string(), CachedStatusSchema), {}),
  get: async (phoneNumberId: string) => (await statusCacheStore.getAll())[phoneNumberId] ?? null,
  put: (phoneNumberId: string, entry: CachedStatus) =>
    statusCacheStore.putMany([[phoneNumberId, entry]]),
  /** Writes are queued so concurrent reads-then-writes never lose an entry. */
  putMany: (entries: ReadonlyArray<readonly [string, CachedStatus]>) => {
    cacheWrites = cacheWrites
      .catch(() => undefined)
      .then(async () => {
        const all = await statusCacheStore.getAll();
        for (const [id, entry] of entries) all[id] = entry;
        await statusCacheItem.setValue(all);
      });
    return cacheWrites;
  },
  clear: () => statusCacheItem.removeValue(),
};
