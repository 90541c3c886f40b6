import { describe, expect, it } from 'vitest';
import {
  HIDDEN_PAGES_MAX,
  managerPageKeyOf,
  overlayHiddenAt,
  parseManagerPageKey,
  withPageHidden,
} from '@/utils/panel-frame/hidden-pages';

const profile = (digits: string, extra = '') =>
  `https://business.facebook.com/wa/manage/phone-numbers/?business_id=1&waba_id=22&childRoute=PHONE_PROFILE%2FPROFILE&phone_number=${digits}${extra}`;
const list = 'https://business.facebook.com/wa/manage/phone-numbers/?business_id=1&waba_id=22';

describe('hiding Residency per Manager page', () => {
  it('names a page by what it shows, not by its tracking parameters', () => {
    expect(managerPageKeyOf(profile('15556682460'))).toBe('phone-profile|22|15556682460');
    expect(managerPageKeyOf(profile('15556682460', '&nav_ref=x&tab=y'))).toBe(
      'phone-profile|22|15556682460',
    );
    expect(managerPageKeyOf(list)).toBe('phone-numbers|22|');
    expect(managerPageKeyOf('https://example.com/wa/manage/phone-numbers/')).toBeNull();
    expect(managerPageKeyOf(undefined)).toBeNull();
  });

  it('reads its keys back, and refuses keys it never wrote', () => {
    expect(parseManagerPageKey('phone-profile|22|15556682460')).toEqual({
      section: 'phone-profile',
      wabaId: '22',
      phoneDigits: '15556682460',
    });
    expect(parseManagerPageKey('home||')).toEqual({ section: 'home' });
    expect(parseManagerPageKey('inbox|22|')).toBeNull();
    expect(parseManagerPageKey('home|<b>|')).toBeNull();
    expect(parseManagerPageKey('home|1|2|3')).toBeNull();
  });

  it('hides on the chosen page only, or everywhere', () => {
    const choice = { overlayHidden: false, overlayHiddenPages: ['phone-profile|22|15556682460'] };
    expect(overlayHiddenAt(choice, profile('15556682460'))).toBe(true);
    expect(overlayHiddenAt(choice, profile('15556682461'))).toBe(false);
    expect(overlayHiddenAt(choice, list)).toBe(false);
    expect(overlayHiddenAt({ ...choice, overlayHidden: true }, list)).toBe(true);
  });

  it('keeps each page once, newest last, and forgets the oldest past the limit', () => {
    expect(withPageHidden(['a', 'b'], 'a', true)).toEqual(['b', 'a']);
    expect(withPageHidden(['a', 'b'], 'a', false)).toEqual(['b']);
    expect(withPageHidden(['a'], 'c', false)).toEqual(['a']);
    const full = Array.from({ length: HIDDEN_PAGES_MAX }, (_, i) => `home|${i}|`);
    const next = withPageHidden(full, 'home|new|', true);
    expect(next).toHaveLength(HIDDEN_PAGES_MAX);
    expect(next[0]).toBe('home|1|');
    expect(next.at(-1)).toBe('home|new|');
  });
});
