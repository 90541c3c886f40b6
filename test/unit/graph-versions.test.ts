import { describe, expect, it } from 'vitest';
import {
  daysUntilExpiry,
  defaultVersion,
  expiryWarning,
  GRAPH_VERSIONS,
  isLive,
  isVersionName,
  liveVersions,
  versionExpiry,
  versionWarningText,
} from '@/utils/graph/versions';

const at = (iso: string) => new Date(iso);
const TODAY = at('2026-11-23T09:00:00Z');

describe('the version table', () => {
  it('matches the Graph API changelog in graph-api-notes.md', () => {
    expect(GRAPH_VERSIONS.map((v) => [v.version, v.released, v.expires])).toEqual([
      ['v20.0', '2024-05-21', '2026-09-24'],
      ['v21.0', '2024-10-02', '2027-01-21'],
      ['v22.0', '2025-01-21', '2027-05-20'],
      ['v23.0', '2025-05-29', '2027-10-08'],
      ['v24.0', '2025-10-08', '2028-02-18'],
      ['v25.0', '2026-02-18', '2028-07-29'],
      ['v26.0', '2026-07-29', null],
    ]);
  });
});

describe('isLive', () => {
  it.each([
    ['v20.0', TODAY, false],
    ['v21.0', TODAY, true],
    ['v26.0', TODAY, true],
    ['v27.0', TODAY, false],
    ['v20.0', at('2026-09-23T23:59:59Z'), true],
    ['v20.0', at('2026-09-24T00:00:00Z'), false],
    ['v26.0', at('2026-07-28T12:00:00Z'), false],
    ['v26.0', at('2026-07-29T00:00:00Z'), true],
    ['v26.0', at('2035-01-01T00:00:00Z'), true],
    ['nonsense', TODAY, false],
  ] as const)('isLive(%s, %s) → %j', (version, now, live) => {
    expect(isLive(version, now)).toBe(live);
  });
});

describe('liveVersions / defaultVersion', () => {
  it.each([
    [TODAY, ['v21.0', 'v22.0', 'v23.0', 'v24.0', 'v25.0', 'v26.0'], 'v26.0'],
    [at('2026-05-01T00:00:00Z'), ['v21.0', 'v22.0', 'v23.0', 'v24.0', 'v25.0'], 'v25.0'],
    // v20.0 was live then, but has no settings-based Local Storage calls.
    [at('2025-01-01T00:00:00Z'), ['v21.0'], 'v21.0'],
    [at('2027-06-01T00:00:00Z'), ['v23.0', 'v24.0', 'v25.0', 'v26.0'], 'v26.0'],
  ])('on %s', (now, live, newest) => {
    expect(liveVersions(now)).toEqual(live);
    expect(defaultVersion(now)).toBe(newest);
  });

  it('falls back to the newest known version when the clock is before every release', () => {
    expect(liveVersions(at('2020-01-01T00:00:00Z'))).toEqual([]);
    expect(defaultVersion(at('2020-01-01T00:00:00Z'))).toBe('v26.0');
  });
});

describe('expiry', () => {
  it.each([
    ['v21.0', TODAY, 59],
    ['v21.0', at('2026-11-22T00:00:00Z'), 60],
    ['v21.0', at('2027-01-20T23:00:00Z'), 1],
    ['v21.0', at('2027-01-21T00:00:00Z'), 0],
    ['v20.0', TODAY, -60],
    ['v25.0', TODAY, 614],
    ['v26.0', TODAY, null],
    ['v99.0', TODAY, null],
  ] as const)('daysUntilExpiry(%s, %s) → %j', (version, now, days) => {
    expect(daysUntilExpiry(version, now)).toBe(days);
  });

  it.each([
    ['v21.0', TODAY, true],
    ['v21.0', at('2026-11-21T00:00:00Z'), false],
    ['v20.0', TODAY, true],
    ['v22.0', TODAY, false],
    ['v26.0', TODAY, false],
  ] as const)('expiryWarning(%s, %s) → %j', (version, now, warn) => {
    expect(expiryWarning(version, now)).toBe(warn);
  });

  it('gives the expiry as a UTC day', () => {
    expect(versionExpiry('v21.0')?.toISOString()).toBe('2027-01-21T00:00:00.000Z');
    expect(versionExpiry('v26.0')).toBeNull();
  });

  it.each([
    [
      'v21.0',
      at('2026-12-22T00:00:00Z'),
      'Graph API v21.0 expires on 1/21/2027 — in 30 days. Choose a newer version.',
    ],
    [
      'v21.0',
      at('2027-01-20T08:00:00Z'),
      'Graph API v21.0 expires on 1/21/2027 — tomorrow. Choose a newer version.',
    ],
    [
      'v20.0',
      TODAY,
      'Graph API v20.0 expired on 9/24/2026. Meta now answers with its oldest live version instead; choose a live version.',
    ],
    ['v22.0', TODAY, null],
    ['v26.0', TODAY, null],
  ] as const)('versionWarningText(%s, %s)', (version, now, text) => {
    expect(versionWarningText(version, now, 'en-US')).toBe(text);
  });
});

describe('isVersionName', () => {
  it.each([
    ['v26.0', true],
    ['v9.0', true],
    ['v26', false],
    ['26.0', false],
    ['v26.1', false],
    ['v26.0/../me', false],
    ['', false],
  ])('%j → %j', (value, ok) => {
    expect(isVersionName(value)).toBe(ok);
  });
});
