import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  type AuditEntry,
  type AuditInput,
  appendAudit,
  CSV_COLUMNS,
  countRegistrationCalls,
  csvCell,
  listAudit,
  MAX_AUDIT_ENTRIES,
  REGISTRATION_WINDOW_MS,
  registrationCallsSince,
  toCsv,
  toJson,
} from '@/utils/audit';

const T0 = Date.parse('2026-11-20T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  id: 'e1',
  at: iso(T0),
  phoneNumberId: '106540352242922',
  action: 'register',
  result: 'success',
  ...over,
});

describe('the audit log', () => {
  it('appends entries in order and fills in id and time', async () => {
    await appendAudit({ phoneNumberId: '1', action: 'deregister', result: 'success' });
    await appendAudit(
      entry({ id: 'x', action: 'set-storage', regionBefore: 'default', regionAfter: 'BR' }),
    );
    const all = await listAudit();
    expect(all).toHaveLength(2);
    expect(all[0]?.id).toMatch(/.+/);
    expect(Number.isNaN(Date.parse(all[0]?.at ?? ''))).toBe(false);
    expect(all[1]).toEqual(
      entry({ id: 'x', action: 'set-storage', regionBefore: 'default', regionAfter: 'BR' }),
    );
  });

  it(`keeps at most ${MAX_AUDIT_ENTRIES} entries, dropping the oldest`, async () => {
    const full = Array.from({ length: MAX_AUDIT_ENTRIES }, (_, i) => entry({ id: `old${i}` }));
    await fakeBrowser.storage.local.set({ auditLog: full });
    for (let i = 0; i < 3; i++) await appendAudit(entry({ id: `new${i}` }));
    const all = await listAudit();
    expect(all).toHaveLength(MAX_AUDIT_ENTRIES);
    expect(all[0]?.id).toBe('old3');
    expect(all.at(-1)?.id).toBe('new2');
  });

  it('loses no entry when many are appended at once', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => appendAudit(entry({ id: `c${i}` }))));
    expect((await listAudit()).map((e) => e.id).sort()).toEqual(
      Array.from({ length: 40 }, (_, i) => `c${i}`).sort(),
    );
  });

  it.each([
    ['an object', { a: 1 }],
    ['a string', 'x'],
    ['null', null],
  ])('reads %s in storage as an empty log', async (_label, value) => {
    await fakeBrowser.storage.local.set({ auditLog: value });
    expect(await listAudit()).toEqual([]);
  });

  it('skips damaged entries and keeps the rest', async () => {
    await fakeBrowser.storage.local.set({
      auditLog: [entry({ id: 'ok' }), { id: 'bad', action: 'format-disk' }, 7],
    });
    expect((await listAudit()).map((e) => e.id)).toEqual(['ok']);
  });

  it('stores only the listed fields (a stray pin or token never reaches storage)', async () => {
    const sneaky = { ...entry(), pin: '654321', token: 'EAAJB-secret' } as unknown as AuditInput;
    await appendAudit(sneaky);
    const raw = JSON.stringify(await fakeBrowser.storage.local.get(null));
    expect(raw).not.toContain('654321');
    expect(raw).not.toContain('EAAJB');
  });
});

describe('register/deregister counting for the 10-per-72-hours limit', () => {
  const NOW = T0 + 100 * 3_600_000;
  const since = NOW - REGISTRATION_WINDOW_MS;
  const entries: AuditEntry[] = [
    entry({ id: '1', at: iso(since), action: 'deregister' }), // exactly at the window start
    entry({ id: '2', at: iso(since - 1), action: 'register' }), // just outside
    entry({ id: '3', at: iso(NOW - 1000), action: 'register', result: 'error', errorCode: 133005 }),
    entry({ id: '4', at: iso(NOW - 500), action: 'register', result: 'unknown' }),
    entry({ id: '5', at: iso(NOW - 400), action: 'set-storage' }), // not a registration call
    entry({ id: '6', at: iso(NOW - 300), action: 'request-code' }),
    entry({ id: '7', at: iso(NOW - 200), action: 'deregister', phoneNumberId: '999' }),
    entry({ id: '8', at: 'not a date', action: 'deregister' }),
  ];

  it('counts register and deregister of this number since the given time, any result', () => {
    expect(countRegistrationCalls(entries, '106540352242922', since)).toBe(3);
    expect(countRegistrationCalls(entries, '999', since)).toBe(1);
    expect(countRegistrationCalls(entries, '106540352242922', NOW)).toBe(0);
  });

  it('reads them from storage', async () => {
    await fakeBrowser.storage.local.set({ auditLog: entries });
    expect(await registrationCallsSince('106540352242922', since)).toBe(3);
    expect(await registrationCallsSince('106540352242922', since + 1)).toBe(2);
    expect(await registrationCallsSince('404', since)).toBe(0);
  });

  it('still answers the older (entries, id, now) form', () => {
    expect(registrationCallsSince(entries, '106540352242922', NOW)).toBe(2);
  });
});

describe('export', () => {
  it('writes a header row and one CRLF-terminated row per entry', () => {
    const csv = toCsv([
      entry({ regionBefore: 'default', regionAfter: 'BR', errorCode: 133005, errorSubcode: 2 }),
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines[1]).toBe(`e1,${iso(T0)},106540352242922,,register,default,BR,success,133005,2,,`);
    expect(lines[2]).toBe('');
    expect(lines).toHaveLength(3);
    expect(toCsv([])).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1 555 0100', "'+1 555 0100"],
    ['-2', "'-2"],
    ['@cmd', "'@cmd"],
    ['\tTAB', "'\tTAB"],
    ['\rCR', '"\'\rCR"'],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ["it's", "it's"],
    [undefined, ''],
    [133016, '133016'],
  ])('csvCell(%j) is %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('neutralises formulas in every column, e.g. a display number', () => {
    const csv = toCsv([
      entry({ displayPhoneNumber: '+1 555-0100', fbtraceId: '=cmd|"/c calc"!A1' }),
    ]);
    expect(csv).toContain(",'+1 555-0100,");
    expect(csv).toContain(`"'=cmd|""/c calc""!A1"`);
  });

  it('exports JSON that reads back to the same entries', () => {
    const list = [entry(), entry({ id: 'e2', action: 'deregister', result: 'unknown' })];
    expect(JSON.parse(toJson(list))).toEqual(list);
  });
});
