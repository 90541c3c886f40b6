import { describe, expect, it } from 'vitest';
import {
  GraphErrorBodySchema,
  MeSchema,
  PermissionsSchema,
  PhoneNumberListSchema,
  PhoneNumberSchema,
  SettingsSchema,
  StorageConfigurationSchema,
  SuccessSchema,
  WabaSchema,
} from '@/utils/graph/schemas';

// An answer to GET /<PHONE_NUMBER_ID>?fields=… as Meta sends it, plus a field we do not know.
const phone = {
  id: '106540352242922',
  display_phone_number: '+1 555-668-2460',
  verified_name: 'Residency Test Clinic',
  quality_rating: 'GREEN',
  code_verification_status: 'VERIFIED',
  name_status: 'APPROVED',
  status: 'CONNECTED',
  platform_type: 'CLOUD_API',
  is_on_biz_app: false,
  throughput: { level: 'STANDARD' },
  account_mode: 'LIVE',
  health_status: { can_send_message: 'AVAILABLE', entities: [] },
  last_onboarded_time: '2025-03-04T10:21:07+0000',
  new_field_meta_added: { anything: true },
};

describe('PhoneNumberSchema', () => {
  it('accepts a full answer and drops unknown fields', () => {
    const parsed = PhoneNumberSchema.parse(phone);
    expect(parsed.verified_name).toBe('Residency Test Clinic');
    expect(parsed.throughput).toEqual({ level: 'STANDARD' });
    expect(parsed).not.toHaveProperty('new_field_meta_added');
  });

  it.each([
    ['only id', { id: '106540352242922' }],
    [
      'lower-case and unknown display values',
      { id: '1', status: 'migrated', quality_rating: 'na' },
    ],
    ['host_platform instead of platform_type', { id: '1', host_platform: 'CLOUD_API' }],
  ])('accepts %s', (_name, value) => {
    expect(PhoneNumberSchema.safeParse(value).success).toBe(true);
  });

  it.each([
    ['missing id', { display_phone_number: '+1 555-668-2460' }],
    ['numeric id', { id: 106540352242922 }],
    ['non-digit id', { id: '../me' }],
    ['display number not a string', { id: '1', display_phone_number: 15556682460 }],
    ['is_on_biz_app as string', { id: '1', is_on_biz_app: 'false' }],
    ['throughput not an object', { id: '1', throughput: 'STANDARD' }],
    ['null', null],
  ])('rejects %s', (_name, value) => {
    expect(PhoneNumberSchema.safeParse(value).success).toBe(false);
  });
});

describe('PhoneNumberListSchema', () => {
  it('accepts data with cursors and next', () => {
    const list = {
      data: [phone, { id: '106540352242923', display_phone_number: '+55 11 91234-5678' }],
      paging: {
        cursors: { before: 'QVFIUk1', after: 'QVFIUjNz' },
        next: 'https://graph.facebook.com/v26.0/102290129340398/phone_numbers?after=QVFIUjNz',
      },
    };
    const parsed = PhoneNumberListSchema.parse(list);
    expect(parsed.data.map((p) => p.id)).toEqual(['106540352242922', '106540352242923']);
    expect(parsed.paging?.cursors?.after).toBe('QVFIUjNz');
  });

  it('accepts an empty list without paging', () => {
    expect(PhoneNumberListSchema.parse({ data: [] })).toEqual({ data: [] });
  });

  it.each([
    ['missing data', { paging: {} }],
    ['data not an array', { data: {} }],
    ['an item without id', { data: [{ display_phone_number: '+1 555' }] }],
    ['next not a string', { data: [], paging: { next: 1 } }],
  ])('rejects %s', (_name, value) => {
    expect(PhoneNumberListSchema.safeParse(value).success).toBe(false);
  });
});

describe('SettingsSchema / StorageConfigurationSchema', () => {
  it.each([
    ['guide form', { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: 'BR' }],
    [
      'reference form (lower case)',
      { status: 'in_country_storage_enabled', data_localization_region: 'in' },
    ],
    ['default', { status: 'DEFAULT' }],
    ['no storage', { status: 'NO_STORAGE_ENABLED', retention_minutes: 60 }],
    ['unknown status', { status: 'SOMETHING_NEW' }],
  ])('accepts %s', (_name, value) => {
    expect(StorageConfigurationSchema.parse(value)).toEqual(value);
  });

  it.each([
    ['missing status', { data_localization_region: 'BR' }],
    ['empty status', { status: '' }],
    ['status not a string', { status: 1 }],
    ['region not a string', { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: 7 }],
    ['retention as string', { status: 'NO_STORAGE_ENABLED', retention_minutes: '60' }],
  ])('rejects %s', (_name, value) => {
    expect(StorageConfigurationSchema.safeParse(value).success).toBe(false);
  });

  it('keeps storage_configuration and ignores the other blocks', () => {
    const answer = {
      calling: { status: 'ENABLED', call_icon_visibility: 'DEFAULT' },
      payload_encryption: { status: 'DISABLED' },
      storage_configuration: {
        status: 'IN_COUNTRY_STORAGE_ENABLED',
        data_localization_region: 'DE',
      },
    };
    expect(SettingsSchema.parse(answer)).toEqual({
      storage_configuration: {
        status: 'IN_COUNTRY_STORAGE_ENABLED',
        data_localization_region: 'DE',
      },
    });
  });

  it('accepts settings without a storage block (default storage)', () => {
    expect(SettingsSchema.parse({ calling: { status: 'DISABLED' } })).toEqual({});
  });

  it('rejects a malformed storage block', () => {
    expect(SettingsSchema.safeParse({ storage_configuration: 'BR' }).success).toBe(false);
  });
});

describe('SuccessSchema', () => {
  it.each([
    [{ success: true }, true],
    [{ success: true, extra: 1 }, true],
    [{ success: false }, false],
    [{ success: 'true' }, false],
    [{}, false],
  ])('%j → %j', (value, ok) => {
    expect(SuccessSchema.safeParse(value).success).toBe(ok);
  });
});

describe('GraphErrorBodySchema', () => {
  it('accepts a full WhatsApp error body', () => {
    const body = {
      error: {
        message: '(#133016) Account register deregister rate limit exceeded',
        type: 'OAuthException',
        code: 133016,
        error_data: { messaging_product: 'whatsapp', details: 'Rate limit exceeded' },
        is_transient: false,
        fbtrace_id: 'AZ3Zo1PnqK8bVQJ9yGxLx1c',
      },
    };
    expect(GraphErrorBodySchema.parse(body)).toEqual(body);
  });

  it('accepts error_data as a string and a subcode', () => {
    const body = { error: { message: 'x', code: 190, error_subcode: 463, error_data: '{}' } };
    expect(GraphErrorBodySchema.safeParse(body).success).toBe(true);
  });

  it.each([
    ['no error key', { message: 'x', code: 1 }],
    ['missing code', { error: { message: 'x' } }],
    ['missing message', { error: { code: 100 } }],
    ['code as string', { error: { message: 'x', code: '100' } }],
    ['error as string', { error: 'bad' }],
  ])('rejects %s', (_name, value) => {
    expect(GraphErrorBodySchema.safeParse(value).success).toBe(false);
  });
});

describe('MeSchema, PermissionsSchema, WabaSchema', () => {
  it('parse realistic answers', () => {
    expect(MeSchema.parse({ id: '900000000000001', name: 'Residency System User' }).name).toBe(
      'Residency System User',
    );
    expect(
      PermissionsSchema.parse({
        data: [
          { permission: 'whatsapp_business_management', status: 'granted' },
          { permission: 'whatsapp_business_messaging', status: 'declined' },
        ],
      }).data,
    ).toHaveLength(2);
    expect(WabaSchema.parse({ id: '102290129340398', name: 'Clinic', currency: 'USD' })).toEqual({
      id: '102290129340398',
      name: 'Clinic',
    });
  });

  it.each([
    [MeSchema, { name: 'no id' }],
    [PermissionsSchema, { data: [{ permission: 'whatsapp_business_management' }] }],
    [WabaSchema, { id: 102290129340398 }],
  ])('rejects missing or mistyped required fields (%#)', (schema, value) => {
    expect(schema.safeParse(value).success).toBe(false);
  });
});
