import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '@/utils/audit/canonical';
import {
  appendToChain,
  chainEntries,
  GENESIS_HASH,
  isCall,
  isTrim,
  recordHash,
  verifyChain,
} from '@/utils/audit/chain';
import type { AuditEntry, AuditRecord, ChainedEntry } from '@/utils/audit/entry';
import { toCsv, toJson } from '@/utils/audit/export';

const call = (i: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  id: `e${i}`,
  at: new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString(),
  phoneNumberId: '106540352242922',
  action: i % 2 ? 'register' : 'deregister',
  result: 'success',
  fbtraceId: `trace-${i}`,
  ...extra,
});

/** A history written the way Residency writes it: one append at a time. */
async function written(count: number, limit = 1000): Promise<AuditRecord[]> {
  let records: AuditRecord[] = [];
  for (let i = 0; i < count; i++) records = (await appendToChain(records, call(i), limit)).records;
  return records;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('canonical JSON', () => {
  it('sorts keys at every depth, leaves out undefined and writes no whitespace', () => {
    expect(
      canonicalJson({ b: 1, a: { d: [true, null, 'x'], c: undefined, é: 'ü' }, A: -0.5 }),
    ).toBe('{"A":-0.5,"a":{"d":[true,null,"x"],"é":"ü"},"b":1}');
  });

  it('refuses values that have no JSON form instead of hashing something else', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });

  it('hashes with SHA-256 over UTF-8, the same as any other implementation', async () => {
    expect(await sha256Hex('')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(await sha256Hex('{"région":"ü"}')).toBe(sha256('{"région":"ü"}'));
  });
});

describe('the hash chain', () => {
  it('seals each call with the hash of its canonical form, linked to the one before', async () => {
    const [first, second] = (await written(2)) as ChainedEntry[];
    expect(first?.prevHash).toBe(GENESIS_HASH);
    // Recomputed by hand from the documented form, not by the code under test.
    expect(first?.hash).toBe(
      sha256(
        `{"action":"deregister","at":"2026-11-01T00:00:00.000Z","fbtraceId":"trace-0","id":"e0","phoneNumberId":"106540352242922","prevHash":"${GENESIS_HASH}","result":"success"}`,
      ),
    );
    expect(second?.prevHash).toBe(first?.hash);
    expect(second?.hash).toBe(await recordHash(second as ChainedEntry));
  });

  it('chains existing calls in order (the format upgrade)', async () => {
    const chained = await chainEntries([call(0), call(1), call(2)]);
    expect(chained.map((c) => c.id)).toEqual(['e0', 'e1', 'e2']);
    expect(chained).toEqual(await written(3));
  });

  it('verifies an untouched history as intact, with its head hash and count', async () => {
    const records = await written(5);
    expect(await verifyChain(records)).toEqual({
      state: 'intact',
      headHash: records[4]?.hash,
      count: 5,
      calls: 5,
      trims: 0,
    });
    expect(await verifyChain([])).toMatchObject({
      state: 'intact',
      headHash: GENESIS_HASH,
      count: 0,
    });
  });
});

describe('tampering is found, with its position', () => {
  it('an edited entry', async () => {
    const records = await written(5);
    const edited = records.map((r, i) => (i === 2 ? { ...r, regionAfter: 'US' } : r));
    expect(await verifyChain(edited)).toMatchObject({
      state: 'broken',
      position: 3,
      count: 5,
      problem: 'edited',
      record: { id: 'e2' },
      found: records[2]?.hash,
    });
  });

  it('an edited entry whose hash was recomputed breaks the next link', async () => {
    const records = await written(5);
    const forged = { ...records[2], result: 'error' } as AuditRecord;
    forged.hash = await recordHash(forged);
    const tampered = records.map((r, i) => (i === 2 ? forged : r));
    expect(await verifyChain(tampered)).toMatchObject({
      position: 4,
      problem: 'removed',
      expected: forged.hash,
      found: records[2]?.hash,
    });
  });

  it('a removed entry, in the middle or at the start', async () => {
    const records = await written(5);
    expect(await verifyChain(records.filter((_, i) => i !== 3))).toMatchObject({
      position: 4,
      problem: 'removed',
      record: { id: 'e4' },
    });
    expect(await verifyChain(records.slice(2))).toMatchObject({
      position: 1,
      problem: 'removed',
      expected: GENESIS_HASH,
    });
  });

  it('reordered entries', async () => {
    const records = await written(5);
    const swapped = [records[0], records[2], records[1], records[3], records[4]] as AuditRecord[];
    expect(await verifyChain(swapped)).toMatchObject({
      position: 2,
      problem: 'reordered',
      record: { id: 'e2' },
    });
  });

  it('an added entry, even one sealed and linked like a real one', async () => {
    const records = await written(3);
    const [intruder] = await chainEntries([call(9)], records[0]?.hash);
    const added = [records[0], intruder, records[1], records[2]] as AuditRecord[];
    expect(await verifyChain(added)).toMatchObject({
      position: 3,
      problem: 'added',
      record: { id: 'e1' },
    });
  });
});

describe('retention trims are in the chain', () => {
  it('keep the newest calls, record what went, and still verify', async () => {
    const records = await written(7, 5);
    const calls = records.filter((r) => !isTrim(r));
    expect(calls.map((c) => c.id)).toEqual(['e2', 'e3', 'e4', 'e5', 'e6']);
    const trims = records.filter(isTrim);
    expect(trims).toMatchObject([
      { kind: 'trim', removed: 1, removedFrom: call(0).at, removedThrough: call(0).at },
      { kind: 'trim', removed: 1, removedFrom: call(1).at, removedThrough: call(1).at },
    ]);
    // The oldest kept record links to the last one removed, which the newest trim names.
    expect(records[0]?.prevHash).toBe(trims.at(-1)?.lastRemovedHash);
    expect(await verifyChain(records)).toMatchObject({
      state: 'intact',
      headHash: records.at(-1)?.hash,
      calls: 5,
      trims: 2,
    });
  });

  it('report the calls removed; older trim markers go with them', async () => {
    let records = await written(5, 5);
    let removed = 0;
    for (let i = 5; i < 20; i++) {
      const next = await appendToChain(records, call(i), 5);
      records = next.records;
      removed += next.trim?.removed ?? 0;
    }
    expect(removed).toBe(15);
    expect(records.filter((r) => !isTrim(r))).toHaveLength(5);
    expect(records.length).toBeLessThan(11);
    expect(isTrim(records[0] as AuditRecord)).toBe(false);
    expect(await verifyChain(records)).toMatchObject({ state: 'intact' });
  });

  it('a trim removed by hand, or entries removed past the trim, are found', async () => {
    const records = await written(7, 5);
    const trimAt = records.findIndex(isTrim);
    expect(await verifyChain(records.filter((_, i) => i !== trimAt))).toMatchObject({
      state: 'broken',
      position: trimAt + 1,
      problem: 'removed',
    });
    expect(await verifyChain(records.slice(1))).toMatchObject({
      state: 'broken',
      position: 1,
      problem: 'removed',
    });
    const trim = records[trimAt] as AuditRecord;
    const edited = records.map((r) => (r === trim ? { ...trim, removed: 0 } : r));
    expect(await verifyChain(edited)).toMatchObject({ position: trimAt + 1, problem: 'edited' });
  });
});

describe('exports carry the chain', () => {
  const exportedAt = '2026-12-02T04:00:00.000Z';

  it('CSV: each record with its hash and the one before, then the head', async () => {
    const records = await written(7, 5);
    const verdict = await verifyChain(records);
    const lines = toCsv(records, verdict, exportedAt).trimEnd().split('\r\n');
    const header = lines[0]?.split(',') ?? [];
    // 0.1.0's columns first, in their order; the chain's after them.
    expect(lines[0]).toMatch(/^at,phoneNumberId,(\w+,){7}flowId,kind,.*,prevHash,hash$/);
    expect(lines).toHaveLength(records.length + 2);
    const cell = (line: string | undefined, column: string) =>
      line?.split(',')[header.indexOf(column)];
    records.forEach((r, i) => {
      expect(cell(lines[i + 1], 'hash')).toBe(r.hash);
      expect(cell(lines[i + 1], 'prevHash')).toBe(r.prevHash);
      expect(cell(lines[i + 1], 'kind')).toBe(isTrim(r) ? 'trim' : 'call');
    });
    const head = lines.at(-1);
    expect(cell(head, 'kind')).toBe('head');
    expect(cell(head, 'at')).toBe(exportedAt);
    expect(cell(head, 'result')).toBe('intact');
    expect(cell(head, 'hash')).toBe(records.at(-1)?.hash);
  });

  it('JSON: the records as stored, the head hash and the check, from which anyone can recompute', async () => {
    const records = await written(3);
    const tampered = records.map((r, i) => (i === 1 ? { ...r, regionAfter: 'US' } : r));
    const file = JSON.parse(toJson(tampered, await verifyChain(tampered), exportedAt));
    expect(file).toMatchObject({
      format: 'residency-change-history',
      exportedAt,
      headHash: records[2]?.hash,
      check: {
        state: 'broken',
        position: 2,
        problem: 'edited',
        result: 'broken at entry 2: edited',
      },
      entries: tampered,
    });
    expect(file.check).not.toHaveProperty('record');
    // The recomputation a reader would do: drop `hash`, canonical JSON, SHA-256.
    const { hash, ...content } = file.entries[0];
    expect(sha256(canonicalJson(content))).toBe(hash);
  });
});

describe('retention in batches', () => {
  it('removes the oldest calls a batch at a time, one trim record per batch, and stays intact', async () => {
    let records: AuditRecord[] = [];
    for (let i = 0; i < 25; i++) records = (await appendToChain(records, call(i), 10, 4)).records;
    const calls = records.filter(isCall);
    expect(calls.length).toBeLessThanOrEqual(10);
    expect(calls.length).toBeGreaterThan(10 - 4);
    expect(calls.at(-1)?.id).toBe(call(24).id);
    // 25 calls through a limit of 10 in batches of 4: far fewer trims than removed calls.
    const trims = records.filter(isTrim);
    expect(trims.every((t) => t.removed === 4)).toBe(true);
    expect(await verifyChain(records)).toMatchObject({ state: 'intact' });
  });
});
