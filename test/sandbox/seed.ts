// Seed data of the sandbox: a business with two WABAs whose numbers cover the real cases,
// plus the fleet (fleet.ts) that only TOKEN_FLEET reaches.
import { seedFleet } from './fleet';

export const BUSINESS_ID = '100000000000001';
export const WABA_MAIN = '200000000000001';
export const WABA_SCALE = '200000000000002';
export const SEED_PIN = '246810';

export const SANDBOX_TOKEN = 'EAAR0SANDBOXfullAccessToken000000000000';
export const TOKEN_NO_PERMISSION = 'EAAR0SANDBOXnoWhatsappPermission0000000';
export const TOKEN_EXPIRED = 'EAAR0SANDBOXexpiredToken000000000000000';
export const TOKEN_FIRST_WABA_ONLY = 'EAAR0SANDBOXfirstWabaOnly00000000000000';
/** Reaches only the fleet's 20 WABAs (test/sandbox/fleet.ts). */
export const TOKEN_FLEET = 'EAAR0SANDBOXfleetOf2000Numbers000000000';
/** A working token with both permissions that is assigned to no WABA at all. */
export const TOKEN_NO_WABAS = 'EAAR0SANDBOXreachesNoWaba00000000000000';
export const TOKENS = {
  SANDBOX_TOKEN,
  TOKEN_NO_PERMISSION,
  TOKEN_EXPIRED,
  TOKEN_FIRST_WABA_ONLY,
  TOKEN_FLEET,
  TOKEN_NO_WABAS,
} as const;
export type TokenName = keyof typeof TOKENS;

export interface StorageBlock {
  status: string;
  data_localization_region?: string;
  retention_minutes?: number;
}

/** A number as the sandbox stores it; Graph fields plus the sandbox's own bookkeeping. */
export interface PhoneRecord {
  id: string;
  wabaId: string;
  display_phone_number: string;
  verified_name: string;
  quality_rating: string;
  code_verification_status: string;
  name_status: string;
  status: string;
  platform_type: string;
  is_on_biz_app: boolean;
  account_mode: string;
  throughput: { level: string };
  storage?: StorageBlock;
  pin?: string;
  wrongPinStreak: number;
  pinLockedUntil?: number;
  /** Sandbox times of register/deregister requests, for the 10-per-72h limit. */
  registrationCalls: number[];
  /** The code request_code sent and verify_code has not used yet. */
  verificationCode?: string;
  /** The last code request_code sent, kept after use so tests can read it. */
  lastVerificationCode?: string;
  /**
   * Meta wants this number verified by code before it registers it (133006). Not the same as
   * code_verification_status: registered Cloud API numbers often report NOT_VERIFIED or EXPIRED.
   */
  verificationRequired?: boolean;
  /** What Graph still reports for a number until `until`, after a register or deregister. */
  reported?: { platform_type: string; status: string; until: number };
}

const registered = { platform_type: 'CLOUD_API', status: 'CONNECTED' };
const unregistered = { platform_type: 'NOT_APPLICABLE', status: 'DISCONNECTED' };

type Seed = Omit<
  PhoneRecord,
  | 'wabaId'
  | 'wrongPinStreak'
  | 'registrationCalls'
  | 'quality_rating'
  | 'code_verification_status'
  | 'name_status'
  | 'is_on_biz_app'
  | 'account_mode'
  | 'throughput'
  | 'status'
  | 'platform_type'
> &
  Partial<PhoneRecord>;

/** The main WABA's numbers, by the case each one covers. */
export const PHONES = {
  usDefault: {
    id: '300000000000001',
    display_phone_number: '+1 555-010-0001',
    verified_name: 'Acme Health US',
    ...registered,
    pin: SEED_PIN,
  },
  brazil: {
    id: '300000000000002',
    display_phone_number: '+55 11 4000-0002',
    verified_name: 'Acme Saúde Brasil',
    ...registered,
    quality_rating: 'YELLOW',
    storage: { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: 'BR' },
    pin: SEED_PIN,
  },
  unregistered: {
    id: '300000000000003',
    display_phone_number: '+49 30 5000-0003',
    verified_name: 'Acme Gesundheit',
    ...unregistered,
    storage: { status: 'default' },
    pin: SEED_PIN,
  },
  noStorage: {
    id: '300000000000004',
    display_phone_number: '+44 20 7000-0004',
    verified_name: 'Acme Health UK',
    ...registered,
    storage: { status: 'NO_STORAGE_ENABLED', retention_minutes: 60 },
    pin: SEED_PIN,
  },
  needsVerification: {
    id: '300000000000005',
    display_phone_number: '+61 2 8000-0005',
    verified_name: 'Acme Health Australia',
    ...unregistered,
    code_verification_status: 'NOT_VERIFIED',
    verificationRequired: true,
    quality_rating: 'NA',
  },
  /** Registered and working, yet Meta reports its code verification as NOT_VERIFIED. */
  notVerifiedRegistered: {
    id: '300000000000009',
    display_phone_number: '+65 6000-0009',
    verified_name: 'Acme Health Singapore',
    ...registered,
    code_verification_status: 'NOT_VERIFIED',
    storage: { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: 'SG' },
    pin: SEED_PIN,
  },
  /** Registered and working, with an EXPIRED code verification. */
  expiredRegistered: {
    id: '300000000000010',
    display_phone_number: '+81 3 6000-0010',
    verified_name: 'Acme Health Japan',
    ...registered,
    code_verification_status: 'EXPIRED',
    pin: SEED_PIN,
  },
  onPremise: {
    id: '300000000000006',
    display_phone_number: '+1 555-010-0006',
    verified_name: 'Acme Legacy Line',
    platform_type: 'ON_PREMISE',
    status: 'CONNECTED',
    pin: SEED_PIN,
  },
  india: {
    id: '300000000000007',
    display_phone_number: '+91 22 6000-0007',
    verified_name: 'Acme Health India',
    platform_type: 'CLOUD_API',
    status: 'connected',
    quality_rating: 'green',
    storage: { status: 'in_country_storage_enabled', data_localization_region: 'IN' },
    pin: SEED_PIN,
  },
  coexistence: {
    id: '300000000000008',
    display_phone_number: '+1 555-010-0008',
    verified_name: 'Acme Coexistence',
    ...registered,
    is_on_biz_app: true,
    pin: SEED_PIN,
  },
} satisfies Record<string, Seed>;
export type PhoneKey = keyof typeof PHONES;

/** The 14 regions Local Storage accepts (data_localization_region). */
export const REGIONS = [
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

function record(wabaId: string, seed: Seed): PhoneRecord {
  return {
    quality_rating: 'GREEN',
    code_verification_status: 'VERIFIED',
    name_status: 'APPROVED',
    is_on_biz_app: false,
    account_mode: 'LIVE',
    throughput: { level: 'STANDARD' },
    wrongPinStreak: 0,
    registrationCalls: [],
    status: 'CONNECTED',
    platform_type: 'CLOUD_API',
    ...seed,
    wabaId,
    ...(seed.storage ? { storage: { ...seed.storage } } : {}),
  };
}

/**
 * 250 deterministic numbers for scale. Storage cycles every 17 numbers: absent, each of the 14
 * regions, No Storage, then the reference's lower-case form. Every tenth number is unregistered.
 */
function scaleStorage(i: number): StorageBlock | undefined {
  const cycle = (i - 1) % 17;
  if (cycle === 0) return undefined;
  if (cycle === 15) return { status: 'NO_STORAGE_ENABLED', retention_minutes: 60 };
  if (cycle === 16)
    return { status: 'in_country_storage_enabled', data_localization_region: regionAt(i) };
  return { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: regionAt(cycle - 1) };
}
const regionAt = (n: number) => REGIONS[n % REGIONS.length] ?? 'BR';
const pad = (n: number, width: number) => String(n).padStart(width, '0');

function scaleNumbers(): PhoneRecord[] {
  return Array.from({ length: 250 }, (_, index) => {
    const i = index + 1;
    const storage = scaleStorage(i);
    return record(WABA_SCALE, {
      id: `4000000000${pad(i, 5)}`,
      // Unique by the last four digits; none share digits with WABA_MAIN's numbers.
      display_phone_number: `+1 555-2${pad(i % 100, 2)}-${pad(i, 4)}`,
      verified_name: `Globex ${i}`,
      ...(i % 10 === 0 ? unregistered : registered),
      ...(storage ? { storage } : {}),
      pin: SEED_PIN,
    });
  });
}

export interface SandboxState {
  wabas: Map<string, { id: string; name: string }>;
  phones: Map<string, PhoneRecord>;
}

export function seedState(): SandboxState {
  const phones = new Map<string, PhoneRecord>();
  for (const seed of Object.values(PHONES)) phones.set(seed.id, record(WABA_MAIN, seed));
  for (const phone of scaleNumbers()) phones.set(phone.id, phone);
  const fleet = seedFleet();
  for (const phone of fleet.phones) phones.set(phone.id, phone);
  return {
    wabas: new Map([
      [WABA_MAIN, { id: WABA_MAIN, name: 'Acme Health' }],
      [WABA_SCALE, { id: WABA_SCALE, name: 'Globex Partners (scale test)' }],
      ...fleet.wabas.map((w) => [w.id, w] as const),
    ]),
    phones,
  };
}

export const SYSTEM_USER = { id: '900000000000001', name: 'Residency Sandbox System User' };
