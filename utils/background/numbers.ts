import type { z } from 'zod';
import {
  AssignedWabaListSchema,
  GraphError,
  type Paging,
  type PhoneNumber,
  PhoneNumberListSchema,
  PhoneNumberSchema,
  type Settings,
  SettingsSchema,
  type Waba,
} from '../graph';
import { phoneDigits } from '../manager-page';
import type { NumberStatusReply, WabaNumbersReply } from '../messaging/protocol';
import { type CachedStatus, recentNumbersStore, statusCacheStore } from '../storage';
import { graph } from './graph';

/** Fields Residency shows for a number. */
export const PHONE_FIELDS = [
  'id',
  'display_phone_number',
  'verified_name',
  'quality_rating',
  'code_verification_status',
  'name_status',
  'status',
  'platform_type',
  'is_on_biz_app',
  'throughput',
  'account_mode',
].join(',');

/** A cached status younger than this is shown without asking Graph again. */
export const FRESH_FOR_MS = 60_000;
const PAGE_LIMIT = 100;
const SETTINGS_CONCURRENCY = 4;

let readCount = 0;
/** Per number, the start order of the read now in the cache. */
const cachedReadOrder = new Map<string, number>();

/** A read of a number: Meta's answer, and the moment it is cached (after the answer). */
interface NumberRead {
  reply: Promise<NumberStatusReply>;
  saved: Promise<void>;
}
// The newest read of each number, from its start until its answer is cached: whoever asks
// meanwhile (the tab's lookup, the popup, the panel) joins it instead of asking Meta again,
// and never gets the older cached answer while the new one is being written.
const readsInFlight = new Map<string, NumberRead>();

/**
 * Reads a number and its settings from Graph and caches the raw answers. A read that started
 * earlier but finished later (slow, around a change) never replaces a newer one in the cache.
 */
function startNumberRead(phoneNumberId: string): NumberRead {
  const order = ++readCount;
  const reply = Promise.all([
    graph.get(phoneNumberId, PhoneNumberSchema, { query: { fields: PHONE_FIELDS } }),
    graph.get(`${phoneNumberId}/settings`, SettingsSchema),
  ]).then(([phone, settings]) => ({
    phoneNumberId,
    phone,
    settings,
    readAt: Date.now(),
    stale: false,
  }));
  const saved = reply.then(async ({ phone, settings, readAt }) => {
    if (order < (cachedReadOrder.get(phoneNumberId) ?? 0)) return;
    cachedReadOrder.set(phoneNumberId, order);
    // Two stored items (each queues its own writes), written side by side.
    await Promise.all([
      statusCacheStore.put(phoneNumberId, { phone, settings, readAt }),
      recentNumbersStore.remember({
        phoneNumberId,
        displayPhoneNumber: phone.display_phone_number,
        verifiedName: phone.verified_name,
        seenAt: readAt,
      }),
    ]);
  });
  const read = { reply, saved };
  readsInFlight.set(phoneNumberId, read);
  const done = () => {
    if (readsInFlight.get(phoneNumberId) === read) readsInFlight.delete(phoneNumberId);
  };
  saved.then(done, done);
  return read;
}

/** Reads a number from Graph; resolves once the answer is also cached (for read-backs). */
export async function fetchNumberStatus(phoneNumberId: string): Promise<NumberStatusReply> {
  const { reply, saved } = startNumberRead(phoneNumberId);
  await saved;
  return reply;
}

/**
 * A number's status as fast as the background can have it, for the views and the badge: the
 * read in flight if there is one, else the cache (stale entries too: `stale` says so), else a
 * new read from Graph, answered without waiting for the cache write.
 */
export async function currentNumberStatus(
  phoneNumberId: string,
  /** The status cache, if its read started earlier (reads in flight are checked first). */
  cache?: Promise<Record<string, CachedStatus>>,
): Promise<NumberStatusReply> {
  const inFlight = numberReadInFlight(phoneNumberId);
  if (inFlight) return inFlight;
  const cached = await cachedNumberStatus(phoneNumberId, Date.now(), cache);
  return cached ?? numberReadInFlight(phoneNumberId) ?? freshNumberStatus(phoneNumberId);
}

/** The read of a number in flight (until it is cached), if there is one. */
export const numberReadInFlight = (phoneNumberId: string) =>
  readsInFlight.get(phoneNumberId)?.reply;

/** A new read of a number from Graph, answered before it is cached. */
export const freshNumberStatus = (phoneNumberId: string) => startNumberRead(phoneNumberId).reply;

/** The cached status if it parses, flagged stale when older than FRESH_FOR_MS. */
export async function cachedNumberStatus(
  phoneNumberId: string,
  now = Date.now(),
  /** The whole cache if already being read. */
  cache?: Promise<Record<string, CachedStatus>>,
): Promise<NumberStatusReply | null> {
  const cached = cache
    ? ((await cache)[phoneNumberId] ?? null)
    : await statusCacheStore.get(phoneNumberId);
  if (!cached) return null;
  const phone = PhoneNumberSchema.safeParse(cached.phone);
  const settings = SettingsSchema.safeParse(cached.settings);
  if (!phone.success || !settings.success) return null;
  return {
    phoneNumberId,
    phone: phone.data,
    settings: settings.data,
    readAt: cached.readAt,
    stale: now - cached.readAt > FRESH_FOR_MS,
  };
}

// Number lists per WABA, kept for the life of this background (a session cache).
const wabaLists = new Map<string, Promise<PhoneNumber[]>>();

/** Forgets the number lists, e.g. when another token (which may see other WABAs) is saved. */
export function forgetWabaLists() {
  wabaLists.clear();
  forcedReads.clear();
}

/** Enough for any real list; a longer one is cut here rather than read without end. */
const MAX_LIST_ITEMS = 10_000;

/**
 * Every item of a Graph list edge, following its cursor paging to the end. It stops at an
 * empty page and at a cursor it has already followed, so a list that pages in a circle ends.
 */
export async function readAllPages<T>(
  path: string,
  schema: z.ZodType<{ data: T[]; paging?: Paging }, z.ZodTypeDef, unknown>,
  fields: string,
): Promise<T[]> {
  const all: T[] = [];
  const followed = new Set<string>();
  let after: string | undefined;
  do {
    if (after) followed.add(after);
    const page = await graph.get(path, schema, {
      query: { fields, limit: String(PAGE_LIMIT), ...(after ? { after } : {}) },
    });
    if (page.data.length === 0) break;
    all.push(...page.data);
    const next = page.paging?.next ? page.paging.cursors?.after : undefined;
    after = next && !followed.has(next) ? next : undefined;
  } while (after && all.length < MAX_LIST_ITEMS);
  return all;
}

/** Every number of a WABA, all pages. */
export function listWabaNumbers(wabaId: string, force = false): Promise<PhoneNumber[]> {
  const cached = wabaLists.get(wabaId);
  if (cached && !force) return cached;
  const pending = readAllPages(`${wabaId}/phone_numbers`, PhoneNumberListSchema, PHONE_FIELDS);
  wabaLists.set(wabaId, pending);
  pending.catch(() => wabaLists.delete(wabaId));
  return pending;
}

/** The WABAs a system user is assigned to (what its token reaches), all pages. */
export function listAssignedWabas(systemUserId: string): Promise<Waba[]> {
  return readAllPages(
    `${systemUserId}/assigned_whatsapp_business_accounts`,
    AssignedWabaListSchema,
    'id,name',
  );
}

/** A list read again for an unknown number serves other unknown numbers for this long. */
export const FORCED_READ_EVERY_MS = 30_000;
const forcedReads = new Map<string, { at: number; list: Promise<PhoneNumber[]> }>();

/**
 * The WABA's list read afresh, at most once per FORCED_READ_EVERY_MS: a page that pushStates
 * through many numbers Residency does not know shares one read (in flight or recent) instead
 * of reading every page of the account again for each.
 */
function listWabaNumbersAgain(
  wabaId: string,
  fresh: boolean,
  now = Date.now(),
): Promise<PhoneNumber[]> {
  const recent = forcedReads.get(wabaId);
  if (recent && !fresh && now - recent.at < FORCED_READ_EVERY_MS) return recent.list;
  const list = listWabaNumbers(wabaId, true);
  forcedReads.set(wabaId, { at: now, list });
  list.catch(() => forcedReads.delete(wabaId));
  return list;
}

/**
 * Finds the phone number ID of a displayed number by its digits within a WABA. `fresh` (the
 * person asked to look again) reads the list anew even if it was read for another number.
 */
export async function resolvePhoneNumberId(
  wabaId: string,
  digits: string,
  fresh = false,
): Promise<string | null> {
  const numbers = await listWabaNumbers(wabaId);
  const match = numbers.find((n) => phoneDigits(n.display_phone_number ?? '') === digits);
  if (match) return match.id;
  // The number may have been added since the list was read: read it again (shared, throttled).
  const again = await listWabaNumbersAgain(wabaId, fresh);
  return again.find((n) => phoneDigits(n.display_phone_number ?? '') === digits)?.id ?? null;
}

/** Runs tasks with at most `limit` in flight, keeping order of results. */
async function mapLimited<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Every number of a WABA with its storage settings (settings errors kept per number). */
export async function wabaNumbersWithSettings(
  wabaId: string,
  force = false,
): Promise<WabaNumbersReply> {
  const numbers = await listWabaNumbers(wabaId, force);
  const rows = await mapLimited(numbers, SETTINGS_CONCURRENCY, async (phone) => {
    try {
      const settings: Settings = await graph.get(`${phone.id}/settings`, SettingsSchema);
      return { phone, settings };
    } catch (error) {
      return { phone, error: GraphError.serialize(error) };
    }
  });
  const readAt = Date.now();
  await statusCacheStore.putMany(
    rows.flatMap((r) =>
      r.settings ? [[r.phone.id, { phone: r.phone, settings: r.settings, readAt }] as const] : [],
    ),
  );
  return { wabaId, numbers: rows, readAt };
}
