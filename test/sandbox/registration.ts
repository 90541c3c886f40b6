// Register, deregister and number verification: PINs, codes and the shared 10-per-72h limit.
import { randomInt } from 'node:crypto';
import {
  fail,
  type GraphAnswer,
  type GraphRequest,
  invalid,
  isRegistered,
  ok,
  str,
} from './answers';
import type { PhoneRecord } from './seed';

const HOUR = 3_600_000;
export const REGISTRATION_WINDOW_MS = 72 * HOUR;
export const REGISTRATION_LIMIT = 10;
const PIN_GUESSES = 5;
const PIN_LOCK_MS = 12 * HOUR;

export function registrationCall(req: GraphRequest, phone: PhoneRecord, run: () => GraphAnswer) {
  phone.registrationCalls = phone.registrationCalls.filter(
    (t) => req.now - t < REGISTRATION_WINDOW_MS,
  );
  if (phone.registrationCalls.length >= REGISTRATION_LIMIT)
    return fail(
      {
        message: 'Account register deregister rate limit exceeded',
        code: 133016,
        error_user_title: 'Registration blocked',
        error_user_msg:
          'This phone number reached the limit of 10 register and deregister requests in 72 hours. Registration is blocked for 72 hours.',
        details:
          'Registration is blocked for 72 hours because of too many register and deregister requests.',
      },
      phone.wabaId,
    );
  phone.registrationCalls.push(req.now);
  return run();
}

/** Meta may take a moment to report the new platform_type and status (a sandbox switch). */
function changeRegistration(req: GraphRequest, phone: PhoneRecord, registered: boolean) {
  const delay = req.behaviour.registrationReportDelayMs;
  if (delay > 0)
    phone.reported = {
      platform_type: phone.platform_type,
      status: phone.status,
      until: req.now + delay,
    };
  phone.platform_type = registered ? 'CLOUD_API' : 'NOT_APPLICABLE';
  phone.status = registered ? 'CONNECTED' : 'DISCONNECTED';
}

export function deregister(req: GraphRequest, phone: PhoneRecord): GraphAnswer {
  const w = phone.wabaId;
  if (phone.is_on_biz_app)
    return invalid(
      '(#100) Deregistration is not available for phone numbers also on the WhatsApp Business app',
      w,
    );
  if (!isRegistered(phone))
    return req.behaviour.notRegisteredAnswer === '133010'
      ? fail(
          {
            message: 'Account not registered',
            code: 133010,
            details: 'The phone number is not registered on the WhatsApp Business Platform.',
          },
          w,
        )
      : // Meta's OpenAPI reference gives this answer for the same case.
        fail(
          {
            message: 'Phone number not registered on the WhatsApp Business Platform.',
            code: 100,
            error_subcode: 2207051,
          },
          w,
        );
  changeRegistration(req, phone, false);
  return ok({ success: true }, w);
}

const pinLocked = (w: string) =>
  fail(
    {
      message: 'Too many two step verification PIN guesses for this phone number',
      code: 133008,
      details: 'Try again after 12 hours.',
    },
    w,
  );

export function register(req: GraphRequest, phone: PhoneRecord): GraphAnswer {
  const w = phone.wabaId;
  const p = req.params;
  if (p.data_localization_region !== undefined)
    return invalid(
      '(#100) Param data_localization_region is not supported. Use the settings endpoint.',
      w,
    );
  const pin = str(p.pin);
  if (p.messaging_product !== 'whatsapp' || !pin || !/^\d{6}$/.test(pin))
    return invalid(undefined, w);
  // Meta asks for a code only for some numbers; code_verification_status is no gate.
  if (phone.verificationRequired)
    return fail(
      {
        message: 'Phone number needs to be verified before registering',
        code: 133006,
        error_user_title: 'Phone number not verified',
        error_user_msg:
          'Verify the phone number with a code sent by SMS or voice call before registering it.',
        details: 'Request a verification code and verify the phone number, then register it.',
      },
      w,
    );
  if (phone.pinLockedUntil !== undefined && req.now < phone.pinLockedUntil) return pinLocked(w);
  if (phone.pin !== undefined && pin !== phone.pin) {
    phone.wrongPinStreak += 1;
    // The fifth wrong guess in a row locks the number and already answers 133008.
    if (phone.wrongPinStreak >= PIN_GUESSES) {
      phone.pinLockedUntil = req.now + PIN_LOCK_MS;
      return pinLocked(w);
    }
    return fail(
      {
        message: 'Two step verification PIN Mismatch',
        code: 133005,
        details: 'The two-step verification PIN is incorrect.',
      },
      w,
    );
  }
  phone.pin = pin;
  phone.wrongPinStreak = 0;
  phone.pinLockedUntil = undefined;
  changeRegistration(req, phone, true);
  return ok({ success: true }, w);
}

export function requestCode(req: GraphRequest, phone: PhoneRecord): GraphAnswer {
  const w = phone.wabaId;
  const codeMethod = str(req.params.code_method);
  if (codeMethod !== 'SMS' && codeMethod !== 'VOICE')
    return invalid('(#100) Param code_method must be one of {SMS, VOICE}', w);
  if (!str(req.params.language)) return invalid('(#100) The parameter language is required', w);
  phone.verificationCode = String(randomInt(100000, 1000000));
  phone.lastVerificationCode = phone.verificationCode;
  return ok({ success: true }, w);
}

export function verifyCode(req: GraphRequest, phone: PhoneRecord): GraphAnswer {
  const w = phone.wabaId;
  const code = str(req.params.code);
  if (phone.verificationCode === undefined || code !== phone.verificationCode)
    return fail({ message: 'Verification code mismatch', code: 136025 }, w);
  phone.code_verification_status = 'VERIFIED';
  phone.verificationRequired = false;
  phone.verificationCode = undefined;
  return ok({ success: true }, w);
}
