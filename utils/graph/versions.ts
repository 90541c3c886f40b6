import { z } from 'zod';

/** Graph API versions and their expiry dates (Graph API changelog). */
export const GRAPH_VERSIONS = [
  { version: 'v20.0', released: '2024-05-21', expires: '2026-09-24' },
  { version: 'v21.0', released: '2024-10-02', expires: '2027-01-21' },
  { version: 'v22.0', released: '2025-01-21', expires: '2027-05-20' },
  { version: 'v23.0', released: '2025-05-29', expires: '2027-10-08' },
  { version: 'v24.0', released: '2025-10-08', expires: '2028-02-18' },
  { version: 'v25.0', released: '2026-02-18', expires: '2028-07-29' },
  { version: 'v26.0', released: '2026-07-29', expires: null },
] as const;

/** The settings-based Local Storage flow exists from v21.0 on. */
export const MIN_VERSION = 'v21.0';
export const EXPIRY_WARNING_DAYS = 60;
export const VersionSchema = z.string().regex(/^v\d+\.0$/);

const DAY = 86_400_000;
const entry = (version: string) => GRAPH_VERSIONS.find((v) => v.version === version);
const number = (version: string) => Number.parseFloat(version.slice(1));

/** The day a version stops working, or null when Meta has not set one. */
export function versionExpiry(version: string): Date | null {
  const e = entry(version);
  return e?.expires ? new Date(`${e.expires}T00:00:00Z`) : null;
}

/** Released, not expired, and new enough for the settings endpoint. */
export function isLive(version: string, now: Date): boolean {
  const e = entry(version);
  if (!e || number(version) < number(MIN_VERSION)) return false;
  if (new Date(`${e.released}T00:00:00Z`) > now) return false;
  const expiry = versionExpiry(version);
  return !expiry || expiry > now;
}

/** @example liveVersions(new Date('2026-11-23')) // ['v21.0', …, 'v26.0'] */
export const liveVersions = (now: Date): string[] =>
  GRAPH_VERSIONS.map((v) => v.version).filter((v) => isLive(v, now));

/** The newest live version: the default when the user has not pinned one. */
export function defaultVersion(now: Date): string {
  return liveVersions(now).at(-1) ?? 'v26.0';
}

export function daysUntilExpiry(version: string, now: Date): number | null {
  const expiry = versionExpiry(version);
  return expiry ? Math.ceil((expiry.getTime() - now.getTime()) / DAY) : null;
}

/** True when a version stops working within EXPIRY_WARNING_DAYS. */
export function expiryWarning(version: string, now: Date): boolean {
  const days = daysUntilExpiry(version, now);
  return days !== null && days <= EXPIRY_WARNING_DAYS;
}
