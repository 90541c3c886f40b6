import { type MessageKey, t } from '../i18n';
import { formatRegion, normalizeRegionCode, type RegionCode } from '../regions';
import type { PhoneNumber, Settings } from './schemas';

/** Where a number's message data is stored at rest, interpreted from its settings. */
export type StorageStatus =
  /** Meta's default storage in the US: no block, DEFAULT, or in-country storage turned off. */
  | { kind: 'default'; explicit: 'absent' | 'default' | 'disabled' }
  | { kind: 'in-country'; region: RegionCode }
  /** Enabled, but with a region Residency does not know (shown as received). */
  | { kind: 'in-country-unknown-region'; regionRaw: string }
  | { kind: 'no-storage'; retentionMinutes: number | null }
  | { kind: 'unknown'; statusRaw: string };

/**
 * Reads `storage_configuration` case-insensitively; an absent block means default storage.
 * @example interpretStorage({ storage_configuration: { status: 'in_country_storage_enabled', data_localization_region: 'br' } })
 *   // { kind: 'in-country', region: 'BR' }
 */
export function interpretStorage(settings: Settings | undefined): StorageStatus {
  const config = settings?.storage_configuration;
  if (!config) return { kind: 'default', explicit: 'absent' };
  const status = config.status.trim().toUpperCase();
  switch (status) {
    case 'DEFAULT':
      return { kind: 'default', explicit: 'default' };
    case 'IN_COUNTRY_STORAGE_DISABLED':
      return { kind: 'default', explicit: 'disabled' };
    case 'IN_COUNTRY_STORAGE_ENABLED': {
      const region = normalizeRegionCode(config.data_localization_region);
      return region
        ? { kind: 'in-country', region }
        : { kind: 'in-country-unknown-region', regionRaw: config.data_localization_region ?? '' };
    }
    case 'NO_STORAGE_ENABLED':
      return { kind: 'no-storage', retentionMinutes: config.retention_minutes ?? null };
    default:
      return { kind: 'unknown', statusRaw: config.status };
  }
}

/** A short code for comparisons and the journal: 'BR', 'default', 'no-storage', 'unknown'. */
export function storageCode(status: StorageStatus): string {
  if (status.kind === 'in-country') return status.region;
  if (status.kind === 'in-country-unknown-region') return `in-country:${status.regionRaw}`;
  return status.kind;
}

export type RegistrationState =
  | 'registered-cloud'
  | 'registered-on-premise'
  | 'unregistered'
  | 'unknown';

/**
 * Registration from `platform_type` (newer docs: `host_platform`): NOT_APPLICABLE means the number
 * is registered to neither API.
 */
export function registrationState(phone: Pick<PhoneNumber, 'platform_type' | 'host_platform'>): {
  state: RegistrationState;
  raw?: string;
} {
  const raw = phone.platform_type ?? phone.host_platform;
  switch (raw?.trim().toUpperCase()) {
    case 'CLOUD_API':
      return { state: 'registered-cloud', raw };
    case 'ON_PREMISE':
      return { state: 'registered-on-premise', raw };
    case 'NOT_APPLICABLE':
      return { state: 'unregistered', raw };
    default:
      return { state: 'unknown', raw };
  }
}

export const isRegistered = (phone: Pick<PhoneNumber, 'platform_type' | 'host_platform'>) =>
  registrationState(phone).state.startsWith('registered');

/**
 * One sentence for people.
 * @example describeStorage({ kind: 'in-country', region: 'BR' }, 'en') // 'In-country storage: Brazil (BR)'
 */
export function describeStorage(status: StorageStatus, locale: string): string {
  switch (status.kind) {
    case 'default':
      return t(status.explicit === 'disabled' ? 'statusDisabled' : 'statusDefault');
    case 'in-country':
      return t('statusInCountry', [formatRegion(status.region, locale)]);
    case 'in-country-unknown-region':
      return t('statusInCountryUnknown', [status.regionRaw || '?']);
    case 'no-storage':
      return status.retentionMinutes === null
        ? t('statusNoStorage')
        : t('statusNoStorageMinutes', [String(status.retentionMinutes)]);
    case 'unknown':
      return t('statusUnknown', [status.statusRaw]);
  }
}

/** Toolbar badge: the region code for in-country storage, a distinct mark for default storage. */
export function badgeFor(status: StorageStatus): {
  text: string;
  color: string;
  titleKey: MessageKey;
  titleSubstitutions: string[];
} {
  switch (status.kind) {
    case 'in-country':
      return {
        text: status.region,
        color: '#006e64',
        titleKey: 'badgeInCountry',
        titleSubstitutions: [status.region],
      };
    case 'default':
      return { text: 'US', color: '#5a6b75', titleKey: 'badgeDefault', titleSubstitutions: [] };
    case 'no-storage':
      return { text: 'NS', color: '#6b4b00', titleKey: 'badgeNoStorage', titleSubstitutions: [] };
    default:
      return { text: '?', color: '#8c1d18', titleKey: 'badgeUnknown', titleSubstitutions: [] };
  }
}
