import { type MessageKey, t } from '../i18n';

/**
 * The regions Meta allows for `data_localization_region` (ISO 3166-1 alpha-2), grouped as
 * Meta's Local Storage page groups them.
 */
export const REGION_GROUPS = [
  { id: 'APAC', regions: ['AU', 'ID', 'IN', 'JP', 'SG', 'KR'] },
  { id: 'EUROPE', regions: ['DE', 'CH', 'GB'] },
  { id: 'LATAM', regions: ['BR'] },
  { id: 'MEA', regions: ['BH', 'ZA', 'AE'] },
  { id: 'NORAM', regions: ['CA'] },
] as const;

export type RegionGroupId = (typeof REGION_GROUPS)[number]['id'];
export type RegionCode = (typeof REGION_GROUPS)[number]['regions'][number];
export const REGION_CODES: readonly RegionCode[] = REGION_GROUPS.flatMap((g) => g.regions);

/**
 * The allowed region code for any letter case, or null.
 * @example normalizeRegionCode('br') // 'BR'
 */
export function normalizeRegionCode(value: string | undefined | null): RegionCode | null {
  const upper = (value ?? '').trim().toUpperCase();
  return (REGION_CODES as readonly string[]).includes(upper) ? (upper as RegionCode) : null;
}

export const isRegionCode = (value: string): value is RegionCode =>
  (REGION_CODES as readonly string[]).includes(value);

export function regionGroupOf(code: RegionCode): RegionGroupId {
  const group = REGION_GROUPS.find((g) => (g.regions as readonly string[]).includes(code));
  return group?.id ?? 'APAC';
}

/**
 * A region's name in the UI language. Meta calls DE "EU (Germany)", so that one is ours.
 * @example regionName('BR', 'en') // 'Brazil'
 */
export function regionName(code: string, locale: string): string {
  if (code === 'DE') return t('regionDE');
  try {
    return new Intl.DisplayNames([locale, 'en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** @example formatRegion('BR', 'en') // 'Brazil (BR)' */
export const formatRegion = (code: string, locale: string) =>
  `${regionName(code, locale)} (${code})`;

const GROUP_KEYS: Record<RegionGroupId, MessageKey> = {
  APAC: 'regionGroupAPAC',
  EUROPE: 'regionGroupEUROPE',
  LATAM: 'regionGroupLATAM',
  MEA: 'regionGroupMEA',
  NORAM: 'regionGroupNORAM',
};
export const regionGroupName = (group: RegionGroupId) => t(GROUP_KEYS[group]);
