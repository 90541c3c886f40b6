/**
 * What a WhatsApp Manager URL names. Pure: no DOM, no browser APIs. The real URL shapes it was
 * written for (none carries the phone number ID; test/unit/manager-page.test.ts holds more):
 *   /wa/manage/home/?waba_id=<WABA>&business_id=<BIZ>
 *   /wa/manage/phone-numbers/?business_id=<BIZ>&waba_id=<WABA>&childRoute=PHONE_PROFILE%2FPROFILE&phone_number=37257886623
 *   /latest/whatsapp_manager/phone_numbers/?business_id=<BIZ>&tab=phone-numbers&nav_ref=whatsapp_manager&asset_id=<WABA>
 *     (+ &childRoute=PHONE_PROFILE%2FINSIGHTS&phone_number=1%20555-668-2460)
 *   /latest/whatsapp_manager/message_templates/?business_id=<BIZ>&asset_id=<WABA>
 * and the Business Settings pages of one WhatsApp account:
 *   /latest/settings/whatsapp_account?business_id=<BIZ>&selected_asset_id=<WABA>
 *   /settings/whatsapp-business-accounts/<WABA>?business_id=<BIZ>
 * Pages are recognised by path first: elsewhere in Business Suite `asset_id` names a Facebook
 * Page (/latest/inbox/all?asset_id=<PAGE>), not a WhatsApp account.
 */

export const MANAGER_HOST = 'business.facebook.com';

export type ManagerSection =
  | 'home'
  | 'phone-numbers'
  | 'phone-profile'
  | 'message-templates'
  | 'other';

export interface ManagerPage {
  businessId?: string;
  /** From `waba_id` (/wa/manage/…) or `asset_id` (/latest/whatsapp_manager/…). */
  wabaId?: string;
  /** The number as the URL shows it, and its digits (what display_phone_number is matched on). */
  phoneNumber?: { raw: string; digits: string };
  section: ManagerSection;
  childRoute?: string;
}

/** @example phoneDigits('+1 555-668-2460') // '15556682460' */
export function phoneDigits(value: string): string {
  return value.replace(/\D/g, '');
}

/**
 * Whether Graph's display_phone_number is the number the Manager URL shows. Exact digit
 * equality only: both always carry the country code, and a looser match (dropping a country
 * code or a trunk 0) could pick a different number of the same WABA, whose storage Residency
 * would then show or change.
 * @example samePhoneNumber('+1 555-668-2460', '15556682460') // true
 * @example samePhoneNumber('+1 555-668-2460', '5556682460')  // false
 */
export function samePhoneNumber(displayPhoneNumber: string, digits: string): boolean {
  const wanted = phoneDigits(digits);
  return wanted.length > 0 && phoneDigits(displayPhoneNumber) === wanted;
}

// Graph IDs are decimal strings; anything else (placeholders, injected text) is ignored.
const ID = /^\d{1,30}$/;
// E.164 allows at most 15 digits; short numbers below 6 digits are not WhatsApp numbers.
const PHONE_DIGITS = { min: 6, max: 15 };

function idParam(params: URLSearchParams, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = params.get(name)?.trim();
    if (value && ID.test(value)) return value;
  }
  return undefined;
}

function phoneParam(params: URLSearchParams): ManagerPage['phoneNumber'] {
  // URLSearchParams already turned %20 and + into spaces and %2B into '+'.
  const raw = params.get('phone_number')?.trim();
  if (!raw) return undefined;
  const digits = phoneDigits(raw);
  if (digits.length < PHONE_DIGITS.min || digits.length > PHONE_DIGITS.max) return undefined;
  return { raw, digits };
}

const PHONE_PAGES = ['/wa/manage/phone-numbers', '/latest/whatsapp_manager/phone_numbers'];
const HOME_PAGES = [
  '/wa/manage/home',
  '/latest/whatsapp_manager',
  '/latest/whatsapp_manager/overview',
];
const TEMPLATE_PAGES = [
  '/wa/manage/message-templates',
  '/latest/whatsapp_manager/message_templates',
];
const MANAGER_PREFIXES = ['/wa/manage/', '/latest/whatsapp_manager/'];

/**
 * Business Settings pages that name one WhatsApp account, and where each carries its ID:
 * a query parameter, or the path segment after the prefix.
 */
const SETTINGS_PAGES: readonly { path: string; params: readonly string[]; idInPath?: boolean }[] = [
  { path: '/latest/settings/whatsapp_account', params: ['selected_asset_id'] },
  { path: '/latest/settings/whatsapp_accounts', params: ['selected_asset_id'] },
  { path: '/settings/whatsapp-business-accounts', params: ['waba_id'], idInPath: true },
];

/** The WABA a Business Settings page names, or undefined when the path is not one of them. */
function settingsWaba(pathname: string, params: URLSearchParams): string | null | undefined {
  const path = pathname.toLowerCase().replace(/\/+$/, '');
  for (const page of SETTINGS_PAGES) {
    if (path === page.path) return idParam(params, ...page.params) ?? null;
    if (page.idInPath && path.startsWith(`${page.path}/`)) {
      const id = path.slice(page.path.length + 1);
      return ID.test(id) ? id : null;
    }
  }
  return undefined;
}

function sectionOf(
  pathname: string,
  hasPhone: boolean,
  childRoute: string | undefined,
): ManagerSection | null {
  const path = pathname.toLowerCase().replace(/\/+$/, '');
  if (PHONE_PAGES.includes(path)) {
    const profile = hasPhone || childRoute?.toUpperCase().startsWith('PHONE_PROFILE');
    return profile ? 'phone-profile' : 'phone-numbers';
  }
  if (HOME_PAGES.includes(path)) return 'home';
  if (TEMPLATE_PAGES.includes(path)) return 'message-templates';
  if (MANAGER_PREFIXES.some((prefix) => `${path}/`.startsWith(prefix))) return 'other';
  return null;
}

/**
 * Parses a WhatsApp Manager URL; null when it is not one. Only https://business.facebook.com
 * on the default port counts: look-alike hosts must never make Residency act.
 * @example parseManagerUrl('https://business.facebook.com/wa/manage/home/?waba_id=2&business_id=1')
 *   // { businessId: '1', wabaId: '2', section: 'home' }
 */
export function parseManagerUrl(input: string | URL): ManagerPage | null {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  if (
    url.protocol !== 'https:' ||
    url.hostname !== MANAGER_HOST ||
    url.port !== '' ||
    url.username !== '' ||
    url.password !== ''
  )
    return null;

  const params = url.searchParams;
  const businessId = idParam(params, 'business_id');
  // A Business Settings page of one WhatsApp account: its WABA, nothing else.
  const settings = settingsWaba(url.pathname, params);
  if (settings !== undefined) {
    if (!settings) return null;
    return { ...(businessId ? { businessId } : {}), wabaId: settings, section: 'other' };
  }
  const childRoute = params.get('childRoute')?.trim() || undefined;
  const phoneNumber = phoneParam(params);
  // Only WhatsApp Manager's own paths: on other pages asset_id is not a WhatsApp account.
  const section = sectionOf(url.pathname, !!phoneNumber, childRoute);
  if (!section) return null;
  const wabaId = idParam(params, 'waba_id', 'asset_id');
  return {
    ...(businessId ? { businessId } : {}),
    ...(wabaId ? { wabaId } : {}),
    ...(phoneNumber ? { phoneNumber } : {}),
    section,
    ...(childRoute ? { childRoute } : {}),
  };
}
