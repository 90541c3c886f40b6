/**
 * What a WhatsApp Manager URL names. Pure: no DOM, no browser APIs. Real URL shapes it was
 * written for (none carries the phone number ID):
 *   /wa/manage/home/?waba_id=<WABA>&business_id=<BIZ>
 *   /wa/manage/phone-numbers/?business_id=<BIZ>&waba_id=<WABA>&childRoute=PHONE_PROFILE%2FPROFILE&phone_number=37257886623
 *   /latest/whatsapp_manager/phone_numbers/?business_id=<BIZ>&tab=phone-numbers&nav_ref=whatsapp_manager&asset_id=<WABA>
 *     (+ &childRoute=PHONE_PROFILE%2FINSIGHTS&phone_number=1%20555-668-2460)
 *   /latest/whatsapp_manager/message_templates/?business_id=<BIZ>&asset_id=<WABA>
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
  wabaId?: string;
  /** The number as displayed in the URL, and its digits (what Graph's display_phone_number matches). */
  phoneNumber?: { raw: string; digits: string };
  section: ManagerSection;
  childRoute?: string;
}

/** @example phoneDigits('+1 555-668-2460') // '15556682460' */
export const phoneDigits = (value: string) => value.replace(/\D/g, '');

/**
 * Whether Graph's display_phone_number is the number the Manager shows. Exact digit equality:
 * both carry the country code, and a looser match could pick the wrong number of a WABA.
 */
export const samePhoneNumber = (displayPhoneNumber: string, digits: string) =>
  digits.length > 0 && phoneDigits(displayPhoneNumber) === digits;

const ID = /^\d{1,30}$/;
const idParam = (params: URLSearchParams, ...names: string[]) => {
  for (const name of names) {
    const value = params.get(name)?.trim();
    if (value && ID.test(value)) return value;
  }
  return undefined;
};

function sectionOf(
  path: string,
  hasPhone: boolean,
  childRoute: string | undefined,
): ManagerSection | null {
  const p = path.toLowerCase().replace(/\/+$/, '');
  const isPhones =
    p === '/wa/manage/phone-numbers' || p === '/latest/whatsapp_manager/phone_numbers';
  if (isPhones)
    return hasPhone || childRoute?.startsWith('PHONE_PROFILE') ? 'phone-profile' : 'phone-numbers';
  if (
    p === '/wa/manage/home' ||
    p === '/latest/whatsapp_manager' ||
    p === '/latest/whatsapp_manager/overview'
  )
    return 'home';
  if (p === '/wa/manage/message-templates' || p === '/latest/whatsapp_manager/message_templates')
    return 'message-templates';
  if (p.startsWith('/wa/manage') || p.startsWith('/latest/whatsapp_manager')) return 'other';
  return null;
}

/**
 * Parses a WhatsApp Manager URL; null when it is not one.
 * @example parseManagerUrl('https://business.facebook.com/wa/manage/home/?waba_id=2&business_id=1')
 *   // { businessId: '1', wabaId: '2', section: 'home' }
 */
export function parseManagerUrl(input: string | URL): ManagerPage | null {
  let url: URL;
  try {
    url = typeof input === 'string' ? new URL(input) : input;
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.hostname !== MANAGER_HOST) return null;

  const params = url.searchParams;
  const wabaId = idParam(params, 'waba_id', 'asset_id');
  const businessId = idParam(params, 'business_id');
  const childRoute = params.get('childRoute')?.trim() || undefined;
  const raw = params.get('phone_number')?.trim();
  const digits = raw ? phoneDigits(raw) : '';
  const phoneNumber =
    raw && digits.length >= 6 && digits.length <= 20 ? { raw, digits } : undefined;

  const section = sectionOf(url.pathname, !!phoneNumber, childRoute) ?? (wabaId ? 'other' : null);
  if (!section) return null;
  return {
    ...(businessId ? { businessId } : {}),
    ...(wabaId ? { wabaId } : {}),
    ...(phoneNumber && (section === 'phone-profile' || section === 'other') ? { phoneNumber } : {}),
    section,
    ...(childRoute ? { childRoute } : {}),
  };
}
