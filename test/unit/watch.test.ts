import { describe, expect, it } from 'vitest';
import type { FleetRow, ScanState } from '@/utils/fleet';
import { tPlural } from '@/utils/i18n';
import { numberVerdict, type Policy } from '@/utils/policy';
import {
  checkCalls,
  checkCallsOf,
  compareChecks,
  driftedSince,
  EMPTY_WATCH,
  eventsToShow,
  MISSED_GRACE_MS,
  missedCheckGap,
  recordEvents,
  type SeenNumber,
  seenNumbers,
  type WatchEvent,
  WatchStateSchema,
  withinCap,
} from '@/utils/watch';

const HOUR = 3_600_000;
let ids = 0;
const newId = () => `e${++ids}`;

const seen = (over: Partial<SeenNumber> = {}): SeenNumber => ({
  wabaId: '21',
  number: '+55 11 5555-0001',
  storage: 'BR',
  registration: 'registered-cloud',
  ...over,
});

const row = (id: string, over: Partial<FleetRow> = {}): FleetRow => ({
  phoneNumberId: id,
  wabaId: '21',
  phone: { id, display_phone_number: `+49 30 ${id}`, platform_type: 'CLOUD_API' },
  state: 'done',
  settings: {
    storage_configuration: { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: 'DE' },
  },
  ...over,
});

const scanOf = (rows: FleetRow[]): ScanState => ({
  id: 's',
  startedAt: 0,
  phase: 'done',
  wabas: [
    { id: '21', state: 'listed', pages: 1 },
    { id: '22', state: 'listed', pages: 1 },
  ],
  rows,
  streak: 0,
  stats: { requests: 0, rateLimited: 0 },
});

describe('what a check saw', () => {
  it('keeps storage as a place code and registration as a word; failed rows are not seen', () => {
    const result = seenNumbers(
      scanOf([
        row('1'),
        row('2', { settings: {}, phone: { id: '2', platform_type: 'NOT_APPLICABLE' } }),
        row('3', { state: 'failed', settings: undefined }),
      ]),
    );
    expect(result).toEqual({
      '1': { wabaId: '21', number: '+49 30 1', storage: 'DE', registration: 'registered-cloud' },
      '2': { wabaId: '21', number: '2', storage: 'US', registration: 'unregistered' },
    });
  });
});

describe('drift comparison', () => {
  it('records each changed field with before, after and the interval it happened in', () => {
    const changes = compareChecks(
      { '1': seen(), '2': seen({ number: '+1 2' }) },
      {
        '1': seen({ storage: 'DE', registration: 'unregistered' }),
        '2': seen({ number: '+1 2' }),
      },
      9 * HOUR,
      10 * HOUR,
      newId,
    );
    expect(changes.map(({ id: _id, ...c }) => c)).toEqual([
      {
        kind: 'change',
        phoneNumberId: '1',
        number: '+55 11 5555-0001',
        wabaId: '21',
        field: 'storage',
        before: 'BR',
        after: 'DE',
        since: 9 * HOUR,
        observedAt: 10 * HOUR,
      },
      expect.objectContaining({
        field: 'registration',
        before: 'registered-cloud',
        after: 'unregistered',
      }),
    ]);
  });

  it('does not call a number one check did not see a change (new, removed or unread)', () => {
    expect(compareChecks({ '1': seen() }, { '2': seen({ storage: 'IN' }) }, 0, 1, newId)).toEqual(
      [],
    );
    expect(compareChecks({ '1': seen() }, { '1': seen() }, 0, 1, newId)).toEqual([]);
  });
});

describe('gap detection', () => {
  it('finds a check missed while the browser was closed, by the time of the last one', () => {
    expect(missedCheckGap(9 * HOUR, 13 * HOUR, HOUR)).toEqual({ from: 9 * HOUR, to: 13 * HOUR });
  });

  it('allows an alarm to be a little late, and knows nothing before the first check', () => {
    expect(missedCheckGap(9 * HOUR, 10 * HOUR + MISSED_GRACE_MS, HOUR)).toBeNull();
    expect(missedCheckGap(9 * HOUR, 10 * HOUR + MISSED_GRACE_MS + 1, HOUR)).not.toBeNull();
    expect(missedCheckGap(undefined, 13 * HOUR, HOUR)).toBeNull();
  });
});

describe('calls and their cap', () => {
  it('counts a read per number, the list pages of each account and the token calls', () => {
    expect(checkCalls([{ numbers: 250 }, { numbers: 0 }, { numbers: 100 }])).toEqual({
      numbers: 350,
      // 250 → 3 pages; an empty account → 1; exactly 100 → 2 (Graph gives a next cursor).
      pages: 6,
      account: 2,
      total: 358,
    });
  });

  it('counts the fleet a scan listed, accounts without numbers included', () => {
    expect(checkCallsOf(scanOf([row('1'), row('2')]))).toEqual({
      numbers: 2,
      pages: 2,
      account: 2,
      total: 6,
    });
  });

  it('lets a check run only within the cap; an unknown fleet is stopped by the cap as it runs', () => {
    const calls = checkCalls([{ numbers: 2000 }]);
    expect(withinCap(calls, calls.total)).toBe(true);
    expect(withinCap(calls, calls.total - 1)).toBe(false);
    expect(withinCap(undefined, 1)).toBe(true);
  });
});

describe('the record', () => {
  const change = (n: number): WatchEvent => ({
    kind: 'change',
    id: `c${n}`,
    phoneNumberId: String(n),
    number: `+1 ${n}`,
    wabaId: '21',
    field: 'storage',
    before: 'BR',
    after: 'DE',
    since: n - 1,
    observedAt: n,
  });

  it('keeps the newest entries up to the limit and counts what it removed', () => {
    let watch = recordEvents(EMPTY_WATCH, [change(1), change(2), change(3)], 4);
    expect(watch.trimmed).toEqual({ removed: 0 });
    watch = recordEvents(watch, [change(4), change(5), change(6)], 4);
    expect(watch.events.map((e) => e.id)).toEqual(['c3', 'c4', 'c5', 'c6']);
    expect(watch.trimmed).toEqual({ removed: 2, through: 2 });
    expect(WatchStateSchema.parse(watch)).toEqual(watch);
  });

  it('counts numbers that changed after the person last looked', () => {
    const events = [change(1), change(5), { ...change(6), phoneNumberId: '5' }];
    expect([...driftedSince(events, 2)]).toEqual(['5']);
    expect(driftedSince(events, 6).size).toBe(0);
  });

  it('lists newest first, filters by number and keeps gaps, which hide every number', () => {
    const gap: WatchEvent = { kind: 'gap', id: 'g', from: 2, to: 4, reason: 'missed' };
    const events = [change(1), gap, change(5)];
    expect(eventsToShow(events, '').map((e) => e.id)).toEqual(['c5', 'g', 'c1']);
    expect(eventsToShow(events, '+1 5').map((e) => e.id)).toEqual(['c5', 'g']);
  });
});

describe('the open number against its policy', () => {
  const policy: Policy = {
    all: { regions: ['DE', 'IN'], defaultStorageAllowed: false, noStorageAllowed: false },
    wabas: {},
  };

  it('says which places are allowed, and whether the number meets them', () => {
    expect(numberVerdict(policy, '21', { kind: 'in-country', region: 'BR' })).toEqual({
      result: 'non-compliant',
      rule: 'all',
      allowed: ['IN', 'DE'], // Meta's order of regions
    });
    expect(numberVerdict(policy, '21', { kind: 'in-country', region: 'DE' })?.result).toBe(
      'compliant',
    );
  });

  it('does not guess the rule of a number whose account is unknown when accounts have their own', () => {
    const own = { ...policy, wabas: { '22': { ...policy.all!, regions: ['BR' as const] } } };
    expect(numberVerdict(own, undefined, { kind: 'in-country', region: 'BR' })).toBeNull();
    expect(numberVerdict(policy, undefined, { kind: 'default', explicit: 'absent' })?.result).toBe(
      'non-compliant',
    );
  });
});

describe('count sentences', () => {
  it('read the plural key the UI language needs, with the count formatted', () => {
    expect(tPlural('badgeDrifted', 1)).toBe(
      'Residency: 1 number changed since you last looked at the fleet watch',
    );
    expect(tPlural('badgeDrifted', 1200)).toBe(
      'Residency: 1,200 numbers changed since you last looked at the fleet watch',
    );
  });
});
