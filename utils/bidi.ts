import { textDirection } from './i18n';

/** Unicode's LEFT-TO-RIGHT ISOLATE and POP DIRECTIONAL ISOLATE. */
const LRI = '\u2066';
const PDI = '\u2069';

/**
 * A phone number, ID, trace ID, hash or code put into translated text: in a right-to-left UI it
 * is isolated as left-to-right (the text form of `<bdi dir="ltr">`), so "+1 555-0100" keeps its
 * order inside Arabic; in a left-to-right UI it is returned as it is.
 * @example isolateLtr('+1 555-0100', 'rtl') // '\u2066+1 555-0100\u2069'
 */
export function isolateLtr(value: string, direction: 'ltr' | 'rtl' = textDirection()): string {
  return direction === 'rtl' && value ? `${LRI}${value}${PDI}` : value;
}
