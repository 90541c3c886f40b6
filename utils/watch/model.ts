import { z } from 'zod';
import { SerializedGraphErrorSchema } from '../graph';

/**
 * The fleet watch as data: the person's choices, what the last check saw of every number, and
 * the record of what changed between checks and of the times no check could see anything.
 * Stored as `fleetWatch` (utils/storage/index.ts) and sent to the overview as is.
 */

const digits = z.string().regex(/^\d{1,30}$/);

/** Minutes between checks the person can choose; hourly unless they pick another. */
export const WATCH_INTERVALS = [15, 60, 180, 360, 720, 1440] as const;
export const DEFAULT_INTERVAL_MINUTES = 60;
/** Graph calls one check may make unless the person sets another cap. */
export const DEFAULT_CALL_CAP = 3000;
export const MAX_CALL_CAP = 100_000;
/** Changes and gaps kept; past it the oldest go, and the removal is counted. */
export const WATCH_EVENT_LIMIT = 1000;

export const WatchSettingsSchema = z.object({
  enabled: z.boolean(),
  intervalMinutes: z
    .number()
    .int()
    .refine((m) => (WATCH_INTERVALS as readonly number[]).includes(m), 'not an offered interval'),
  callCap: z.number().int().min(1).max(MAX_CALL_CAP),
});
export type WatchSettings = z.infer<typeof WatchSettingsSchema>;

export const DEFAULT_WATCH_SETTINGS: WatchSettings = {
  enabled: false,
  intervalMinutes: DEFAULT_INTERVAL_MINUTES,
  callCap: DEFAULT_CALL_CAP,
};

/** What a check saw of one number: the fields the watch compares. */
export const SeenNumberSchema = z.object({
  wabaId: digits,
  number: z.string(),
  /** Where its data is stored: a region code, 'US' (default storage), 'NS' (No Storage), '?'. */
  storage: z.string().max(4),
  /** registrationState's word: registered-cloud, registered-on-premise, unregistered, unknown. */
  registration: z.string().max(40),
});
export type SeenNumber = z.infer<typeof SeenNumberSchema>;

export const WATCHED_FIELDS = ['storage', 'registration'] as const;
export type WatchedField = (typeof WATCHED_FIELDS)[number];

/** A number whose storage or registration differs from the check before. */
export const WatchChangeSchema = z.object({
  kind: z.literal('change'),
  id: z.string().min(1),
  phoneNumberId: digits,
  number: z.string(),
  wabaId: digits,
  field: z.enum(WATCHED_FIELDS),
  before: z.string(),
  after: z.string(),
  /** When this check read it. */
  observedAt: z.number(),
  /** The check before, which still saw `before`: the change happened between the two. */
  since: z.number(),
});
export type WatchChange = z.infer<typeof WatchChangeSchema>;

export const GAP_REASONS = [
  /** No check ran when one was due: the browser was closed or the computer asleep. */
  'missed',
  /** The check could not read the fleet (the token, the network, Meta). */
  'failed',
  /** The check would have made more calls than the cap allows: it did not run. */
  'over-cap',
  /** The check reached the cap while running and stopped. */
  'cap-reached',
  /** Some numbers or accounts could not be read: they were not compared. */
  'partial',
  /** The person started a full scan that replaced the check before it finished. */
  'replaced',
] as const;
export type GapReason = (typeof GAP_REASONS)[number];

/** A time the watch could not see (part of) the fleet: never to be read as "no change". */
export const WatchGapSchema = z.object({
  kind: z.literal('gap'),
  id: z.string().min(1),
  from: z.number(),
  to: z.number(),
  reason: z.enum(GAP_REASONS),
  /** Numbers not compared ('partial'); calls counted or estimated ('over-cap', 'cap-reached'). */
  count: z.number().int().nonnegative().optional(),
  cap: z.number().int().optional(),
  error: SerializedGraphErrorSchema.optional(),
});
export type WatchGap = z.infer<typeof WatchGapSchema>;

export const WatchEventSchema = z.discriminatedUnion('kind', [WatchChangeSchema, WatchGapSchema]);
export type WatchEvent = z.infer<typeof WatchEventSchema>;

export const CheckCallsSchema = z.object({
  numbers: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
  /** /me and the list of the token's accounts. */
  account: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type CheckCalls = z.infer<typeof CheckCallsSchema>;

export const WatchStateSchema = z.object({
  settings: WatchSettingsSchema,
  /** What the last complete check saw, by phone number ID; null before the first. */
  baseline: z.record(digits, SeenNumberSchema).nullable(),
  /** When that check read the fleet. */
  baselineAt: z.number().optional(),
  /** When a check last ended or was found unable to run (for the missed-check gap). */
  lastCheckAt: z.number().optional(),
  /** The calls the last check made. */
  lastCalls: CheckCallsSchema.optional(),
  /**
   * The calls a check would make, from the last scan that listed the fleet: kept here for when
   * the last scan listed nothing (it failed at the token), also across a worker's restart.
   */
  estimate: CheckCallsSchema.optional(),
  /** A check under way: the scan it runs as. */
  running: z.object({ scanId: z.string(), startedAt: z.number() }).optional(),
  /** Oldest first. */
  events: z.array(WatchEventSchema),
  trimmed: z.object({ removed: z.number().int().nonnegative(), through: z.number().optional() }),
  /** When the person last looked at the list of changes (the badge counts after this). */
  seenAt: z.number(),
});
export type WatchState = z.infer<typeof WatchStateSchema>;

export const EMPTY_WATCH: WatchState = {
  settings: DEFAULT_WATCH_SETTINGS,
  baseline: null,
  events: [],
  trimmed: { removed: 0 },
  seenAt: 0,
};
