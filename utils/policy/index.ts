import type { StorageStatus } from '../graph/status';
import { REGION_CODES, type RegionCode } from '../regions';

/**
 * The residency policy: where each WABA's numbers may keep their data. A rule names the
 * allowed Local Storage regions and whether Meta's default storage (US) and No Storage are
 * acceptable; one rule can cover every WABA, and a WABA can have its own instead. Plain types
 * and pure functions here, for the pages; the schemas that check stored and imported policies
 * are in ./schema.ts (zod stays out of the pages that only show a verdict).
 */
export interface PolicyRule {
  regions: RegionCode[];
  defaultStorageAllowed: boolean;
  /** No Storage keeps no message data at rest; allowed unless a rule says otherwise. */
  noStorageAllowed: boolean;
}

export interface Policy {
  /** The rule for every WABA without its own; null when there is none. */
  all: PolicyRule | null;
  /** WABA ID → its own rule. */
  wabas: Record<string, PolicyRule>;
}

export const EMPTY_POLICY: Policy = { all: null, wabas: {} };

export const POLICY_RESULTS = ['compliant', 'non-compliant', 'unknown', 'no-policy'] as const;
/**
 * 'unknown': the storage could not be told (not read yet, failed, or a value Residency does
 * not know); 'no-policy': no rule covers the WABA.
 */
export type PolicyResult = (typeof POLICY_RESULTS)[number];

export interface PolicyVerdict {
  result: PolicyResult;
  /** Which rule decided: the WABA's own or the one for all. */
  rule?: 'waba' | 'all';
}

/** @example ruleFor(policy, '2100') // the WABA's own rule, else the rule for all, else null */
export function ruleFor(
  policy: Policy,
  wabaId: string,
): { rule: PolicyRule; from: 'waba' | 'all' } | null {
  const own = policy.wabas[wabaId];
  if (own) return { rule: own, from: 'waba' };
  return policy.all ? { rule: policy.all, from: 'all' } : null;
}

/**
 * Whether a number's storage meets the policy of its WABA. Pure: the overview, the export
 * and the tests all decide the same way.
 * @example evaluatePolicy({ all: { regions: ['BR'], defaultStorageAllowed: false, noStorageAllowed: true }, wabas: {} }, '1', { kind: 'in-country', region: 'BR' })
 *   // { result: 'compliant', rule: 'all' }
 */
export function evaluatePolicy(
  policy: Policy,
  wabaId: string,
  status: StorageStatus | undefined,
): PolicyVerdict {
  const found = ruleFor(policy, wabaId);
  if (!found) return { result: 'no-policy' };
  const { rule, from } = found;
  const verdict = (ok: boolean): PolicyVerdict => ({
    result: ok ? 'compliant' : 'non-compliant',
    rule: from,
  });
  switch (status?.kind) {
    case 'default':
      return verdict(rule.defaultStorageAllowed);
    case 'in-country':
      return verdict(rule.regions.includes(status.region));
    case 'no-storage':
      return verdict(rule.noStorageAllowed);
    default:
      return { result: 'unknown', rule: from };
  }
}

// ---- the policy file ----

export const POLICY_FILE_FORMAT = 'residency-policy';

/**
 * The policy as a file people can keep and review: sorted WABAs, regions in Meta's order.
 * @example policyToJson(EMPTY_POLICY) // '{\n  "format": "residency-policy",\n  "version": 1, …'
 */
export function policyToJson(policy: Policy): string {
  const tidy = (rule: PolicyRule): PolicyRule => ({
    regions: REGION_CODES.filter((r) => rule.regions.includes(r)),
    defaultStorageAllowed: rule.defaultStorageAllowed,
    noStorageAllowed: rule.noStorageAllowed,
  });
  const wabas = Object.fromEntries(
    Object.keys(policy.wabas)
      .sort()
      .map((id) => [id, tidy(policy.wabas[id] as PolicyRule)]),
  );
  return `${JSON.stringify(
    { format: POLICY_FILE_FORMAT, version: 1, all: policy.all && tidy(policy.all), wabas },
    null,
    2,
  )}\n`;
}

/** @example allowedRegions(rule) // ['BR', 'DE'] in Meta's order */
export const allowedRegions = (rule: PolicyRule): RegionCode[] =>
  REGION_CODES.filter((r) => rule.regions.includes(r));

// ---- the open number's verdict ----

/** What a rule allows, in Meta's region order: region codes, then 'US' (default), 'NS'. */
export function allowedPlaces(rule: PolicyRule): string[] {
  return [
    ...REGION_CODES.filter((r) => rule.regions.includes(r)),
    ...(rule.defaultStorageAllowed ? ['US'] : []),
    ...(rule.noStorageAllowed ? ['NS'] : []),
  ];
}

/**
 * The policy result for one open number, with what its rule allows; null when its WABA is
 * unknown (a number looked up by ID) and some WABA has a rule of its own, so the rule that
 * applies cannot be told.
 * @example numberVerdict(policy, '2100', { kind: 'in-country', region: 'BR' })
 *   // { result: 'non-compliant', rule: 'all', allowed: ['DE', 'IN'] }
 */
export function numberVerdict(
  policy: Policy,
  wabaId: string | undefined,
  status: StorageStatus | undefined,
): (PolicyVerdict & { allowed: string[] }) | null {
  if (wabaId === undefined && Object.keys(policy.wabas).length > 0) return null;
  const found = ruleFor(policy, wabaId ?? '');
  return {
    ...evaluatePolicy(policy, wabaId ?? '', status),
    allowed: found ? allowedPlaces(found.rule) : [],
  };
}
