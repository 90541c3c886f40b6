import { z } from 'zod';
import { REGION_CODES } from '../regions';
import { POLICY_FILE_FORMAT, type Policy, type PolicyRule } from './index';

// The policy's schemas: for what enters the background (stored policy, messages) and for a
// policy file a person imports. The types they give are the plain ones of ./index.ts.

const digits = z.string().regex(/^\d{1,30}$/);

export const PolicyRuleSchema: z.ZodType<PolicyRule, z.ZodTypeDef, unknown> = z
  .object({
    regions: z.array(z.enum(REGION_CODES)),
    defaultStorageAllowed: z.boolean(),
    noStorageAllowed: z.boolean().default(true),
  })
  .strict();

/** The rule for all WABAs (or none) and each WABA's own: stored as is, and in the file. */
const policyFields = {
  all: PolicyRuleSchema.nullable(),
  wabas: z.record(digits, PolicyRuleSchema),
};

export const PolicySchema: z.ZodType<Policy, z.ZodTypeDef, unknown> = z
  .object(policyFields)
  .strict();

const PolicyFileSchema = z
  .object({ format: z.literal(POLICY_FILE_FORMAT), version: z.literal(1), ...policyFields })
  .strict();

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
