import { describe, expect, it } from 'vitest';
import { regionName } from '@/utils/i18n';
import {
  formatRegion,
  isRegionCode,
  normalizeRegionCode,
  REGION_CODES,
  REGION_GROUPS,
  regionGroupName,
  regionGroupOf,
} from '@/utils/regions';

describe('REGION_CODES and REGION_GROUPS', () => {
  it('lists the 14 codes of graph-api-notes.md, AE included', () => {
    expect([...REGION_CODES].sort()).toEqual([
      'AE',
      'AU',
      'BH',
      'BR',
      'CA',
      'CH',
      'DE',
      'GB',
      'ID',
      'IN',
      'JP',
      'KR',
      'SG',
      'ZA',
    ]);
  });

  it('puts every code in exactly one group, in Meta order', () => {
    expect(REGION_GROUPS.map((g) => g.id)).toEqual(['APAC', 'EUROPE', 'LATAM', 'MEA', 'NORAM']);
    expect(REGION_GROUPS.flatMap((g) => g.regions)).toEqual([...REGION_CODES]);
  });

  it.each([
    ['AU', 'APAC'],
    ['KR', 'APAC'],
    ['DE', 'EUROPE'],
    ['GB', 'EUROPE'],
    ['BR', 'LATAM'],
    ['AE', 'MEA'],
    ['ZA', 'MEA'],
    ['CA', 'NORAM'],
  ] as const)('regionGroupOf(%s) is %s', (code, group) => {
    expect(regionGroupOf(code)).toBe(group);
  });
});

describe('normalizeRegionCode / isRegionCode', () => {
  it.each([
    ['BR', 'BR'],
    ['br', 'BR'],
    [' in ', 'IN'],
    ['Ae', 'AE'],
    ['US', null],
    ['EU', null],
    ['DEU', null],
    ['', null],
    [undefined, null],
    [null, null],
  ])('normalizeRegionCode(%j) → %j', (input, expected) => {
    expect(normalizeRegionCode(input)).toBe(expected);
  });

  it.each([
    ['BR', true],
    ['CA', true],
    ['br', false],
    ['US', false],
    [42, false],
    [undefined, false],
  ])('isRegionCode(%j) → %j (exact, a type guard)', (input, expected) => {
    expect(isRegionCode(input)).toBe(expected);
  });
});

describe('names', () => {
  it.each([
    ['BR', 'en', 'Brazil'],
    ['KR', 'en', 'South Korea'],
    ['AE', 'en', 'United Arab Emirates'],
    ['GB', 'en', 'United Kingdom'],
    ['DE', 'en', 'Germany'],
    ['DE', 'fr', 'Allemagne'],
    ['JP', 'de', 'Japan'],
  ])('regionName(%s, %s) → %s', (code, locale, name) => {
    expect(regionName(code, locale)).toBe(name);
  });

  it('uses the browser locale for every name', () => {
    expect(regionName('BR', 'pt')).toBe('Brasil');
    expect(regionName('DE', 'de')).toBe('Deutschland');
  });

  it('falls back to the code for an invalid locale tag', () => {
    expect(regionName('BR', 'not a locale!')).toBe('BR');
  });

  it.each([
    ['BR', 'Brazil (BR)'],
    ['DE', 'Germany (DE)'],
    ['ZA', 'South Africa (ZA)'],
  ])('formatRegion(%s) → %s', (code, text) => {
    expect(formatRegion(code, 'en')).toBe(text);
  });

  it.each([
    ['APAC', 'Asia-Pacific (APAC)'],
    ['EUROPE', 'Europe'],
    ['LATAM', 'Latin America (LATAM)'],
    ['MEA', 'Middle East and Africa (MEA)'],
    ['NORAM', 'North America (NORAM)'],
  ] as const)('regionGroupName(%s) → %s', (group, text) => {
    expect(regionGroupName(group)).toBe(text);
  });
});
