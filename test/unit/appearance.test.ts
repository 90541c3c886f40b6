import { describe, expect, it } from 'vitest';
import { isolateLtr } from '@/utils/bidi';
import { applyTheme, themeOf } from '@/utils/ui/appearance';

describe('themeOf', () => {
  it('keeps the person’s choice over the system and the page', () => {
    expect(themeOf('light', 'dark')).toBe('light');
    expect(themeOf('dark', 'light')).toBe('dark');
    expect(themeOf('dark')).toBe('dark');
  });
  it('on automatic, follows the page when there is one, else leaves it to the system', () => {
    expect(themeOf('auto', 'dark')).toBe('dark');
    expect(themeOf('auto', 'light')).toBe('light');
    expect(themeOf('auto')).toBeNull();
  });
});

describe('applyTheme', () => {
  it('marks the document with a forced scheme and removes the mark for the system’s', () => {
    // Only the element's dataset is touched (no DOM in unit tests).
    const root = { dataset: {} as DOMStringMap } as HTMLElement;
    applyTheme(root, 'dark');
    expect(root.dataset).toEqual({ theme: 'dark' });
    applyTheme(root, null);
    expect(root.dataset).toEqual({});
  });
});

describe('isolateLtr', () => {
  it('isolates a number as left-to-right inside right-to-left text', () => {
    const inArabic = `نقل ${isolateLtr('+1 555-0100', 'rtl')} إلى كندا`;
    expect(inArabic).toContain('\u2066+1 555-0100\u2069');
  });
  it('leaves left-to-right text and empty values as they are', () => {
    expect(isolateLtr('+1 555-0100', 'ltr')).toBe('+1 555-0100');
    expect(isolateLtr('', 'rtl')).toBe('');
  });
  it('takes the direction of the UI language by default', () => {
    // The unit tests run with English messages: left to right.
    expect(isolateLtr('123')).toBe('123');
  });
});
