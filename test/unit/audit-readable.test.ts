import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditRecord, ChainedEntry, TrimMarker } from '../../utils/audit/entry';
import {
  actionWords,
  describeCall,
  describeGroup,
  describeTrim,
  filterHistory,
  groupHistory,
  historyError,
  historyNumbers,
  historyPeriod,
  historyTime,
  recordWords,
  storageWords,
} from '../../utils/audit/readable';

const HASH = 'a'.repeat(64);
let n = 0;
function call(at: string, fields: Partial<AuditEntry> = {}): ChainedEntry {
  n += 1;
  return {
    id: `call-${n}`,
    at,
    phoneNumberId: '1001',
    displayPhoneNumber: '+1 555-0101',
    action: 'register',
    result: 'success',
    prevHash: HASH,
    hash: HASH,
    ...fields,
  };
}
const trim = (at: string, fields: Partial<TrimMarker> = {}): TrimMarker => ({
  kind: 'trim',
  id: `trim-${at}`,
  at,
  removed: 100,
  removedFrom: '2026-11-01T08:00:00.000Z',
  removedThrough: '2026-11-02T09:30:00.000Z',
  lastRemovedHash: HASH,
  prevHash: HASH,
  hash: HASH,
  ...fields,
});

describe('grouping the change history', () => {
  it('puts the calls of one change together, even when another change ran in between', () => {
    const a1 = call('2026-12-02T10:00:00Z', { flowId: 'A', action: 'deregister' });
    const b1 = call('2026-12-02T10:00:30Z', { flowId: 'B', phoneNumberId: '2002' });
    const a2 = call('2026-12-02T10:01:00Z', { flowId: 'A', action: 'set-storage' });
    const a3 = call('2026-12-02T10:02:00Z', { flowId: 'A', action: 'register' });
    const groups = groupHistory([a1, b1, a2, a3]);
    expect(groups.map((g) => g.id)).toEqual(['A', 'B']);
    const [first] = groups;
    expect(first?.kind === 'change' && first.calls.map((c) => c.id)).toEqual([a1.id, a2.id, a3.id]);
    expect(first?.kind === 'change' && first.loose).toBe(false);
  });

  it('groups calls outside a change per number while they are close in time', () => {
    const x1 = call('2026-12-02T10:00:00Z', { action: 'request-code' });
    const x2 = call('2026-12-02T10:10:00Z', { action: 'verify-code' });
    const y1 = call('2026-12-02T10:11:00Z', { phoneNumberId: '2002', action: 'request-code' });
    const x3 = call('2026-12-02T10:12:00Z', { action: 'request-code' });
    const x4 = call('2026-12-02T12:00:00Z', { action: 'request-code' });
    const groups = groupHistory([x1, x2, y1, x3, x4]);
    const ids = groups.map((g) => (g.kind === 'change' ? g.calls.map((c) => c.id) : []));
    // Newest first: x4 alone (over 30 minutes later), x3 alone (another number came between), y1, x1+x2.
    expect(ids).toEqual([[x4.id], [x3.id], [y1.id], [x1.id, x2.id]]);
    expect(groups.every((g) => g.kind === 'change' && g.loose)).toBe(true);
  });

  it('shows a retention trim as its own entry, in time order', () => {
    const old = call('2026-12-01T10:00:00Z', { flowId: 'A' });
    const marker = trim('2026-12-02T09:00:00Z');
    const recent = call('2026-12-02T10:00:00Z', { flowId: 'B' });
    expect(groupHistory([old, marker, recent]).map((g) => g.kind)).toEqual([
      'change',
      'trim',
      'change',
    ]);
    expect(groupHistory([old, marker, recent]).map((g) => g.id)).toEqual(['B', marker.id, 'A']);
  });
});

describe('filtering the change history', () => {
  const day1 = call(new Date(2026, 11, 1, 23, 59).toISOString());
  const day2 = call(new Date(2026, 11, 2, 0, 0).toISOString(), { phoneNumberId: '2002' });
  const day3 = call(new Date(2026, 11, 3, 12, 0).toISOString());
  const marker = trim(new Date(2026, 11, 2, 12, 0).toISOString());
  const records: AuditRecord[] = [day1, day2, marker, day3];

  it('keeps both days of a period whole, in the local calendar', () => {
    expect(filterHistory(records, { from: '2026-12-02', to: '2026-12-02' })).toEqual([
      day2,
      marker,
    ]);
    expect(filterHistory(records, { from: '2026-12-02' })).toEqual([day2, marker, day3]);
    expect(filterHistory(records, { to: '2026-12-01' })).toEqual([day1]);
  });

  it('narrows to one number, leaving out retention trims', () => {
    expect(filterHistory(records, { phoneNumberId: '1001' })).toEqual([day1, day3]);
    expect(filterHistory(records, { phoneNumberId: '2002', to: '2026-12-01' })).toEqual([]);
  });

  it('ignores a date that is not a day', () => {
    expect(filterHistory(records, { from: 'yesterday' })).toEqual(records);
  });

  it('lists each number once, by its newest name', () => {
    const renamed = call('2026-12-04T00:00:00Z', { displayPhoneNumber: '+1 555-0199' });
    expect(historyNumbers([...records, renamed])).toEqual([
      { phoneNumberId: '2002', label: '+1 555-0101' },
      { phoneNumberId: '1001', label: '+1 555-0199' },
    ]);
  });
});

describe('the change history in words', () => {
  it('names storage as the rest of Residency does, regions by the browser', () => {
    expect(storageWords('SG', 'en')).toBe('Singapore');
    expect(storageWords('DE', 'de')).toBe('Deutschland');
    expect(storageWords('no-storage', 'en')).toBe('No Storage');
    expect(storageWords('US', 'en')).toBe('United States');
    expect(storageWords('default', 'en')).toBe('Default storage (United States)');
    expect(storageWords('in-country:XX', 'en')).toBe(
      'In-country storage in an unrecognised region: XX',
    );
    expect(storageWords('unknown', 'en')).toMatch(/^Unknown storage status: unknown$/);
  });

  it('names calls in words, in the past when Meta accepted them', () => {
    expect(actionWords({ action: 'deregister', result: 'success' }, 'en')).toBe('Deregistered');
    expect(actionWords({ action: 'deregister', result: 'error' }, 'en')).toBe('Deregister');
    expect(actionWords({ action: 'set-storage', regionAfter: 'DE', result: 'success' }, 'en')).toBe(
      'Set Local Storage to Germany',
    );
    expect(
      actionWords({ action: 'set-storage', regionAfter: 'default', result: 'success' }, 'en'),
    ).toBe('Turned in-country storage off');
    expect(actionWords({ action: 'request-code', result: 'success' }, 'en')).toBe(
      'Verification code requested',
    );
    expect(actionWords({ action: 'verify-code', result: 'unknown' }, 'en')).toBe(
      'Check a verification code',
    );
  });

  it('describes a storage change as before → after and other calls by the storage they had', () => {
    const set = call('2026-12-02T10:00:00Z', {
      action: 'set-storage',
      regionBefore: 'no-storage',
      regionAfter: 'SG',
      fbtraceId: 'AbC123xYz_-',
    });
    expect(describeCall(set, 'en')).toEqual({
      id: set.id,
      at: set.at,
      action: 'Set Local Storage to Singapore',
      outcome: 'success',
      result: 'Done',
      storage: 'No Storage → Singapore',
      traceId: 'AbC123xYz_-',
    });
    const register = call('2026-12-02T10:01:00Z', { regionBefore: 'SG' });
    expect(describeCall(register, 'en').storage).toBe('Singapore');
  });

  it("explains a refused call with the product's error words and Meta's code", () => {
    const refused = call('2026-12-02T10:00:00Z', { result: 'error', errorCode: 133005 });
    const words = describeCall(refused, 'en');
    expect(words).toMatchObject({ action: 'Register', result: 'Refused by Meta' });
    expect(words.error).toEqual({
      title: 'Wrong PIN',
      whatHappened: "The two-step verification PIN does not match this number's PIN.",
      code: 133005,
    });
    // No answer at all: nothing to explain but the unknown outcome.
    const lost = describeCall(call('2026-12-02T10:00:00Z', { result: 'unknown' }), 'en');
    expect(lost.result).toBe('No clear answer from Meta: Residency read the number to settle it');
    expect(lost.error).toBeUndefined();
    expect(historyError(undefined).title).toBe('Meta refused the request');
  });

  it('heads a change with its number, where it took storage and how it ended', () => {
    const calls = [
      call('2026-12-02T10:00:00Z', {
        flowId: 'A',
        action: 'deregister',
        regionBefore: 'no-storage',
      }),
      call('2026-12-02T10:01:00Z', {
        flowId: 'A',
        action: 'set-storage',
        regionBefore: 'no-storage',
        regionAfter: 'SG',
      }),
      call('2026-12-02T10:02:00Z', {
        flowId: 'A',
        regionBefore: 'SG',
        result: 'error',
        errorCode: 133005,
      }),
    ];
    const [group] = groupHistory(calls);
    expect(group?.kind).toBe('change');
    if (group?.kind !== 'change') return;
    expect(describeGroup(group, 'en')).toEqual({
      number: '+1 555-0101',
      phoneNumberId: '1001',
      storage: 'No Storage → Singapore',
      outcome: 'error',
      result: 'Stopped on an error',
      from: calls[0]?.at,
      to: calls[2]?.at,
    });
  });

  it('writes times in the UI locale', () => {
    const at = '2026-12-02T14:05:09Z';
    const expected = new Intl.DateTimeFormat('de', {
      dateStyle: 'medium',
      timeStyle: 'medium',
    }).format(new Date(at));
    expect(historyTime(at, 'de')).toBe(expected);
    expect(historyTime(at, 'de')).not.toBe(historyTime(at, 'en'));
  });

  it('says what a retention trim removed, and names a record a chain check points at', () => {
    const marker = trim('2026-12-02T09:00:00Z');
    expect(describeTrim(marker, 'en')).toBe(
      `Calls removed: 100, made from ${historyTime(marker.removedFrom ?? '', 'en')} to ${historyTime(marker.removedThrough ?? '', 'en')}.`,
    );
    expect(describeTrim(trim('x', { removed: 1500, removedFrom: undefined }), 'en')).toBe(
      'Calls removed: 1,500.',
    );
    const set = call('2026-12-02T10:00:00Z', { action: 'set-storage', regionAfter: 'DE' });
    expect(recordWords(set, 'en')).toBe(
      `That entry is “Set Local Storage to Germany” for +1 555-0101, recorded ${historyTime(set.at, 'en')}.`,
    );
    expect(recordWords(marker, 'en')).toBe(
      `That entry is the retention trim recorded ${historyTime(marker.at, 'en')}.`,
    );
  });
});

describe('when a change ran', () => {
  it('gives one time for one call, and the day once for a change within a day', () => {
    const at = '2026-12-02T14:05:09Z';
    expect(historyPeriod(at, at, 'en')).toBe(historyTime(at, 'en'));
    const later = '2026-12-02T14:07:30Z';
    const range = new Intl.DateTimeFormat('en', {
      dateStyle: 'medium',
      timeStyle: 'medium',
    }).formatRange(new Date(at), new Date(later));
    expect(historyPeriod(at, later, 'en')).toBe(range);
    expect(range.match(/2026/g)).toHaveLength(1);
  });
});
