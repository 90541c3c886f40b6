import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appendToChain, GENESIS_HASH } from '@/utils/audit/chain';
import type { AuditEntry, AuditRecord } from '@/utils/audit/entry';
import { evidenceRows, toEvidenceJson } from '@/utils/evidence';
import {
  buildEvidenceReport,
  historyIn,
  periodFromSearch,
  searchFromPeriod,
  summarize,
} from '@/utils/evidence/report';
import type { FleetRow, ScanState } from '@/utils/fleet';
import type { Policy } from '@/utils/policy';

const READ_AT = Date.parse('2026-12-02T03:04:05.678Z');
const WABA_A = '210000000000001';
const WABA_B = '210000000000002';
const WABA_EMPTY = '210000000000003';

const settingsIn = (region: string) => ({
  storage_configuration: { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: region },
});

const row = (id: string, over: Partial<FleetRow> = {}): FleetRow => ({
  phoneNumberId: id,
  wabaId: WABA_A,
  phone: {
    id,
    display_phone_number: `+55 11 4000-${id.padStart(4, '0')}`,
    platform_type: 'CLOUD_API',
  },
  state: 'done',
  settings: settingsIn('BR'),
  readAt: READ_AT,
  traceId: `trace-${id}`,
  apiVersion: 'v23.0',
  ...over,
});

const scan: ScanState = {
  id: 'scan-7',
  startedAt: READ_AT - 60_000,
  finishedAt: READ_AT + 1000,
  phase: 'done',
  wabas: [
    { id: WABA_A, name: 'Bank A', state: 'listed', pages: 1 },
    { id: WABA_B, name: 'Bank B', state: 'listed', pages: 1 },
    { id: WABA_EMPTY, name: 'Empty', state: 'listed', pages: 1 },
  ],
  rows: [
    row('1'),
    row('2', { settings: settingsIn('IN') }),
    row('3', { settings: {} }),
    row('4', { wabaId: WABA_B, settings: settingsIn('BR') }),
    row('5', {
      wabaId: WABA_B,
      settings: { storage_configuration: { status: 'NO_STORAGE_ENABLED', retention_minutes: 60 } },
    }),
    row('6', {
      wabaId: WABA_B,
      state: 'failed',
      settings: undefined,
      readAt: undefined,
      error: { kind: 'graph', category: 'server', message: 'boom', code: 1, isTransient: true },
    }),
  ],
  streak: 0,
  stats: { requests: 9, rateLimited: 0 },
};

// A: Brazil only. B: its own rule, Brazil or No Storage. The empty WABA falls under A's rule.
const policy: Policy = {
  all: { regions: ['BR'], defaultStorageAllowed: false, noStorageAllowed: false },
  wabas: { [WABA_B]: { regions: ['BR'], defaultStorageAllowed: false, noStorageAllowed: true } },
};

const call = (at: string, i: number): AuditEntry => ({
  id: `e${i}`,
  at,
  phoneNumberId: '1',
  action: 'set-storage',
  regionBefore: 'default',
  regionAfter: 'BR',
  result: 'success',
});

async function history(times: string[]): Promise<AuditRecord[]> {
  let records: AuditRecord[] = [];
  for (const [i, at] of times.entries())
    records = (await appendToChain(records, call(at, i), 1000)).records;
  return records;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const period = periodFromSearch('?from=2026-11-01&to=2026-11-30', READ_AT);

describe('the report summary', () => {
  const rows = evidenceRows(scan, policy);
  const { totals, byStorage, byWaba } = summarize(rows, scan.wabas);

  it('counts numbers per storage state and region, split by policy result', () => {
    expect(byStorage).toEqual([
      {
        status: 'in-country',
        region: 'BR',
        numbers: 2,
        compliant: 2,
        nonCompliant: 0,
        unknown: 0,
        noPolicy: 0,
      },
      {
        status: 'in-country',
        region: 'IN',
        numbers: 1,
        compliant: 0,
        nonCompliant: 1,
        unknown: 0,
        noPolicy: 0,
      },
      {
        status: 'default',
        region: 'US',
        numbers: 1,
        compliant: 0,
        nonCompliant: 1,
        unknown: 0,
        noPolicy: 0,
      },
      {
        status: 'no-storage',
        region: '',
        numbers: 1,
        compliant: 1,
        nonCompliant: 0,
        unknown: 0,
        noPolicy: 0,
      },
      // Not read: its storage, and so its policy result, cannot be told.
      {
        status: '',
        region: '',
        numbers: 1,
        compliant: 0,
        nonCompliant: 0,
        unknown: 1,
        noPolicy: 0,
      },
    ]);
  });

  it('counts per WABA in the scan order, listing a WABA without numbers too', () => {
    expect(
      byWaba.map((w) => [w.wabaId, w.wabaName, w.numbers, w.compliant, w.nonCompliant, w.unknown]),
    ).toEqual([
      [WABA_A, 'Bank A', 3, 1, 2, 0],
      [WABA_B, 'Bank B', 3, 2, 0, 1],
      [WABA_EMPTY, 'Empty', 0, 0, 0, 0],
    ]);
  });

  it('totals add up to every number', () => {
    expect(totals).toEqual({ numbers: 6, compliant: 3, nonCompliant: 2, unknown: 1, noPolicy: 0 });
    const sum = (key: 'numbers' | 'compliant') => byStorage.reduce((n, g) => n + g[key], 0);
    expect(sum('numbers')).toBe(6);
    expect(sum('compliant')).toBe(3);
  });

  it('counts numbers no rule covers as "no policy"', () => {
    const none = summarize(evidenceRows(scan, { all: null, wabas: {} }), scan.wabas);
    expect(none.totals).toEqual({
      numbers: 6,
      compliant: 0,
      nonCompliant: 0,
      unknown: 0,
      noPolicy: 6,
    });
  });
});

describe('the report model', () => {
  it('prints the SHA-256 of the canonical JSON export, which anyone can recompute', async () => {
    const report = await buildEvidenceReport({ scan, policy, records: [], period });
    expect(report.evidenceJson).toBe(toEvidenceJson(scan, policy));
    expect(report.evidenceSha256).toBe(sha256(toEvidenceJson(scan, policy)));
    expect(report.rows).toEqual(evidenceRows(scan, policy));
    expect(report.scanComplete).toBe(true);
  });

  it('gives another hash when one number or the policy differs', async () => {
    const base = await buildEvidenceReport({ scan, policy, records: [], period });
    const moved = structuredClone(scan);
    (moved.rows[0] as FleetRow).settings = settingsIn('DE');
    const otherScan = await buildEvidenceReport({ scan: moved, policy, records: [], period });
    const otherPolicy = await buildEvidenceReport({
      scan,
      policy: { ...policy, all: null },
      records: [],
      period,
    });
    expect(new Set([base, otherScan, otherPolicy].map((r) => r.evidenceSha256)).size).toBe(3);
  });

  it('lists the history in the period only, and checks the whole chain', async () => {
    const records = await history([
      '2026-10-31T12:00:00.000Z',
      new Date(period.from).toISOString(),
      '2026-11-15T08:00:00.000Z',
      new Date(period.to - 1).toISOString(),
      new Date(period.to).toISOString(),
    ]);
    const report = await buildEvidenceReport({ scan, policy, records, period });
    expect(report.history.map((r) => r.id)).toEqual(['e1', 'e2', 'e3']);
    expect(report.chain).toMatchObject({ state: 'intact', count: 5, headHash: records[4]?.hash });
  });

  it('reports a chain an edit has broken, wherever the edit is', async () => {
    const records = await history(['2026-10-01T00:00:00.000Z', '2026-11-10T00:00:00.000Z']);
    (records[0] as AuditEntry).regionAfter = 'US';
    const report = await buildEvidenceReport({ scan, policy, records, period });
    expect(report.chain).toMatchObject({ state: 'broken', position: 1, problem: 'edited' });
    expect(report.history).toHaveLength(1);
  });

  it('an empty history: intact, head hash of the genesis', async () => {
    const report = await buildEvidenceReport({ scan, policy, records: [], period });
    expect(report.chain).toMatchObject({ state: 'intact', count: 0, headHash: GENESIS_HASH });
    expect(report.history).toEqual([]);
  });

  it('says when the scan is not complete', async () => {
    const running: ScanState = {
      ...scan,
      phase: 'numbers',
      finishedAt: undefined,
      rows: [...scan.rows, row('7', { state: 'pending', settings: undefined, readAt: undefined })],
    };
    const report = await buildEvidenceReport({ scan: running, policy, records: [], period });
    expect(report.scanComplete).toBe(false);
  });
});

describe('the report period', () => {
  const now = new Date(2026, 11, 2, 15, 30).getTime();

  it('is the last 30 days up to today by default', () => {
    const p = periodFromSearch('', now);
    expect(p).toMatchObject({ fromDay: '2026-11-02', toDay: '2026-12-02' });
    expect(p.from).toBe(new Date(2026, 10, 2).getTime());
    expect(p.to).toBe(new Date(2026, 11, 3).getTime());
  });

  it('takes the days from the URL, both included, and writes them back the same', () => {
    const p = periodFromSearch('?from=2026-01-05&to=2026-01-05', now);
    expect(p.to - p.from).toBe(new Date(2026, 0, 6).getTime() - new Date(2026, 0, 5).getTime());
    expect(searchFromPeriod(p)).toBe('?from=2026-01-05&to=2026-01-05');
  });

  it('falls back to the default for a day that does not exist, a reversed or a partial period', () => {
    for (const search of [
      '?from=2026-02-31&to=2026-03-02',
      '?from=2026-03-02&to=2026-03-01',
      '?from=2026-03-01',
      '?from=x&to=y',
    ])
      expect(periodFromSearch(search, now).fromDay).toBe('2026-11-02');
  });

  it('history boundaries follow the period exactly', async () => {
    const p = periodFromSearch('?from=2026-11-01&to=2026-11-01', now);
    const records = await history([
      new Date(p.from - 1).toISOString(),
      new Date(p.from).toISOString(),
      new Date(p.to).toISOString(),
    ]);
    expect(historyIn(records, p).map((r) => r.id)).toEqual(['e1']);
  });
});
