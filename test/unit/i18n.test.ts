import { describe, expect, it } from 'vitest';
import { languageName } from '@/utils/i18n';

describe('languageName', () => {
  it.each([
    ['en_US', 'en', 'English (United States)'],
    ['pt_BR', 'en', 'Portuguese (Brazil)'],
    ['ar', 'en', 'Arabic'],
    ['de_DE', 'de', 'Deutsch (Deutschland)'],
  ])('%s in %s is %s', (code, locale, name) => {
    expect(languageName(code, locale)).toBe(name);
  });

  it('falls back to the code when there is no such language tag', () => {
    expect(languageName('not a tag', 'en')).toBe('not a tag');
  });
});
