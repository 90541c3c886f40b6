import { describe, expect, it } from 'vitest';
import type { FleetRow, FleetWaba } from '@/utils/fleet';
import {
  filtersFromSearch,
  NO_FILTERS,
  searchFromFilters,
  visibleRows,
  windowOf,
} from '@/utils/fleet/view';
import type { Policy } from '@/utils/policy';

const wabas: FleetWaba[] = [
  { id: '1', name: 'Bank B', state: 'listed', pages: 1 },
  { id: '2', name: 'Bank A', state: 'listed', pages: 1 },
];
const row = (id: string, wabaId: string, over: Partial<FleetRow> = {}): FleetRow => ({
  phoneNumberId: id,
  wabaId,
  phone: {
    id,
    display_phone_number: `+55 11 ${id}`,
    verified_name: `Line ${id}`,
    platform_type: 'CLOUD_API',
  },
  state: 'done',
  settings: {},
  readAt: Number(id),
  ...over,
});
const br = {
  storage_configuration: { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: 'BR' },
};
const rows = [
  row('30', '1', { settings: br }),
  row('10', '2'),
  row('20', '1', {
    phone: { id: '20', display_phone_number: '+1 555', platform_type: 'NOT_APPLICABLE' },
  }),
  row('40', '2', { state: 'failed', settings: undefined, readAt: undefined }),
  row('50', '2', { settings: { storage_configuration: { status: 'NO_STORAGE_ENABLED' } } }),
];
const policy: Policy = {
  all: { regions: ['BR'], defaultStorageAllowed: false, noStorageAllowed: true },
  wabas: {},
};
const ids = (f: Partial<typeof NO_FILTERS>) =>
  visibleRows(rows, wabas, policy, { ...NO_FILTERS, ...f }).map((v) => v.id);

describe('visibleRows', () => {
  it('sorts by WABA name by default, keeping the scan order within one', () => {
    expect(ids({})).toEqual(['10', '40', '50', '30', '20']);
    expect(ids({ sort: 'read', dir: 'desc' })).toEqual(['50', '30', '20', '10', '40']);
  });

  it('filters by WABA, place, status and policy result', () => {
    expect(ids({ waba: '1' })).toEqual(['30', '20']);
    expect(ids({ region: 'BR' })).toEqual(['30']);
    expect(ids({ region: 'US' })).toEqual(['10', '20']);
    expect(ids({ region: 'NS' })).toEqual(['50']);
    expect(ids({ status: 'unregistered' })).toEqual(['20']);
    expect(ids({ status: 'failed' })).toEqual(['40']);
    expect(ids({ policy: 'non-compliant' })).toEqual(['10', '20']);
    expect(ids({ policy: 'unknown' })).toEqual(['40']);
  });

  it('searches number digits (any format) and names', () => {
    expect(ids({ q: '(11) 30' })).toEqual(['30']);
    expect(ids({ q: 'line 5' })).toEqual(['50']);
    expect(ids({ q: 'nothing' })).toEqual([]);
  });
});

describe('filters in the URL', () => {
  it('round-trips and ignores what it does not know', () => {
    const f = {
      ...NO_FILTERS,
      waba: '2',
      region: 'BR',
      policy: 'compliant' as const,
      q: 'x y',
      sort: 'read' as const,
      dir: 'desc' as const,
    };
    expect(filtersFromSearch(searchFromFilters(f))).toEqual(f);
    expect(searchFromFilters(NO_FILTERS)).toBe('');
    expect(filtersFromSearch('?region=XX&status=maybe&waba=abc&sort=evil')).toEqual(NO_FILTERS);
  });
});

describe('windowOf', () => {
  it('renders only what is in view plus a margin', () => {
    expect(windowOf(2000, 0, 560, 40)).toEqual({ start: 0, end: 22 });
    expect(windowOf(2000, 40_000, 560, 40)).toEqual({ start: 992, end: 1022 });
    expect(windowOf(2000, 80_000, 560, 40).end).toBe(2000);
    expect(windowOf(5, 0, 560, 40)).toEqual({ start: 0, end: 5 });
  });
});
