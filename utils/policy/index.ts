import { z } from 'zod';
import type { StorageStatus } from '../graph/status';
import { REGION_CODES, type RegionCode } from '../regions';

/**
 * The residency policy: where each WABA's numbers may keep their data. A rule names the
 * allowed Local Storage regions and whether Meta's default storage (US) and No Storage are
 * acceptable; one rule can cover every WABA, and a WABA can have its own instead.
 */

const digits = z.string().regex(/^\d{1,30}$/);

export const PolicyRuleSchema = z
  .object({
    regions: z.array(z.enum(REGION_CODES)),
    defaultStorageAllowed: z.boolean(),
    /** No Storage keeps no message data at rest; allowed unless a rule says otherwise. */
    noStorageAllowed: z.boolean().default(true),
  })
  .strict();
export type PolicyRule = z.infer<typeof PolicyRuleSchema>;

export const PolicySchema = z
  .object({
    /** The rule for every WABA without its own; null when there is none. */
    all: PolicyRuleSchema.nullable(),
    wabas: z.record(digits, PolicyRuleSchema),
  })
  .strict();
export type Policy = z.infer<typeof PolicySchema>;

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
  storage: StorageStatus | undefined,
): PolicyVerdict {
  const found = ruleFor(policy, wabaId);
  if (!found) return { result: 'no-policy' };
  const { rule, from } = found;
  const verdict = (ok: boolean): PolicyVerdict => ({
    result: ok ? 'compliant' : 'non-compliant',
    rule: from,
  });
  switch (storage?.kind) {
    case 'default':
      return verdict(rule.defaultStorageAllowed);
    case 'in-country':
      return verdict(rule.regions.includes(storage.region));
    case 'no-storage':
      return verdict(rule.noStorageAllowed);
    default:
      return { result: 'unknown', rule: from };
  }
}

// ---- the policy file ----

export const POLICY_FILE_FORMAT = 'residency-policy';

const PolicyFileSchema = z
  .object({
    format: z.literal(POLICY_FILE_FORMAT),
    version: z.literal(1),
    all: PolicyRuleSchema.nullable(),
    wabas: z.record(digits, PolicyRuleSchema),
  })
  .strict();

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

/** Why a policy file was refused: where, and what is wrong there (words in policyIssue*). */
export type PolicyFileProblem =
  | { kind: 'not-json'; detail: string }
  | { kind: 'not-policy' }
  | { kind: 'version'; found: string }
  | { kind: 'region'; at: string; value: string }
  | { kind: 'unknown-key'; at: string; keys: string[] }
  | { kind: 'type'; at: string; expected: string }
  | { kind: 'waba-id'; at: string }
  | { kind: 'other'; at: string; detail: string };

export type PolicyFileResult =
  | { ok: true; policy: Policy }
  | { ok: false; problem: PolicyFileProblem };

const pathText = (path: (string | number)[]) =>
  path.length ? path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.') : '(file)';

function problemOf(issue: z.ZodIssue, input: unknown): PolicyFileProblem {
  const at = pathText(issue.path);
  if (issue.path[0] === 'format') return { kind: 'not-policy' };
  if (issue.path[0] === 'version')
    return {
      kind: 'version',
      found: JSON.stringify((input as Record<string, unknown>)?.version ?? null),
    };
  if (issue.code === 'invalid_enum_value')
    return { kind: 'region', at, value: String(issue.received) };
  if (issue.code === 'unrecognized_keys') return { kind: 'unknown-key', at, keys: issue.keys };
  if (issue.code === 'invalid_type') return { kind: 'type', at, expected: issue.expected };
  if (issue.code === 'invalid_string' && issue.path[0] === 'wabas') return { kind: 'waba-id', at };
  return { kind: 'other', at, detail: issue.message };
}

/**
 * Reads a policy file, or says precisely what is wrong with it (first problem only).
 * @example parsePolicyFile('{"format":"residency-policy","version":1,"all":null,"wabas":{}}')
 *   // { ok: true, policy: { all: null, wabas: {} } }
 */
export function parsePolicyFile(text: string): PolicyFileResult {
  let input: unknown;
  try {
    input = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, problem: { kind: 'not-json', detail: (error as Error).message } };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, problem: { kind: 'not-policy' } };
  const parsed = PolicyFileSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.ZodIssue;
    return { ok: false, problem: problemOf(issue, input) };
  }
  const { all, wabas } = parsed.data;
  return { ok: true, policy: { all, wabas } };
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
  storage: StorageStatus | undefined,
): (PolicyVerdict & { allowed: string[] }) | null {
  if (wabaId === undefined && Object.keys(policy.wabas).length > 0) return null;
  const found = ruleFor(policy, wabaId ?? '');
  return {
    ...evaluatePolicy(policy, wabaId ?? '', storage),
    allowed: found ? allowedPlaces(found.rule) : [],
  };
}
