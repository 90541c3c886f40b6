import { formatDate, formatNumber, t, tPlural } from '../i18n';

/** Graph API versions with release and expiry dates (Graph API changelog, UTC days). */
export const GRAPH_VERSIONS = [
  { version: 'v20.0', released: '2024-05-21', expires: '2026-09-24' },
  { version: 'v21.0', released: '2024-10-02', expires: '2027-01-21' },
  { version: 'v22.0', released: '2025-01-21', expires: '2027-05-20' },
  { version: 'v23.0', released: '2025-05-29', expires: '2027-10-08' },
  { version: 'v24.0', released: '2025-10-08', expires: '2028-02-18' },
  { version: 'v25.0', released: '2026-02-18', expires: '2028-07-29' },
  { version: 'v26.0', released: '2026-07-29', expires: null },
] as const satisfies readonly { version: string; released: string; expires: string | null }[];

export type GraphVersion = (typeof GRAPH_VERSIONS)[number]['version'];

/** The settings-based Local Storage calls exist from v21.0 on. */
export const MIN_VERSION = 'v21.0';
/** How long before expiry Residency starts warning. */
export const EXPIRY_WARNING_DAYS = 60;
/**
 * Whether a value is a version as it goes into the URL; also keeps odd values out of request
 * paths. A plain check, so the settings page that picks a version carries no zod.
 * @example isVersionName('v26.0') // true
 */
export const isVersionName = (value: unknown): value is string =>
  typeof value === 'string' && /^v\d+\.0$/.test(value);

const DAY_MS = 86_400_000;
const entry = (version: string) => GRAPH_VERSIONS.find((v) => v.version === version);
const major = (version: string) => Number.parseInt(version.slice(1), 10);
const utcDay = (day: string) => new Date(`${day}T00:00:00Z`);

/** The day a version stops working, or null when unknown or Meta has not set one. */
export function versionExpiry(version: string): Date | null {
  const expires = entry(version)?.expires;
  return expires ? utcDay(expires) : null;
}

/**
 * Released and not yet expired on `now` (a version stops working on its expiry day).
 * @example isLive('v20.0', new Date('2026-11-23')) // false: expired 2026-09-24
 */
export function isLive(version: string, now: Date): boolean {
  const e = entry(version);
  if (!e || utcDay(e.released) > now) return false;
  const expiry = versionExpiry(version);
  return expiry === null || expiry > now;
}

/**
 * The versions a user may choose: live, and new enough for the settings endpoint.
 * @example liveVersions(new Date('2026-11-23')) // ['v21.0', 'v22.0', 'v23.0', 'v24.0', 'v25.0', 'v26.0']
 */
export function liveVersions(now: Date): GraphVersion[] {
  return GRAPH_VERSIONS.map((v) => v.version).filter(
    (v) => isLive(v, now) && major(v) >= major(MIN_VERSION),
  );
}

/**
 * The newest live version: the default when the user has not pinned one. Falls back to the
 * newest known version if the clock is far off (Meta then answers with its oldest live one).
 * @example defaultVersion(new Date('2026-11-23')) // 'v26.0'
 */
export function defaultVersion(now: Date): GraphVersion {
  const newestKnown = GRAPH_VERSIONS[GRAPH_VERSIONS.length - 1]?.version ?? 'v26.0';
  return liveVersions(now).at(-1) ?? newestKnown;
}

/**
 * Whole days until the expiry day (negative once expired), or null without an expiry date.
 * @example daysUntilExpiry('v21.0', new Date('2026-11-22T12:00:00Z')) // 60
 */
export function daysUntilExpiry(version: string, now: Date): number | null {
  const expiry = versionExpiry(version);
  return expiry ? Math.ceil((expiry.getTime() - now.getTime()) / DAY_MS) : null;
}

/** True when a version expires within EXPIRY_WARNING_DAYS, or already has. */
export function expiryWarning(version: string, now: Date): boolean {
  const days = daysUntilExpiry(version, now);
  return days !== null && days <= EXPIRY_WARNING_DAYS;
}

/**
 * The warning sentence for a version near or past expiry, else null.
 * @example versionWarningText('v21.0', new Date('2026-12-22T00:00:00Z'), 'en')
 *   // 'Graph API v21.0 expires on 1/21/2027 — in 30 days. Choose a newer version.'
 */
export function versionWarningText(version: string, now: Date, locale: string): string | null {
  const expiry = versionExpiry(version);
  const days = daysUntilExpiry(version, now);
  if (!expiry || days === null || days > EXPIRY_WARNING_DAYS) return null;
  const date = formatDate(expiry, locale, { timeZone: 'UTC' });
  if (days <= 0) return t('versionExpired', [version, date]);
  return days === 1
    ? t('versionExpiresTomorrow', [version, date])
    : tPlural('versionExpiryWarning', days, [version, date, formatNumber(days, locale)]);
}
