import { type MessageKey, t, tPlural } from '../i18n';
import { formatRegion, normalizeRegionCode, type RegionCode } from '../regions';
import type { PhoneNumber, Settings } from './schemas';

/** Where a number's message data is stored at rest, interpreted from its settings. */
export type StorageStatus =
  /**
   * Meta's default storage in the US: no storage_configuration block, DEFAULT, or
   * IN_COUNTRY_STORAGE_DISABLED (Meta goes back to default storage when in-country is turned
   * off; `explicit` lets the UI say so).
   */
  | { kind: 'default'; explicit: 'absent' | 'default' | 'disabled' }
  | { kind: 'in-country'; region: RegionCode }
  /** Enabled, but with a region missing or not among the 14 (shown as received). */
  | { kind: 'in-country-unknown-region'; regionRaw: string }
  | { kind: 'no-storage'; retentionMinutes: number | null }
  /** A status value Residency does not know: shown as received, never guessed. */
  | { kind: 'unknown'; statusRaw: string };

/**
 * Reads `storage_configuration` case-insensitively (the guide answers upper case, the
 * reference lower case); an absent block means default storage.
 * @example interpretStorage({ storage_configuration: { status: 'in_country_storage_enabled', data_localization_region: 'br' } })
 *   // { kind: 'in-country', region: 'BR' }
 */
export function interpretStorage(settings: Settings | undefined): StorageStatus {
  const config = settings?.storage_configuration;
  if (!config) return { kind: 'default', explicit: 'absent' };
  switch (config.status.trim().toUpperCase()) {
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

/**
 * A short stable code for comparisons and the journal.
 * @example storageCode({ kind: 'in-country', region: 'BR' }) // 'BR'
 * @example storageCode({ kind: 'default', explicit: 'disabled' }) // 'default'
 */
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
 * Registration from `platform_type` (newer docs: `host_platform`), any letter case.
 * NOT_APPLICABLE means registered to neither API. `raw` keeps Meta's value for display.
 * @example registrationState({ platform_type: 'CLOUD_API' }) // { state: 'registered-cloud', raw: 'CLOUD_API' }
 */
export function registrationState(phone: Pick<PhoneNumber, 'platform_type' | 'host_platform'>): {
  state: RegistrationState;
  raw?: string;
} {
  const raw = phone.platform_type ?? phone.host_platform;
  const withRaw = (state: RegistrationState) => (raw === undefined ? { state } : { state, raw });
  switch (raw?.trim().toUpperCase()) {
    case 'CLOUD_API':
      return withRaw('registered-cloud');
    case 'ON_PREMISE':
      return withRaw('registered-on-premise');
    case 'NOT_APPLICABLE':
      return withRaw('unregistered');
    default:
      return withRaw('unknown');
  }
}

/** @example isRegistered({ platform_type: 'not_applicable' }) // false */
export function isRegistered(phone: Pick<PhoneNumber, 'platform_type' | 'host_platform'>): boolean {
  return registrationState(phone).state.startsWith('registered-');
}

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
      return status.regionRaw
        ? t('statusInCountryUnknown', [status.regionRaw])
        : t('statusInCountryNoRegion');
    case 'no-storage':
      return status.retentionMinutes === null
        ? t('statusNoStorage')
        : tPlural('statusNoStorageMinutes', status.retentionMinutes);
    case 'unknown':
      return t('statusUnknown', [status.statusRaw]);
  }
}

export interface Badge {
  /** At most 4 characters: toolbar badges truncate. */
  text: string;
  color: string;
  titleKey: MessageKey;
  titleSubstitutions: string[];
}

/**
 * The toolbar badge: the region code for in-country storage, "US" for default storage, "NS"
 * for No Storage, "?" for anything Residency cannot name.
 * @example badgeFor({ kind: 'in-country', region: 'BR' }, 'en').text // 'BR'
 */
export function badgeFor(status: StorageStatus, locale: string): Badge {
  switch (status.kind) {
    case 'in-country':
      return {
        text: status.region,
        color: '#006e64',
        titleKey: 'badgeInCountry',
        titleSubstitutions: [formatRegion(status.region, locale)],
      };
    case 'default':
      return { text: 'US', color: '#5a6b75', titleKey: 'badgeDefault', titleSubstitutions: [] };
    case 'no-storage':
      return { text: 'NS', color: '#6b4b00', titleKey: 'badgeNoStorage', titleSubstitutions: [] };
    case 'in-country-unknown-region':
    case 'unknown':
      return { text: '?', color: '#8c1d18', titleKey: 'badgeUnknown', titleSubstitutions: [] };
  }
}
