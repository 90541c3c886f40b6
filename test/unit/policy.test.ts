import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { EMPTY_POLICY, evaluatePolicy, type Policy, policyToJson } from '@/utils/policy';
import { parsePolicyFile } from '@/utils/policy/schema';
import { policyStore } from '@/utils/storage';

const own = { regions: [], defaultStorageAllowed: true, noStorageAllowed: false };
const policy: Policy = {
  all: { regions: ['BR', 'DE'], defaultStorageAllowed: false, noStorageAllowed: true },
  wabas: { '7': own },
};

describe('evaluatePolicy', () => {
  it('the rule for all decides for WABAs without their own', () => {
    expect(evaluatePolicy(policy, '1', { kind: 'in-country', region: 'BR' })).toEqual({
      result: 'compliant',
      rule: 'all',
    });
    expect(evaluatePolicy(policy, '1', { kind: 'in-country', region: 'IN' }).result).toBe(
      'non-compliant',
    );
    expect(evaluatePolicy(policy, '1', { kind: 'default', explicit: 'absent' }).result).toBe(
      'non-compliant',
    );
    expect(evaluatePolicy(policy, '1', { kind: 'no-storage', retentionMinutes: 60 }).result).toBe(
      'compliant',
    );
  });

  it("a WABA's own rule replaces the rule for all", () => {
    expect(evaluatePolicy(policy, '7', { kind: 'default', explicit: 'disabled' })).toEqual({
      result: 'compliant',
      rule: 'waba',
    });
    expect(evaluatePolicy(policy, '7', { kind: 'in-country', region: 'BR' }).result).toBe(
      'non-compliant',
    );
    expect(evaluatePolicy(policy, '7', { kind: 'no-storage', retentionMinutes: null }).result).toBe(
      'non-compliant',
    );
  });

  it('storage it cannot tell is unknown; no rule is no policy', () => {
    expect(evaluatePolicy(policy, '1', undefined).result).toBe('unknown');
    expect(evaluatePolicy(policy, '1', { kind: 'unknown', statusRaw: 'X' }).result).toBe('unknown');
    expect(evaluatePolicy(EMPTY_POLICY, '1', { kind: 'in-country', region: 'BR' })).toEqual({
      result: 'no-policy',
    });
  });
});

describe('the policy file', () => {
  it('round-trips, with WABAs sorted and regions in Meta order', () => {
    const text = policyToJson({
      all: { regions: ['DE', 'BR'], defaultStorageAllowed: false, noStorageAllowed: true },
      wabas: { '210000000000010': own, '210000000000009': own },
    });
    const file = JSON.parse(text);
    expect(file.format).toBe('residency-policy');
    expect(file.all.regions).toEqual(['DE', 'BR']);
    expect(Object.keys(file.wabas)).toEqual(['210000000000009', '210000000000010']);
    const back = parsePolicyFile(`\uFEFF${text}`);
    expect(back.ok && back.policy.wabas['210000000000009']).toEqual(own);
  });

  it('names what is wrong in a bad file', () => {
    const file = (o: Record<string, unknown>) =>
      JSON.stringify({ format: 'residency-policy', version: 1, all: null, wabas: {}, ...o });
    expect(parsePolicyFile('{"format": ')).toMatchObject({
      ok: false,
      problem: { kind: 'not-json' },
    });
    expect(parsePolicyFile('[]')).toMatchObject({ problem: { kind: 'not-policy' } });
    expect(parsePolicyFile('{"all":null}')).toMatchObject({ problem: { kind: 'not-policy' } });
    expect(parsePolicyFile(file({ version: 2 }))).toMatchObject({
      problem: { kind: 'version', found: '2' },
    });
    expect(
      parsePolicyFile(file({ all: { regions: ['BR', 'US'], defaultStorageAllowed: true } })),
    ).toMatchObject({ problem: { kind: 'region', at: 'all.regions.[1]', value: 'US' } });
    expect(
      parsePolicyFile(file({ wabas: { '12': { regions: [], defaultStorageAllowed: 'yes' } } })),
    ).toMatchObject({
      problem: { kind: 'type', at: 'wabas.12.defaultStorageAllowed', expected: 'boolean' },
    });
    expect(
      parsePolicyFile(file({ all: { regions: [], defaultStorageAllowed: true, region: 'BR' } })),
    ).toMatchObject({ problem: { kind: 'unknown-key', at: 'all', keys: ['region'] } });
    expect(
      parsePolicyFile(file({ wabas: { acme: { regions: [], defaultStorageAllowed: true } } })),
    ).toMatchObject({ problem: { kind: 'waba-id', at: 'wabas.acme' } });
  });
});

describe('policyStore', () => {
  it('keeps the policy in local storage; a stored value that does not parse reads as none', async () => {
    expect(await policyStore.get()).toEqual(EMPTY_POLICY);
    await policyStore.set(policy);
    expect(await policyStore.get()).toEqual(policy);
    await fakeBrowser.storage.local.set({ residencyPolicy: { all: 'everything' } });
    expect(await policyStore.get()).toEqual(EMPTY_POLICY);
    await expect(
      policyStore.set({ all: { regions: ['XX'] }, wabas: {} } as unknown as Policy),
    ).rejects.toThrow();
  });
});
