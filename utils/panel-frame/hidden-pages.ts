import { type ManagerPage, type ManagerSection, parseManagerUrl } from '../manager-page';

/**
 * Hiding Residency per Manager page. A page is what a person would call one: a number's
 * profile, an account's list of numbers, its overview, its templates. The key is built from
 * what the URL names (not the raw URL, whose tracking and tab parameters change freely).
 * Pure: the background and the settings pages share it.
 */

const SECTIONS: readonly ManagerSection[] = [
  'home',
  'phone-numbers',
  'phone-profile',
  'message-templates',
  'other',
];

/** Most pages a person can hide; the oldest choice gives way past it. */
export const HIDDEN_PAGES_MAX = 500;

export interface HiddenPage {
  section: ManagerSection;
  wabaId?: string;
  /** The number's digits, for a phone profile. */
  phoneDigits?: string;
}

/**
 * @example managerPageKey({ section: 'phone-profile', wabaId: '2', phoneNumber: { raw: '+1 555', digits: '1555' } })
 *   // 'phone-profile|2|1555'
 */
export function managerPageKey(page: ManagerPage): string {
  const digits = page.section === 'phone-profile' ? (page.phoneNumber?.digits ?? '') : '';
  return [page.section, page.wabaId ?? '', digits].join('|');
}

/** The key of a Manager URL; null when the URL is not a Manager page. */
export function managerPageKeyOf(url: string | undefined): string | null {
  const page = url ? parseManagerUrl(url) : null;
  return page ? managerPageKey(page) : null;
}

/** What a key names, for the settings page; null for a key no release wrote. */
export function parseManagerPageKey(key: string): HiddenPage | null {
  const [section, wabaId, digits, ...rest] = key.split('|');
  if (rest.length || !SECTIONS.includes(section as ManagerSection)) return null;
  if ((wabaId && !/^\d+$/.test(wabaId)) || (digits && !/^\d+$/.test(digits))) return null;
  return {
    section: section as ManagerSection,
    ...(wabaId ? { wabaId } : {}),
    ...(digits ? { phoneDigits: digits } : {}),
  };
}

/** Whether the overlay stays away from a page, given the person's choices. */
export function overlayHiddenAt(
  choice: { overlayHidden: boolean; overlayHiddenPages: readonly string[] },
  url: string | undefined,
): boolean {
  if (choice.overlayHidden) return true;
  const key = managerPageKeyOf(url);
  return key !== null && choice.overlayHiddenPages.includes(key);
}

/** The list of hidden pages with one page hidden or shown again; newest last, bounded. */
export function withPageHidden(pages: readonly string[], key: string, hidden: boolean): string[] {
  const others = pages.filter((page) => page !== key);
  return hidden ? [...others, key].slice(-HIDDEN_PAGES_MAX) : others;
}
