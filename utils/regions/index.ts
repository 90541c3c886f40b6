import { type MessageKey, regionName, t } from '../i18n';

/**
 * The 14 values Meta accepts for `data_localization_region` (ISO 3166-1 alpha-2). The Meta
 * registration page, its OpenAPI enum and AWS's docs list AE; one older seed page omits it.
 */
export const REGION_CODES = [
  'AU',
  'ID',
  'IN',
  'JP',
  'SG',
  'KR',
  'DE',
  'CH',
  'GB',
  'BR',
  'BH',
  'ZA',
  'AE',
  'CA',
] as const;

export type RegionCode = (typeof REGION_CODES)[number];
export type RegionGroupId = 'APAC' | 'EUROPE' | 'LATAM' | 'MEA' | 'NORAM';

/** The regions in the groups and order Meta's Local Storage page uses. */
export const REGION_GROUPS: readonly { id: RegionGroupId; regions: readonly RegionCode[] }[] = [
  { id: 'APAC', regions: ['AU', 'ID', 'IN', 'JP', 'SG', 'KR'] },
  { id: 'EUROPE', regions: ['DE', 'CH', 'GB'] },
  { id: 'LATAM', regions: ['BR'] },
  { id: 'MEA', regions: ['BH', 'ZA', 'AE'] },
  { id: 'NORAM', regions: ['CA'] },
];

const CODES: ReadonlySet<string> = new Set(REGION_CODES);

/**
 * The allowed region code for input in any letter case (Meta's reference answers in lower
 * case), or null when it is not one of the 14.
 * @example normalizeRegionCode(' br ') // 'BR'
 * @example normalizeRegionCode('US')   // null: default storage is not a Local Storage region
 */
export function normalizeRegionCode(value: string | null | undefined): RegionCode | null {
  const upper = (value ?? '').trim().toUpperCase();
  return CODES.has(upper) ? (upper as RegionCode) : null;
}

/**
 * Exact check, usable as a type guard. It is deliberately case-sensitive: 'br' is not a
 * RegionCode value, so normalize input from Meta or users with normalizeRegionCode first.
 * @example isRegionCode('BR') // true; isRegionCode('br') // false
 */
export function isRegionCode(value: unknown): value is RegionCode {
  return typeof value === 'string' && CODES.has(value);
}

/** @example regionGroupOf('ZA') // 'MEA' */
export function regionGroupOf(code: RegionCode): RegionGroupId {
  const group = REGION_GROUPS.find((g) => g.regions.includes(code));
  // Unreachable for a RegionCode; the tests check every code sits in exactly one group.
  return group?.id ?? 'APAC';
}

/** @example formatRegion('BR', 'en') // 'Brazil (BR)' */
export function formatRegion(code: string, locale: string): string {
  return `${regionName(code, locale)} (${code})`;
}

const GROUP_KEYS: Record<RegionGroupId, MessageKey> = {
  APAC: 'regionGroupAPAC',
  EUROPE: 'regionGroupEUROPE',
  LATAM: 'regionGroupLATAM',
  MEA: 'regionGroupMEA',
  NORAM: 'regionGroupNORAM',
};

/** @example regionGroupName('MEA') // 'Middle East and Africa (MEA)' */
export function regionGroupName(group: RegionGroupId): string {
  return t(GROUP_KEYS[group]);
}
