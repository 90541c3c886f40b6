// The fleet: 20 WABAs with 2,000 numbers between them, reached only by TOKEN_FLEET, for the
// fleet overview and its scan. Deterministic, so tests can derive what every row must show.
// seed.ts imports this file: REGIONS is only read inside functions, after both have loaded.
import { type PhoneRecord, REGIONS, type StorageBlock } from './seed';

export const FLEET_WABA_COUNT = 20;
export const FLEET_NUMBER_COUNT = 2000;

/**
 * Numbers per WABA: pairs that add up to 200, so the fleet is 2,000 numbers; the WABAs over
 * 100 numbers need more than one page of `phone_numbers` at Graph's maximum page size.
 */
const FLEET_SIZES = [
  55, 145, 70, 130, 85, 115, 100, 100, 40, 160, 95, 105, 120, 80, 150, 50, 101, 99, 65, 135,
];

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** @example fleetWabaId(1) // '210000000000001' */
export const fleetWabaId = (index: number) => `2100000000000${pad(index, 2)}`;
/** @example fleetPhoneId(1) // '500000000000001' */
export const fleetPhoneId = (index: number) => `5000000000${pad(index, 5)}`;

const FLEET_WABA_IDS: ReadonlySet<string> = new Set(
  Array.from({ length: FLEET_WABA_COUNT }, (_, w) => fleetWabaId(w + 1)),
);
export const isFleetWaba = (wabaId: string) => FLEET_WABA_IDS.has(wabaId);

const COUNTRY_CODES = ['1', '55', '91', '49', '44', '61', '81', '27', '65', '971'];
const QUALITIES = ['GREEN', 'GREEN', 'GREEN', 'YELLOW', 'RED', 'NA'];

/**
 * Storage cycles every 20 numbers: mostly in-country (each region, some in the reference's
 * lower case), then absent, DEFAULT, IN_COUNTRY_STORAGE_DISABLED and No Storage.
 */
export function fleetStorage(i: number): StorageBlock | undefined {
  const cycle = i % 20;
  const region = REGIONS[i % REGIONS.length] ?? 'BR';
  if (cycle === 0) return undefined;
  if (cycle === 1) return { status: 'DEFAULT' };
  if (cycle === 2) return { status: 'IN_COUNTRY_STORAGE_DISABLED' };
  if (cycle === 3) return { status: 'NO_STORAGE_ENABLED', retention_minutes: 60 };
  if (cycle === 4)
    return { status: 'in_country_storage_enabled', data_localization_region: region.toLowerCase() };
  return { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: region };
}

/** Every ninth number is unregistered, every 25th on-premises; the rest on Cloud API. */
function fleetRegistration(i: number) {
  if (i % 9 === 0) return { platform_type: 'NOT_APPLICABLE', status: 'DISCONNECTED' };
  if (i % 25 === 0) return { platform_type: 'ON_PREMISE', status: 'CONNECTED' };
  return { platform_type: 'CLOUD_API', status: 'CONNECTED' };
}

function fleetPhone(i: number, wabaId: string): PhoneRecord {
  const cc = COUNTRY_CODES[i % COUNTRY_CODES.length] ?? '1';
  const storage = fleetStorage(i);
  return {
    id: fleetPhoneId(i),
    wabaId,
    // Unique: the last seven digits are the number's index.
    display_phone_number: `+${cc} ${pad(i % 1000, 3)} ${pad(i, 7).slice(0, 3)}-${pad(i, 7).slice(3)}`,
    verified_name: `Fleet Line ${i}`,
    quality_rating: QUALITIES[i % QUALITIES.length] ?? 'GREEN',
    code_verification_status: 'VERIFIED',
    name_status: 'APPROVED',
    ...fleetRegistration(i),
    is_on_biz_app: false,
    account_mode: 'LIVE',
    throughput: { level: 'STANDARD' },
    ...(storage ? { storage } : {}),
    pin: '246810',
    wrongPinStreak: 0,
    registrationCalls: [],
  };
}

/** The fleet's WABAs and numbers, in WABA order. */
export function seedFleet(): {
  wabas: { id: string; name: string }[];
  phones: PhoneRecord[];
} {
  const wabas: { id: string; name: string }[] = [];
  const phones: PhoneRecord[] = [];
  let i = 0;
  FLEET_SIZES.forEach((size, w) => {
    const id = fleetWabaId(w + 1);
    wabas.push({ id, name: `Fleet Bank ${pad(w + 1, 2)}` });
    for (let n = 0; n < size; n++) phones.push(fleetPhone(++i, id));
  });
  return { wabas, phones };
}
