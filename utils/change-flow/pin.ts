/**
 * Meta's two-step verification PIN, and the code it sends to verify a number, are both exactly
 * six digits. This is the one place that says so: the protocol's schemas (flow-schema.ts), the
 * runner's checks and the form fields all use it (no zod here: the forms' bundles stay small).
 */
export const PIN_LENGTH = 6;
export const SIX_DIGITS = /^\d{6}$/;

/** @example isValidPin('246810') // true; isValidPin('24681') // false */
export const isValidPin = (pin: string | undefined): pin is string =>
  pin !== undefined && SIX_DIGITS.test(pin);

/** @example isValidCode('123456') // true */
export const isValidCode = (code: string | undefined): code is string =>
  code !== undefined && SIX_DIGITS.test(code);

/**
 * What a person typed into a PIN or code field, kept to what such a field can hold.
 * @example sixDigitsOf('24 68-10 9') // '246810'
 */
export const sixDigitsOf = (typed: string) => typed.replace(/\D/g, '').slice(0, PIN_LENGTH);
