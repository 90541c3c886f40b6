import { z } from 'zod';

/**
 * Shapes of the Graph API answers Residency reads. Unknown extra fields pass (Meta adds fields);
 * missing or mistyped required ones fail parsing and become a 'malformed' GraphError.
 * Display values (status, quality…) are kept as received, in whatever letter case Meta used.
 */

export const PhoneNumberSchema = z.object({
  id: z.string().regex(/^\d+$/),
  display_phone_number: z.string().optional(),
  verified_name: z.string().optional(),
  quality_rating: z.string().optional(),
  code_verification_status: z.string().optional(),
  name_status: z.string().optional(),
  status: z.string().optional(),
  platform_type: z.string().optional(),
  host_platform: z.string().optional(),
  is_on_biz_app: z.boolean().optional(),
  throughput: z.object({ level: z.string().optional() }).optional(),
  account_mode: z.string().optional(),
  last_onboarded_time: z.string().optional(),
});
export type PhoneNumber = z.infer<typeof PhoneNumberSchema>;

export const PagingSchema = z.object({
  cursors: z.object({ before: z.string().optional(), after: z.string().optional() }).optional(),
  next: z.string().optional(),
  previous: z.string().optional(),
});

export const PhoneNumberListSchema = z.object({
  data: z.array(PhoneNumberSchema),
  paging: PagingSchema.optional(),
});
export type PhoneNumberList = z.infer<typeof PhoneNumberListSchema>;

export const StorageConfigurationSchema = z.object({
  status: z.string().min(1),
  data_localization_region: z.string().optional(),
  retention_minutes: z.number().optional(),
});
export type StorageConfiguration = z.infer<typeof StorageConfigurationSchema>;

export const SettingsSchema = z.object({
  storage_configuration: StorageConfigurationSchema.optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SuccessSchema = z.object({ success: z.literal(true) });

export const GraphErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().optional(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
    error_data: z
      .union([
        z.object({ messaging_product: z.string().optional(), details: z.string().optional() }),
        z.string(),
      ])
      .optional(),
    is_transient: z.boolean().optional(),
    fbtrace_id: z.string().optional(),
  }),
});
export type GraphErrorBody = z.infer<typeof GraphErrorBodySchema>;

export const MeSchema = z.object({ id: z.string(), name: z.string().optional() });
export const PermissionsSchema = z.object({
  data: z.array(z.object({ permission: z.string(), status: z.string() })),
});
