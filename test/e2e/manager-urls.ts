import { BUSINESS_ID, WABA_MAIN } from '../sandbox';

const digitsOf = (display: string) => display.replace(/\D/g, '');

/** Sandbox WhatsApp Manager URLs, in the shapes the real Manager uses (graph-api-notes.md). */
export const managerUrl = {
  /** /wa/manage/ shape, digits-only phone_number. */
  profile: (display: string, waba = WABA_MAIN) =>
    `https://business.facebook.com/wa/manage/phone-numbers/?business_id=${BUSINESS_ID}&waba_id=${waba}&childRoute=PHONE_PROFILE%2FPROFILE&phone_number=${digitsOf(display)}`,
  /** /latest/ shape, formatted and URL-encoded phone_number, parameters reordered. */
  latestProfile: (display: string, waba = WABA_MAIN) =>
    `https://business.facebook.com/latest/whatsapp_manager/phone_numbers/?asset_id=${waba}&business_id=${BUSINESS_ID}&tab=phone-numbers&nav_ref=whatsapp_manager&childRoute=PHONE_PROFILE%2FINSIGHTS&phone_number=${encodeURIComponent(display.replace(/^\+/, ''))}`,
  /** A WABA's phone number list. */
  list: (waba = WABA_MAIN) =>
    `https://business.facebook.com/wa/manage/phone-numbers/?business_id=${BUSINESS_ID}&waba_id=${waba}`,
};
