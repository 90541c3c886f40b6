// The change flow's state as zod schemas, for the journal and the messages the background
// checks. Kept apart from the pure transitions (machine.ts), which extension pages use
// without zod.
import { z } from 'zod';
import { SerializedGraphErrorSchema } from '../graph/error-body';
import { FLOW_KINDS, STEP_NAMES, TARGET_PATTERN } from './machine';
import { SIX_DIGITS } from './pin';

/** Two-step verification PIN and verification code, as messages carry them (pin.ts). */
export const PinSchema = z.string().regex(SIX_DIGITS);
export const VerificationCodeSchema = z.string().regex(SIX_DIGITS);

/** Where data should end up: a region code, or 'default' (in-country storage off). */
export const TargetSchema = z.string().regex(TARGET_PATTERN);

export const StepSchema = z.object({
  name: z.enum(STEP_NAMES),
  status: z.enum(['pending', 'running', 'done', 'failed', 'unknown']),
  /** A set-storage step's own target, when it differs from the flow's (the step via default). */
  target: TargetSchema.optional(),
  startedAt: z.number().optional(),
  endedAt: z.number().optional(),
  error: SerializedGraphErrorSchema.optional(),
  /** A check of Meta's answer is waiting to read again (Meta may report a change late). */
  check: z
    .object({ attempt: z.number().int(), of: z.number().int(), nextAt: z.number() })
    .optional(),
});
export type Step = z.infer<typeof StepSchema>;

export const PhaseSchema = z.enum([
  'ready', // next step can run
  'running',
  'awaiting-pin', // the next step is register and needs the PIN (again)
  'needs-verification', // Meta wants the number verified by code first
  'interrupted', // a step's outcome is unknown; Resume reads the number first
  'failed', // stopped on an error; see error and retryable
  'completed',
]);
export type Phase = z.infer<typeof PhaseSchema>;

export const FlowStateSchema = z.object({
  id: z.string(),
  kind: z.enum(FLOW_KINDS),
  phoneNumberId: z.string().regex(/^\d+$/),
  displayPhoneNumber: z.string().optional(),
  verifiedName: z.string().optional(),
  /** Storage target for enable/disable/move/revert; absent for a plain register. */
  target: TargetSchema.optional(),
  before: z.object({ storage: z.string(), registered: z.boolean() }),
  steps: z.array(StepSchema),
  phase: PhaseSchema,
  error: SerializedGraphErrorSchema.optional(),
  /** False when retrying would not help (72-hour block, too many PIN guesses). */
  retryable: z.boolean(),
  /** Set when the person chose to go back instead: the flow that restores the old setting. */
  supersededBy: z.string().optional(),
  /** Set when the person closed a stopped change that left the number as it was. */
  dismissedAt: z.number().optional(),
  /**
   * How a region-to-region change was made: sent directly, or (when Meta refused that) by
   * turning in-country storage off and then on in the new region.
   */
  storagePath: z.enum(['direct', 'via-default']).optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type FlowState = z.infer<typeof FlowStateSchema>;
