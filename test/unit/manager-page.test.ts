import { describe, expect, it } from 'vitest';
import {
  type ManagerPage,
  parseManagerUrl,
  phoneDigits,
  samePhoneNumber,
} from '@/utils/manager-page';

const BIZ = '1049372918305566';
const WABA = '102290129340398';
const M = 'https://business.facebook.com';

// Real shapes from WhatsApp Manager (graph-api-notes.md), then variants seen or plausible.
const cases: [string, string, ManagerPage | null][] = [
  [
    'home (/wa/manage)',
    `${M}/wa/manage/home/?waba_id=${WABA}&business_id=${BIZ}`,
    { businessId: BIZ, wabaId: WABA, section: 'home' },
  ],
  [
    'phone profile (/wa/manage)',
    `${M}/wa/manage/phone-numbers/?business_id=${BIZ}&waba_id=${WABA}&childRoute=PHONE_PROFILE%2FPROFILE&phone_number=37257886623`,
    {
      businessId: BIZ,
      wabaId: WABA,
      phoneNumber: { raw: '37257886623', digits: '37257886623' },
      section: 'phone-profile',
      childRoute: 'PHONE_PROFILE/PROFILE',
    },
  ],
  [
    'phone number list (/latest)',
    `${M}/latest/whatsapp_manager/phone_numbers/?business_id=${BIZ}&tab=phone-numbers&nav_ref=whatsapp_manager&asset_id=${WABA}`,
    { businessId: BIZ, wabaId: WABA, section: 'phone-numbers' },
  ],
  [
    'phone insights (/latest), formatted number with %20',
    `${M}/latest/whatsapp_manager/phone_numbers/?business_id=${BIZ}&tab=phone-numbers&nav_ref=whatsapp_manager&asset_id=${WABA}&childRoute=PHONE_PROFILE%2FINSIGHTS&phone_number=1%20555-668-2460`,
    {
      businessId: BIZ,
      wabaId: WABA,
      phoneNumber: { raw: '1 555-668-2460', digits: '15556682460' },
      section: 'phone-profile',
      childRoute: 'PHONE_PROFILE/INSIGHTS',
    },
  ],
  [
    'message templates (/latest)',
    `${M}/latest/whatsapp_manager/message_templates/?business_id=${BIZ}&asset_id=${WABA}&tab=message-templates&nav_ref=whatsapp_manager`,
    { businessId: BIZ, wabaId: WABA, section: 'message-templates' },
  ],
  [
    'home without trailing slash',
    `${M}/wa/manage/home?waba_id=${WABA}&business_id=${BIZ}`,
    { businessId: BIZ, wabaId: WABA, section: 'home' },
  ],
  [
    'phone list with reordered params and no trailing slash',
    `${M}/wa/manage/phone-numbers?waba_id=${WABA}&nav_ref=side_nav&business_id=${BIZ}`,
    { businessId: BIZ, wabaId: WABA, section: 'phone-numbers' },
  ],
  [
    'phone number with + for spaces and %2B leading plus',
    `${M}/wa/manage/phone-numbers/?business_id=${BIZ}&waba_id=${WABA}&phone_number=%2B44+7700+900123`,
    {
      businessId: BIZ,
      wabaId: WABA,
      phoneNumber: { raw: '+44 7700 900123', digits: '447700900123' },
      section: 'phone-profile',
    },
  ],
  [
    'phone number with brackets and dashes',
    `${M}/latest/whatsapp_manager/phone_numbers/?asset_id=${WABA}&phone_number=%2B55%20(11)%2091234-5678`,
    {
      wabaId: WABA,
      phoneNumber: { raw: '+55 (11) 91234-5678', digits: '5511912345678' },
      section: 'phone-profile',
    },
  ],
  [
    'childRoute PHONE_PROFILE without phone_number',
    `${M}/wa/manage/phone-numbers/?waba_id=${WABA}&childRoute=PHONE_PROFILE%2FPROFILE`,
    { wabaId: WABA, section: 'phone-profile', childRoute: 'PHONE_PROFILE/PROFILE' },
  ],
  [
    'other childRoute on the phone list',
    `${M}/wa/manage/phone-numbers/?waba_id=${WABA}&childRoute=ADD_PHONE_NUMBER`,
    { wabaId: WABA, section: 'phone-numbers', childRoute: 'ADD_PHONE_NUMBER' },
  ],
  [
    'upper-case path',
    `${M}/WA/Manage/Phone-Numbers/?waba_id=${WABA}`,
    { wabaId: WABA, section: 'phone-numbers' },
  ],
  [
    'hash fragment and extra params ignored',
    `${M}/wa/manage/home/?waba_id=${WABA}&business_id=${BIZ}&ref=notif&foo=bar#section`,
    { businessId: BIZ, wabaId: WABA, section: 'home' },
  ],
  [
    'other Manager section (/wa/manage/insights)',
    `${M}/wa/manage/insights/?waba_id=${WABA}&business_id=${BIZ}`,
    { businessId: BIZ, wabaId: WABA, section: 'other' },
  ],
  [
    'other Manager section (/latest/whatsapp_manager/insights)',
    `${M}/latest/whatsapp_manager/insights?business_id=${BIZ}&asset_id=${WABA}`,
    { businessId: BIZ, wabaId: WABA, section: 'other' },
  ],
  [
    'Manager overview without ids',
    `${M}/latest/whatsapp_manager/overview?business_id=${BIZ}`,
    { businessId: BIZ, section: 'home' },
  ],
  [
    'non-digit ids are ignored',
    `${M}/wa/manage/home/?waba_id=%3CWABA%3E&business_id=12ab`,
    { section: 'home' },
  ],
  [
    'waba_id wins over asset_id; bad waba_id falls back to asset_id',
    `${M}/wa/manage/home/?waba_id=abc&asset_id=${WABA}`,
    { wabaId: WABA, section: 'home' },
  ],
  [
    'too-short phone_number is ignored',
    `${M}/wa/manage/phone-numbers/?waba_id=${WABA}&phone_number=12`,
    { wabaId: WABA, section: 'phone-numbers' },
  ],
  [
    'Business Settings, WhatsApp accounts, with waba_id',
    `${M}/settings/whatsapp-business-accounts/?business_id=${BIZ}&waba_id=${WABA}`,
    { businessId: BIZ, wabaId: WABA, section: 'other' },
  ],
  [
    'Business Settings (/latest), one WhatsApp account',
    `${M}/latest/settings/whatsapp_account?business_id=${BIZ}&selected_asset_id=${WABA}`,
    { businessId: BIZ, wabaId: WABA, section: 'other' },
  ],
  [
    'Business Settings (/latest), trailing slash and extra parameters',
    `${M}/latest/settings/whatsapp_account/?selected_asset_id=${WABA}&business_id=${BIZ}&nav_ref=bm_nav`,
    { businessId: BIZ, wabaId: WABA, section: 'other' },
  ],
  [
    'Business Settings (classic), the WABA in the path',
    `${M}/settings/whatsapp-business-accounts/${WABA}?business_id=${BIZ}`,
    { businessId: BIZ, wabaId: WABA, section: 'other' },
  ],
  [
    'Business Settings (/latest) without a selected account',
    `${M}/latest/settings/whatsapp_account?business_id=${BIZ}`,
    null,
  ],
  [
    'Business Settings (/latest): asset_id is not selected_asset_id',
    `${M}/latest/settings/whatsapp_account?business_id=${BIZ}&asset_id=${WABA}`,
    null,
  ],
  [
    'Business Suite inbox: asset_id is a Facebook Page, not a WABA',
    `${M}/latest/inbox/all?asset_id=${WABA}&business_id=${BIZ}`,
    null,
  ],
  [
    'Business Suite home with a Page asset_id',
    `${M}/latest/home?asset_id=${WABA}&business_id=${BIZ}`,
    null,
  ],
  [
    'Business Settings people page with a waba_id',
    `${M}/settings/people?business_id=${BIZ}&waba_id=${WABA}`,
    null,
  ],
  [
    'Business Settings page of another asset type',
    `${M}/latest/settings/pages?business_id=${BIZ}&selected_asset_id=${WABA}`,
    null,
  ],
  ['unrelated business page without a WABA id', `${M}/settings/people?business_id=${BIZ}`, null],
  ['business home', `${M}/`, null],
  [
    'look-alike host',
    `https://business.facebook.com.evil.test/wa/manage/home/?waba_id=${WABA}`,
    null,
  ],
  [
    'look-alike subdomain',
    `https://evil.business.facebook.com/wa/manage/home/?waba_id=${WABA}`,
    null,
  ],
  ['plain http', `http://business.facebook.com/wa/manage/home/?waba_id=${WABA}`, null],
  [
    'developers site',
    `https://developers.facebook.com/apps/123/whatsapp-business/wa-dev-console/?business_id=${BIZ}`,
    null,
  ],
  ['mobile site', `https://m.facebook.com/wa/manage/home/?waba_id=${WABA}`, null],
  ['www.facebook.com', `https://www.facebook.com/wa/manage/home/?waba_id=${WABA}`, null],
  ['non-default port', `https://business.facebook.com:8443/wa/manage/home/?waba_id=${WABA}`, null],
  [
    'credentials in URL',
    `https://user:pw@business.facebook.com/wa/manage/home/?waba_id=${WABA}`,
    null,
  ],
  ['not a URL', 'business.facebook.com/wa/manage/home', null],
  ['empty string', '', null],
];

describe('parseManagerUrl', () => {
  it.each(cases)('%s', (_name, url, expected) => {
    expect(parseManagerUrl(url)).toEqual(expected);
  });

  it('accepts a URL object like a string', () => {
    const url = new URL(`${M}/wa/manage/home/?waba_id=${WABA}&business_id=${BIZ}`);
    expect(parseManagerUrl(url)).toEqual({ businessId: BIZ, wabaId: WABA, section: 'home' });
  });
});

describe('phoneDigits', () => {
  it.each([
    ['+1 555-668-2460', '15556682460'],
    ['+372 5788 6623', '37257886623'],
    ['(11) 91234-5678', '11912345678'],
    ['', ''],
    ['no digits', ''],
  ])('%j → %j', (input, digits) => {
    expect(phoneDigits(input)).toBe(digits);
  });
});

describe('samePhoneNumber', () => {
  it.each([
    ['+1 555-668-2460', '15556682460', true],
    ['+1 555-668-2460', '1 555-668-2460', true],
    ['+372 5788 6623', '37257886623', true],
    // A missing country code is a different number as far as Residency is concerned.
    ['+1 555-668-2460', '5556682460', false],
    ['+44 7700 900123', '4407700900123', false],
    ['+1 555-668-2460', '', false],
    ['', '', false],
  ])('samePhoneNumber(%j, %j) → %j', (display, digits, same) => {
    expect(samePhoneNumber(display, digits)).toBe(same);
  });
});
