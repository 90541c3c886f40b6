/**
 * Every number, date, time, region and language name the UI shows, formatted by Intl in the
 * UI language in use (pass `uiLanguage()` from ./index): one home, so no page formats by the
 * browser's default locale.
 */

type When = number | string | Date;

/** @example formatNumber(1234.5, 'de') // '1.234,5' */
export const formatNumber = (n: number, locale: string): string =>
  new Intl.NumberFormat(locale).format(n);

/** @example formatList(['a', 'b', 'c'], 'en') // 'a, b, and c' */
export const formatList = (items: string[], locale: string): string =>
  new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);

/** @example formatDateTime('2026-12-02T14:05:00Z', 'en') // '12/2/2026, 2:05:00 PM' (local time) */
export const formatDateTime = (at: When, locale: string): string =>
  new Date(at).toLocaleString(locale);

/** @example formatDate(Date.UTC(2027, 0, 21), 'en', { timeZone: 'UTC' }) // '1/21/2027' */
export const formatDate = (
  at: When,
  locale: string,
  options?: Intl.DateTimeFormatOptions,
): string => new Date(at).toLocaleDateString(locale, options);

/** @example formatTime(Date.parse('2026-12-02T14:05:00'), 'en') // '2:05:00 PM' */
export const formatTime = (
  at: When,
  locale: string,
  options?: Intl.DateTimeFormatOptions,
): string => new Date(at).toLocaleTimeString(locale, options);

/**
 * A time people can act on: "14:05" (with seconds for short waits), and the date when it is
 * not today.
 * @example clockTime(Date.parse('2026-12-02T14:05:00'), 'en', Date.parse('2026-12-02T09:00:00')) // '14:05'
 */
export function clockTime(at: number, locale: string, now = Date.now(), seconds = false): string {
  const time = formatTime(at, locale, {
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  });
  if (new Date(at).toDateString() === new Date(now).toDateString()) return time;
  return `${formatDate(at, locale, { month: 'short', day: 'numeric' })} ${time}`;
}

/** A region or language name from the browser's CLDR data; the code itself when it has none. */
function displayName(type: 'region' | 'language', code: string, locale: string): string {
  try {
    const names = new Intl.DisplayNames([locale, 'en'], { type, languageDisplay: 'standard' });
    return names.of(code) ?? code;
  } catch {
    // An invalid locale tag or code: the code itself is still meaningful to people.
    return code;
  }
}

/**
 * A region's name in the UI language.
 * @example regionName('BR', 'en') // 'Brazil'
 */
export const regionName = (code: string, locale: string): string =>
  displayName('region', code, locale);

/**
 * A language code as Meta writes it (en_US, pt_BR, ar) named in the UI language.
 * @example languageName('pt_BR', 'en') // 'Portuguese (Brazil)'
 */
export const languageName = (code: string, locale: string): string =>
  displayName('language', code.replace('_', '-'), locale);

/**
 * A UI locale named in its own language, as a language list shows it to people who read only
 * that language.
 * @example nativeLanguageName('de') // 'Deutsch'
 * @example nativeLanguageName('zh_CN') // '中文（简体）'
 */
export function nativeLanguageName(locale: string): string {
  // "Simplified Chinese" says what zh_CN means better than "Chinese (China)".
  const tag = locale === 'zh_CN' ? 'zh-Hans' : locale.replace('_', '-');
  const name = displayName('language', tag, tag);
  return name.charAt(0).toLocaleUpperCase(tag) + name.slice(1);
}
