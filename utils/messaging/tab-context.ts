import { z } from 'zod';
import { SerializedGraphErrorSchema } from '../graph/error-body';

export const TabResolutionSchema = z.enum([
  'no-page', // not a Manager page Residency understands
  'no-token', // a Manager page, but no token is stored yet
  'waba', // names a WABA but no number: show the WABA's numbers
  'resolving', // looking the number up
  'resolved', // phoneNumberId found
  'not-found', // the WABA has no number with these digits
  'error', // Graph failed; see error
]);
export type TabResolution = z.infer<typeof TabResolutionSchema>;

export const ManagerPageSchema = z.object({
  businessId: z.string().optional(),
  wabaId: z.string().optional(),
  phoneNumber: z.object({ raw: z.string(), digits: z.string() }).optional(),
  section: z.enum(['home', 'phone-numbers', 'phone-profile', 'message-templates', 'other']),
  childRoute: z.string().optional(),
});

/** What a tab shows and what the background found for it; kept in session storage per tab. */
export const TabContextSchema = z.object({
  tabId: z.number().int(),
  url: z.string(),
  page: ManagerPageSchema.nullable(),
  resolution: TabResolutionSchema,
  phoneNumberId: z.string().optional(),
  error: SerializedGraphErrorSchema.optional(),
  updatedAt: z.number(),
});
export type TabContext = z.infer<typeof TabContextSchema>;
