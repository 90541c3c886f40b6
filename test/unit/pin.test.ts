import { describe, expect, it } from 'vitest';
import { PinSchema, VerificationCodeSchema } from '@/utils/change-flow/flow-schema';
import { isValidCode, isValidPin, sixDigitsOf } from '@/utils/change-flow/pin';

describe('the PIN and code rule: exactly six digits', () => {
  it.each([
    ['246810', true],
    ['24681', false],
    ['2468100', false],
    ['24681a', false],
    [' 246810', false],
    ['', false],
    [undefined, false],
  ])('%j → %s, the same in every check', (value, valid) => {
    expect(isValidPin(value)).toBe(valid);
    expect(isValidCode(value)).toBe(valid);
    expect(PinSchema.safeParse(value).success).toBe(valid);
    expect(VerificationCodeSchema.safeParse(value).success).toBe(valid);
  });

  it.each([
    ['24 68-10', '246810'],
    ['2468109', '246810'],
    ['abc', ''],
  ])('a field keeps %j as %j', (typed, kept) => {
    expect(sixDigitsOf(typed)).toBe(kept);
  });
});
