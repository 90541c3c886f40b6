import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '@/utils/graph/schemas';
import {
  badgeFor,
  describeStorage,
  interpretStorage,
  isRegistered,
  registrationState,
  type StorageStatus,
  storageCode,
} from '@/utils/graph/status';

// Raw answers go through the schema first, as in the client, so extra fields are exercised too.
const fromAnswer = (answer: unknown) => interpretStorage(SettingsSchema.parse(answer));

describe('interpretStorage', () => {
  it.each<[string, unknown, StorageStatus]>([
    ['no settings at all', {}, { kind: 'default', explicit: 'absent' }],
    [
      'only other blocks',
      { calling: { status: 'ENABLED' }, payload_encryption: { status: 'DISABLED' } },
      { kind: 'default', explicit: 'absent' },
    ],
    [
      'DEFAULT',
      { storage_configuration: { status: 'DEFAULT' } },
      { kind: 'default', explicit: 'default' },
    ],
    [
      'default (lower case)',
      { storage_configuration: { status: 'default' } },
      { kind: 'default', explicit: 'default' },
    ],
    [
      'IN_COUNTRY_STORAGE_DISABLED',
      { storage_configuration: { status: 'IN_COUNTRY_STORAGE_DISABLED' } },
      { kind: 'default', explicit: 'disabled' },
    ],
    [
      'enabled, guide form',
      {
        storage_configuration: {
          status: 'IN_COUNTRY_STORAGE_ENABLED',
          data_localization_region: 'BR',
        },
      },
      { kind: 'in-country', region: 'BR' },
    ],
    [
      'enabled, reference form (lower case) with extra fields',
      {
        storage_configuration: {
          status: 'in_country_storage_enabled',
          data_localization_region: 'de',
          updated_time: '2026-11-01T00:00:00+0000',
        },
        calling: { status: 'DISABLED' },
      },
      { kind: 'in-country', region: 'DE' },
    ],
    [
      'enabled with a region outside the 14',
      {
        storage_configuration: {
          status: 'IN_COUNTRY_STORAGE_ENABLED',
          data_localization_region: 'US',
        },
      },
      { kind: 'in-country-unknown-region', regionRaw: 'US' },
    ],
    [
      'enabled without a region',
      { storage_configuration: { status: 'IN_COUNTRY_STORAGE_ENABLED' } },
      { kind: 'in-country-unknown-region', regionRaw: '' },
    ],
    [
      'No Storage with retention',
      { storage_configuration: { status: 'NO_STORAGE_ENABLED', retention_minutes: 60 } },
      { kind: 'no-storage', retentionMinutes: 60 },
    ],
    [
      'No Storage without retention (lower case)',
      { storage_configuration: { status: 'no_storage_enabled' } },
      { kind: 'no-storage', retentionMinutes: null },
    ],
    [
      'an unknown status, kept as received',
      { storage_configuration: { status: 'Regional_Storage_Pending' } },
      { kind: 'unknown', statusRaw: 'Regional_Storage_Pending' },
    ],
  ])('%s', (_name, answer, expected) => {
    expect(fromAnswer(answer)).toEqual(expected);
  });

  it('treats undefined settings as default storage', () => {
    expect(interpretStorage(undefined)).toEqual({ kind: 'default', explicit: 'absent' });
  });

  it.each([
    ['status as number', { storage_configuration: { status: 3 } }],
    ['block as string', { storage_configuration: 'IN_COUNTRY_STORAGE_ENABLED' }],
    ['missing status', { storage_configuration: { data_localization_region: 'BR' } }],
  ])('a malformed answer (%s) never reaches interpretation', (_name, answer) => {
    expect(SettingsSchema.safeParse(answer).success).toBe(false);
  });
});

describe('storageCode', () => {
  it.each<[StorageStatus, string]>([
    [{ kind: 'in-country', region: 'BR' }, 'BR'],
    [{ kind: 'default', explicit: 'disabled' }, 'default'],
    [{ kind: 'default', explicit: 'absent' }, 'default'],
    [{ kind: 'no-storage', retentionMinutes: 60 }, 'no-storage'],
    [{ kind: 'in-country-unknown-region', regionRaw: 'US' }, 'in-country:US'],
    [{ kind: 'unknown', statusRaw: 'X' }, 'unknown'],
  ])('%j → %s', (status, code) => {
    expect(storageCode(status)).toBe(code);
  });
});

describe('registrationState', () => {
  it.each([
    [{ platform_type: 'CLOUD_API' }, 'registered-cloud', 'CLOUD_API'],
    [{ platform_type: 'cloud_api' }, 'registered-cloud', 'cloud_api'],
    [{ platform_type: 'ON_PREMISE' }, 'registered-on-premise', 'ON_PREMISE'],
    [{ platform_type: 'NOT_APPLICABLE' }, 'unregistered', 'NOT_APPLICABLE'],
    [{ host_platform: 'not_applicable' }, 'unregistered', 'not_applicable'],
    [{ platform_type: 'CLOUD_API', host_platform: 'ON_PREMISE' }, 'registered-cloud', 'CLOUD_API'],
    [{ platform_type: 'MIGRATING' }, 'unknown', 'MIGRATING'],
    [{}, 'unknown', undefined],
  ])('%j → %s', (phone, state, raw) => {
    expect(registrationState(phone)).toEqual(raw === undefined ? { state } : { state, raw });
  });

  it.each([
    [{ platform_type: 'CLOUD_API' }, true],
    [{ platform_type: 'ON_PREMISE' }, true],
    [{ platform_type: 'NOT_APPLICABLE' }, false],
    [{}, false],
  ])('isRegistered(%j) → %j', (phone, registered) => {
    expect(isRegistered(phone)).toBe(registered);
  });
});

describe('describeStorage', () => {
  it.each<[StorageStatus, string]>([
    [{ kind: 'default', explicit: 'absent' }, 'Default storage (United States)'],
    [{ kind: 'default', explicit: 'default' }, 'Default storage (United States)'],
    [
      { kind: 'default', explicit: 'disabled' },
      'In-country storage disabled — default storage (United States)',
    ],
    [{ kind: 'in-country', region: 'BR' }, 'In-country storage: Brazil (BR)'],
    [{ kind: 'in-country', region: 'DE' }, 'In-country storage: Germany (DE)'],
    [
      { kind: 'in-country-unknown-region', regionRaw: 'US' },
      'In-country storage in an unrecognised region: US',
    ],
    [
      { kind: 'in-country-unknown-region', regionRaw: '' },
      'In-country storage enabled, but Meta did not say which region',
    ],
    [{ kind: 'no-storage', retentionMinutes: 60 }, 'No Storage (messages kept 60 minutes)'],
    [{ kind: 'no-storage', retentionMinutes: null }, 'No Storage'],
    [
      { kind: 'unknown', statusRaw: 'Regional_Storage_Pending' },
      'Unknown storage status: Regional_Storage_Pending',
    ],
  ])('%j → %s', (status, text) => {
    expect(describeStorage(status, 'en')).toBe(text);
  });
});

describe('badgeFor', () => {
  it.each<[StorageStatus, string, string]>([
    [{ kind: 'in-country', region: 'BR' }, 'BR', 'badgeInCountry'],
    [{ kind: 'in-country', region: 'AE' }, 'AE', 'badgeInCountry'],
    [{ kind: 'default', explicit: 'absent' }, 'US', 'badgeDefault'],
    [{ kind: 'default', explicit: 'disabled' }, 'US', 'badgeDefault'],
    [{ kind: 'no-storage', retentionMinutes: 60 }, 'NS', 'badgeNoStorage'],
    [{ kind: 'in-country-unknown-region', regionRaw: 'US' }, '?', 'badgeUnknown'],
    [{ kind: 'unknown', statusRaw: 'X' }, '?', 'badgeUnknown'],
  ])('%j → %s', (status, text, titleKey) => {
    const badge = badgeFor(status, 'en');
    expect(badge.text).toBe(text);
    expect(badge.titleKey).toBe(titleKey);
    expect(badge.text.length).toBeLessThanOrEqual(4);
  });

  it('names the region in the in-country title, in the UI language', () => {
    expect(badgeFor({ kind: 'in-country', region: 'IN' }, 'en').titleSubstitutions).toEqual([
      'India (IN)',
    ]);
    expect(badgeFor({ kind: 'in-country', region: 'DE' }, 'de').titleSubstitutions).toEqual([
      'Deutschland (DE)',
    ]);
  });

  it('gives the kinds distinct colours', () => {
    const colours = new Set(
      (
        [
          { kind: 'in-country', region: 'BR' },
          { kind: 'default', explicit: 'absent' },
          { kind: 'no-storage', retentionMinutes: 60 },
          { kind: 'unknown', statusRaw: 'X' },
        ] as StorageStatus[]
      ).map((s) => badgeFor(s, 'en').color),
    );
    expect(colours.size).toBe(4);
  });
});
