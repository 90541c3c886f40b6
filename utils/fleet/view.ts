import { interpretStorage, registrationState, type StorageStatus } from '../graph/status';
import { phoneDigits } from '../manager-page';
import { evaluatePolicy, POLICY_RESULTS, type Policy, type PolicyResult } from '../policy';
import { REGION_CODES } from '../regions';
import type { FleetRow, FleetWaba } from './model';

/**
 * What the fleet overview shows and how people narrow it: pure functions over the scan's
 * rows, so the table, its URL and the tests agree. Filters live in the page URL, so a view
 * can be bookmarked and shared.
 */

/** Where data is kept, as one code: a region, US (default storage), NS (No Storage), ? */
export type PlaceCode = string;
export const STATUS_FILTERS = ['registered', 'unregistered', 'failed', 'pending'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
export const SORT_KEYS = [
  'number',
  'name',
  'waba',
  'registration',
  'storage',
  'quality',
  'read',
  'policy',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface FleetFilters {
  waba: string;
  /** A region code, US for default storage, NS for No Storage; '' for all. */
  region: string;
  status: StatusFilter | '';
  policy: PolicyResult | '';
  q: string;
  sort: SortKey;
  dir: 'asc' | 'desc';
}

export const NO_FILTERS: FleetFilters = {
  waba: '',
  region: '',
  status: '',
  policy: '',
  q: '',
  sort: 'waba',
  dir: 'asc',
};

export const PLACE_CODES: readonly string[] = [...REGION_CODES, 'US', 'NS'];

/** One table row, with everything it is sorted and filtered by. */
export interface FleetRowView {
  row: FleetRow;
  id: string;
  number: string;
  digits: string;
  name: string;
  wabaId: string;
  wabaName: string;
  registration: ReturnType<typeof registrationState>['state'];
  storage?: StorageStatus;
  place: PlaceCode;
  quality: string;
  readAt?: number;
  policy: PolicyResult;
}

/** @example placeOf({ kind: 'default', explicit: 'absent' }) // 'US' */
export function placeOf(storage: StorageStatus | undefined): PlaceCode {
  switch (storage?.kind) {
    case 'in-country':
      return storage.region;
    case 'default':
      return 'US';
    case 'no-storage':
      return 'NS';
    default:
      return storage ? '?' : '';
  }
}

export function rowView(row: FleetRow, wabas: ReadonlyMap<string, string>, policy: Policy) {
  const storage = row.state === 'done' ? interpretStorage(row.settings) : undefined;
  const number = row.phone.display_phone_number ?? row.phoneNumberId;
  return {
    row,
    id: row.phoneNumberId,
    number,
    digits: phoneDigits(number),
    name: row.phone.verified_name ?? '',
    wabaId: row.wabaId,
    wabaName: wabas.get(row.wabaId) ?? row.wabaId,
    registration: registrationState(row.phone).state,
    storage,
    place: placeOf(storage),
    quality: (row.phone.quality_rating ?? '').toUpperCase(),
    readAt: row.readAt,
    policy: evaluatePolicy(policy, row.wabaId, storage).result,
  } satisfies FleetRowView;
}

function matches(v: FleetRowView, f: FleetFilters): boolean {
  if (f.waba && v.wabaId !== f.waba) return false;
  if (f.region && v.place !== f.region) return false;
  if (f.policy && v.policy !== f.policy) return false;
  if (f.status) {
    const status =
      v.row.state !== 'done'
        ? v.row.state
        : v.registration.startsWith('registered')
          ? 'registered'
          : 'unregistered';
    if (status !== f.status) return false;
  }
  const q = f.q.trim().toLowerCase();
  if (q) {
    // Letters mean a name; otherwise the digits of a number in any format (or its ID).
    if (/\p{L}/u.test(q)) return v.name.toLowerCase().includes(q);
    const digits = phoneDigits(q);
    return digits.length > 0 && (v.digits.includes(digits) || v.id.includes(digits));
  }
  return true;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const sortValue: Record<SortKey, (v: FleetRowView) => string | number> = {
  number: (v) => v.digits,
  name: (v) => v.name,
  waba: (v) => v.wabaName,
  registration: (v) => v.registration,
  storage: (v) => v.place,
  quality: (v) => v.quality,
  read: (v) => v.readAt ?? 0,
  policy: (v) => POLICY_RESULTS.indexOf(v.policy),
};

/**
 * The rows a person sees: filtered, searched (number digits or name) and sorted; ties keep
 * the scan's order.
 * @example visibleRows(rows, wabas, policy, { ...NO_FILTERS, region: 'BR' })
 */
export function visibleRows(
  rows: readonly FleetRow[],
  wabas: readonly FleetWaba[],
  policy: Policy,
  filters: FleetFilters,
): FleetRowView[] {
  const names = new Map(wabas.map((w) => [w.id, w.name ?? w.id]));
  const views = rows.map((r) => rowView(r, names, policy)).filter((v) => matches(v, filters));
  const key = sortValue[filters.sort];
  const sign = filters.dir === 'desc' ? -1 : 1;
  return views
    .map((v, i) => ({ v, i }))
    .sort((a, b) => {
      const x = key(a.v);
      const y = key(b.v);
      const c =
        typeof x === 'number' && typeof y === 'number'
          ? x - y
          : collator.compare(String(x), String(y));
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map(({ v }) => v);
}

const oneOf = <T extends string>(list: readonly T[], value: string | null): T | '' =>
  value !== null && (list as readonly string[]).includes(value) ? (value as T) : '';

/**
 * Filters from a page URL's query; anything unknown is ignored.
 * @example filtersFromSearch('?region=BR&policy=non-compliant').region // 'BR'
 */
export function filtersFromSearch(search: string): FleetFilters {
  const p = new URLSearchParams(search);
  const waba = p.get('waba') ?? '';
  return {
    waba: /^\d{1,30}$/.test(waba) ? waba : '',
    region: oneOf(PLACE_CODES, p.get('region')),
    status: oneOf(STATUS_FILTERS, p.get('status')),
    policy: oneOf(POLICY_RESULTS, p.get('policy')),
    q: (p.get('q') ?? '').slice(0, 100),
    sort: oneOf(SORT_KEYS, p.get('sort')) || NO_FILTERS.sort,
    dir: p.get('dir') === 'desc' ? 'desc' : 'asc',
  };
}

/** @example searchFromFilters({ ...NO_FILTERS, region: 'BR' }) // '?region=BR' */
export function searchFromFilters(f: FleetFilters): string {
  const p = new URLSearchParams();
  for (const key of ['waba', 'region', 'status', 'policy', 'q'] as const)
    if (f[key]) p.set(key, f[key]);
  if (f.sort !== NO_FILTERS.sort) p.set('sort', f.sort);
  if (f.dir !== NO_FILTERS.dir) p.set('dir', f.dir);
  const text = p.toString();
  return text ? `?${text}` : '';
}

/** The slice of rows to render for a scroll position: what fits, plus a margin each side. */
export function windowOf(
  total: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  overscan = 8,
): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const count = Math.ceil(viewportHeight / rowHeight);
  return {
    start: Math.max(0, first - overscan),
    end: Math.min(total, first + count + overscan),
  };
}
