import { z } from 'zod';

/**
 * Shapes of the Graph API answers Residency reads. Unknown extra fields pass (Meta adds fields
 * without notice; z.object drops them); missing or mistyped required ones fail parsing and
 * become a 'malformed' GraphError. Display values (status, quality…) are kept as received, in
 * whatever letter case Meta used, because sources disagree on the value lists.
 */

// IDs end up in request paths; accepting only digits keeps a bad answer from steering a call.
const GraphId = z.string().regex(/^\d{1,30}$/);

export const PhoneNumberSchema = z.object({
  id: GraphId,
  display_phone_number: z.string().optional(),
  verified_name: z.string().optional(),
  quality_rating: z.string().optional(),
  code_verification_status: z.string().optional(),
  name_status: z.string().optional(),
  status: z.string().optional(),
  platform_type: z.string().optional(),
  /** Newer docs' name for platform_type. */
  host_platform: z.string().optional(),
  is_on_biz_app: z.boolean().optional(),
  throughput: z.object({ level: z.string().optional() }).optional(),
  account_mode: z.string().optional(),
  /** Shape differs between sources; kept as received for display. */
  health_status: z.record(z.unknown()).optional(),
  last_onboarded_time: z.string().optional(),
});
export type PhoneNumber = z.infer<typeof PhoneNumberSchema>;

export const PagingSchema = z.object({
  cursors: z.object({ before: z.string().optional(), after: z.string().optional() }).optional(),
  next: z.string().optional(),
  previous: z.string().optional(),
});
export type Paging = z.infer<typeof PagingSchema>;

export const PhoneNumberListSchema = z.object({
  data: z.array(PhoneNumberSchema),
  paging: PagingSchema.optional(),
});
export type PhoneNumberList = z.infer<typeof PhoneNumberListSchema>;

/** Status seen as IN_COUNTRY_STORAGE_ENABLED, in_country_storage_enabled, DEFAULT, NO_STORAGE_ENABLED. */
export const StorageConfigurationSchema = z.object({
  status: z.string().min(1),
  data_localization_region: z.string().optional(),
  retention_minutes: z.number().optional(),
});
export type StorageConfiguration = z.infer<typeof StorageConfigurationSchema>;

/** `GET /<PHONE_NUMBER_ID>/settings`; the calling and payload_encryption blocks are ignored. */
export const SettingsSchema = z.object({
  storage_configuration: StorageConfigurationSchema.optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

/**
 * `{"success": true}` of settings, register and deregister. `{"success": false}` fails parsing
 * on purpose (a 'malformed' error naming `success`): a state change Meta did not confirm must
 * never pass as done, even for a caller that forgets to look at the flag.
 */
export const SuccessSchema = z.object({ success: z.literal(true) });
export type Success = z.infer<typeof SuccessSchema>;

export const GraphErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().optional(),
    code: z.number().int(),
    /** Deprecated by Meta; still refines 190 (token) and 100 (object not visible). */
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

/** `GET /me?fields=id,name`: the system user the token belongs to. */
export const MeSchema = z.object({ id: GraphId, name: z.string().optional() });
export type Me = z.infer<typeof MeSchema>;

/** `GET /me/permissions`: status is 'granted' or 'declined' (kept as received). */
export const PermissionsSchema = z.object({
  data: z.array(z.object({ permission: z.string(), status: z.string() })),
});
export type Permissions = z.infer<typeof PermissionsSchema>;

/** `GET /<WABA_ID>?fields=id,name`. */
export const WabaSchema = z.object({ id: GraphId, name: z.string().optional() });
export type Waba = z.infer<typeof WabaSchema>;

/** `GET /<SYSTEM_USER_ID>/assigned_whatsapp_business_accounts?fields=id,name`. */
export const AssignedWabaListSchema = z.object({
  data: z.array(WabaSchema),
  paging: PagingSchema.optional(),
});
