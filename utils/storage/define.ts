import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { z } from 'zod';

/**
 * The machinery behind every stored value (declared in ./index.ts). A stored value carries the
 * version of its shape in WXT's metadata key (`<key>$` = `{ v }`, absent for release 0.1.0,
 * which counts as version 1), so a build knows whether it is reading an older, its own or a
 * newer shape:
 * - older: the background migrates it at start-up (`prepare`), one version at a time;
 * - its own: read and written as usual;
 * - newer (a downgraded build): left untouched; reads take what they can, writes are refused.
 * A part that cannot be read (or migrated) is never dropped: it is moved, with its raw value,
 * to the kept-aside item, which the settings page lists. Caches that Meta can fill again may
 * say `whenUnreadable: 'discard'` instead.
 */

export type StorageKey = `local:${string}` | `session:${string}`;

/** A part of a stored value that could not be read; `entry` names it inside a collection. */
export interface Unreadable {
  entry?: string;
  raw: unknown;
  reason: string;
}

/** What the code uses of a stored value (at this build's version), and what it could not read. */
export interface Reading<T> {
  value: T;
  unreadable: Unreadable[];
}

export interface ItemSpec<T> {
  key: StorageKey;
  /** The version of the shape this build writes. Bump it with every change of shape. */
  version: number;
  /**
   * `migrations[n]` turns a version n-1 value into its version n form; never drops a part.
   * It may be async (e.g. to hash with WebCrypto).
   */
  migrations?: Record<number, (previous: unknown) => unknown | Promise<unknown>>;
  fallback: T;
  /** Turns a stored (current-version, non-empty) value into the value the code uses. */
  read(raw: unknown): Reading<T>;
  whenUnreadable: 'keep-aside' | 'discard';
  /** Parts may hold the access token: kept aside, but never shown or exported. */
  secret?: boolean;
  /**
   * Read on the way to most answers (the token, the settings, the status cache, a tab's
   * context, the panel frames' tokens): the value is kept in memory (see `memoOf`). Its users
   * must not change the objects `get` hands out.
   */
  memo?: boolean;
}

/** Where an unreadable part goes; set by ./index.ts, which declares the kept-aside item. */
export type KeepAside = (
  spec: ItemSpec<unknown>,
  parts: Unreadable[],
  storedVersion: number,
) => Promise<void>;
let keepAside: KeepAside = async () => {
  throw new Error('No kept-aside item is declared.');
};
export const setKeepAside = (fn: KeepAside) => {
  keepAside = fn;
};

/** A write to a value that a newer build of Residency stored: it is left as that build wrote it. */
export class StoredByNewerVersionError extends Error {
  constructor(
    readonly key: StorageKey,
    readonly storedVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `"${key}" was saved by a newer version of Residency (format ${storedVersion}; this version knows ${knownVersion}). It is kept unchanged and can only be read here: update Residency to change it.`,
    );
    this.name = 'StoredByNewerVersionError';
  }
}

/** A zod failure in a few words, for the kept-aside list. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || 'value'}: ${i.message}`)
    .join('; ');
}

const metaKey = (key: StorageKey) => `${key}$` as StorageKey;

const versionOf = (meta: unknown) => {
  const v = (meta as { v?: unknown } | null | undefined)?.v;
  return typeof v === 'number' && v >= 1 ? v : 1;
};

async function readStored(key: StorageKey) {
  const [value, meta] = (await storage.getItems([key, metaKey(key)])).map((r) => r.value);
  return { raw: value as unknown, meta, version: versionOf(meta) };
}

/** The version of a stored value, without reading the value. */
async function readMeta(key: StorageKey) {
  const meta = await storage.getItem(metaKey(key));
  return { meta, version: versionOf(meta) };
}

/** Writes a value and its version in one storage call; `null` removes both. */
async function writeStored(key: StorageKey, value: unknown, version: number, meta: unknown) {
  const nextMeta = { ...(meta && typeof meta === 'object' ? meta : {}), v: version };
  if (value === null || value === undefined) {
    await storage.removeItems([key, metaKey(key)]);
  } else {
    await storage.setItems([
      { key, value },
      { key: metaKey(key), value: nextMeta },
    ]);
  }
}

/** Runs the migrations from `from` to the spec's version; a failure names its version. */
async function migrate(
  spec: ItemSpec<unknown>,
  raw: unknown,
  from: number,
): Promise<Reading<unknown>> {
  let value = raw;
  for (let v = from + 1; v <= spec.version; v++) {
    const step = spec.migrations?.[v];
    if (!step) continue;
    try {
      value = await step(value);
    } catch (error) {
      const reason = `The upgrade to format ${v} failed: ${error instanceof Error ? error.message : String(error)}`;
      return { value: spec.fallback, unreadable: [{ raw, reason }] };
    }
  }
  return spec.read(value);
}

// Each key's read-modify-write runs alone, so overlapping writes never lose one another.
const queues = new Map<string, Promise<unknown>>();
function queued<R>(key: string, task: () => Promise<R>): Promise<R> {
  const next = (queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(task);
  queues.set(key, next);
  return next;
}

/**
 * A stored value kept in memory by the context that reads it, so a lookup does not wait for a
 * storage round trip (2-40 ms on a loaded machine, and the status cache of a whole fleet is
 * large). It stays true to storage: this context's own writes replace it at once, and any
 * change to the key, from anywhere, drops it (storage.onChanged). It is trusted only while
 * that listener is attached: when something removed it, the next read goes to storage.
 */
function memoOf<T>(key: StorageKey) {
  const [area, name] = key.split(/:(.*)/s) as ['local' | 'session', string];
  let value: Promise<T> | null = null;
  const onChanged = (changes: Record<string, unknown>) => {
    if (name in changes || `${name}$` in changes) value = null;
  };
  // The area's own event, as WXT's watch uses (Chrome and Firefox have it for local and
  // session); where there is none, nothing is kept.
  const event = () => browser.storage[area]?.onChanged;
  const listening = () => event()?.hasListener(onChanged) === true;
  return {
    /** The value in memory, if it can be trusted. */
    get: () => (value && listening() ? value : null),
    /** Keeps a read (dropped if it fails) or a written value. */
    keep(next: Promise<T>) {
      if (!listening()) event()?.addListener(onChanged);
      if (!listening()) return next;
      value = next;
      next.catch(() => {
        if (value === next) value = null;
      });
      return next;
    },
    /** Forgets the value and stops listening. */
    release() {
      value = null;
      event()?.removeListener(onChanged);
    },
  };
}

export interface StoredItem<T> {
  readonly spec: ItemSpec<T>;
  /** The value as this build understands it. Never writes, so any page may call it. */
  get(): Promise<T>;
  /**
   * Background only: migrates and sets aside what it must, then writes `change(current)`.
   * Throws StoredByNewerVersionError when a newer build stored the value.
   */
  update(change: (current: T) => T | Promise<T>): Promise<T>;
  set(value: T): Promise<T>;
  /**
   * Background only: writes `value` in place of whatever is stored, reading only the version.
   * For large values written often (the fleet scan): `set` reads, checks and migrates the old
   * value first. When unreadable values are kept aside, it is `set`, which keeps them.
   */
  replace(value: T): Promise<T>;
  /** Background start-up: brings the stored value to this build's version. */
  prepare(): Promise<PrepareResult>;
  /** The stored version when it is newer than this build knows, else null. */
  newerVersion(): Promise<number | null>;
  /** Calls back with the value whenever it changes (read as `get` reads it). */
  watch(cb: (value: T) => void): () => void;
  /** Drops what `memo` keeps in memory and its listener (an item declared per tab, once the tab is gone). */
  release(): void;
}

export type PrepareResult =
  | { key: StorageKey; state: 'current' | 'migrated'; keptAside: number }
  | { key: StorageKey; state: 'newer'; storedVersion: number };

/** Declares one stored value. Declaring never touches storage. */
export function defineStored<T>(spec: ItemSpec<T>): StoredItem<T> {
  const anySpec = spec as ItemSpec<unknown>;
  const memo = spec.memo ? memoOf<T>(spec.key) : null;

  const get = (): Promise<T> => memo?.get() ?? memo?.keep(read()) ?? read();

  async function read(): Promise<T> {
    const { raw, version } = await readStored(spec.key);
    if (raw === null || raw === undefined) return spec.fallback;
    // Older: migrated in memory only (the background writes it); newer: read what fits.
    if (version < spec.version) return (await migrate(anySpec, raw, version)).value as T;
    return spec.read(raw).value;
  }

  /** Brings storage to this version; writes only when something changed. Runs in the queue. */
  async function repair(): Promise<{ value: T; result: PrepareResult }> {
    const { raw, meta, version } = await readStored(spec.key);
    if (version > spec.version) {
      return {
        value: spec.fallback,
        result: { key: spec.key, state: 'newer', storedVersion: version },
      };
    }
    if (raw === null || raw === undefined) {
      return { value: spec.fallback, result: { key: spec.key, state: 'current', keptAside: 0 } };
    }
    const reading = (await migrate(anySpec, raw, version)) as Reading<T>;
    const keep = spec.whenUnreadable === 'keep-aside' ? reading.unreadable : [];
    // Set aside first: if the write below never happens, the part is in both places, not lost.
    // A whole value is kept as it was stored; an entry in the form it was read in.
    const whole = keep.filter((part) => part.entry === undefined);
    const entries = keep.filter((part) => part.entry !== undefined);
    if (whole.length)
      await keepAside(
        anySpec,
        whole.map((part) => ({ ...part, raw })),
        version,
      );
    if (entries.length) await keepAside(anySpec, entries, spec.version);
    if (reading.unreadable.length || version !== spec.version)
      await writeStored(spec.key, reading.value, spec.version, meta);
    const state = version === spec.version ? 'current' : 'migrated';
    return { value: reading.value, result: { key: spec.key, state, keptAside: keep.length } };
  }

  const item: StoredItem<T> = {
    spec,
    get,
    update: (change) =>
      queued(spec.key, async () => {
        const { value, result } = await repair();
        if (result.state === 'newer')
          throw new StoredByNewerVersionError(spec.key, result.storedVersion, spec.version);
        const next = await change(value);
        // A change that hands back the value it was given changed nothing: no write.
        if (next === value) return next;
        const { meta } = await readStored(spec.key);
        await writeStored(spec.key, next, spec.version, meta);
        memo?.keep(Promise.resolve(next));
        return next;
      }),
    set: (value) => item.update(() => value),
    replace: (value) =>
      spec.whenUnreadable !== 'discard'
        ? item.set(value)
        : queued(spec.key, async () => {
            const { meta, version } = await readMeta(spec.key);
            if (version > spec.version)
              throw new StoredByNewerVersionError(spec.key, version, spec.version);
            await writeStored(spec.key, value, spec.version, meta);
            memo?.keep(Promise.resolve(value));
            return value;
          }),
    prepare: () =>
      queued(spec.key, async () => {
        const { value, result } = await repair();
        // The background's first lookup after a start then needs no storage read.
        if (result.state !== 'newer') memo?.keep(Promise.resolve(value));
        return result;
      }),
    async newerVersion() {
      const { version } = await readStored(spec.key);
      return version > spec.version ? version : null;
    },
    // Read from storage: the change may reach this listener before the memo's own.
    watch: (cb) => storage.watch(spec.key, () => void (memo?.keep(read()) ?? read()).then(cb)),
    release: () => memo?.release(),
  };
  return item;
}

// ---- Readers for the usual shapes -------------------------------------------------------

/** A single value: all of it fits the schema, or all of it is unreadable. */
export function readValue<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, fallback: T) {
  return (raw: unknown): Reading<T> => {
    const parsed = schema.safeParse(raw);
    return parsed.success
      ? { value: parsed.data, unreadable: [] }
      : { value: fallback, unreadable: [{ raw, reason: describeIssues(parsed.error) }] };
  };
}

const isPlainObject = (raw: unknown): raw is Record<string, unknown> =>
  !!raw && typeof raw === 'object' && !Array.isArray(raw);

/** An object of entries by id, checked entry by entry: one bad entry never hides the others. */
export function readRecord<E>(entry: z.ZodType<E>) {
  return (raw: unknown): Reading<Record<string, E>> => {
    if (!isPlainObject(raw))
      return { value: {}, unreadable: [{ raw, reason: 'Not a set of entries by id.' }] };
    const value: Record<string, E> = {};
    const unreadable: Unreadable[] = [];
    for (const [id, part] of Object.entries(raw)) {
      const parsed = entry.safeParse(part);
      if (parsed.success) value[id] = parsed.data;
      else unreadable.push({ entry: id, raw: part, reason: describeIssues(parsed.error) });
    }
    return { value, unreadable };
  };
}

/** A list of entries, checked entry by entry; the readable ones keep their order. */
export function readList<E>(entry: z.ZodType<E>) {
  return (raw: unknown): Reading<E[]> => {
    if (!Array.isArray(raw))
      return { value: [], unreadable: [{ raw, reason: 'Not a list of entries.' }] };
    const value: E[] = [];
    const unreadable: Unreadable[] = [];
    raw.forEach((part, index) => {
      const parsed = entry.safeParse(part);
      if (parsed.success) value.push(parsed.data);
      else
        unreadable.push({ entry: String(index), raw: part, reason: describeIssues(parsed.error) });
    });
    return { value, unreadable };
  };
}
