import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LanguagePicker } from '@/components/LanguagePicker';
import { localeTag, UI_LOCALES } from '@/utils/i18n';

/** The picker's options as a person reads them: value, language tag, text, and which is chosen. */
function options(html: string) {
  return [
    ...html.matchAll(/<option value="([^"]*)"(?: lang="([^"]*)")?( selected="")?>([^<]*)/g),
  ].map(([, value, lang, selected, text]) => ({ value, lang, selected: !!selected, text }));
}

describe('LanguagePicker (the language choice in settings)', () => {
  const render = (
    chosen: Parameters<typeof LanguagePicker>[0]['chosen'],
    browserLocale = 'de' as const,
  ) =>
    options(
      renderToStaticMarkup(
        <LanguagePicker chosen={chosen} browserLocale={browserLocale} onChange={() => undefined} />,
      ),
    );

  it('offers the browser default, named as it resolves, then the eleven in their own languages', () => {
    const shown = render('auto');
    expect(shown[0]).toEqual({
      value: 'auto',
      lang: undefined,
      selected: true,
      text: 'Browser default (Deutsch)',
    });
    expect(shown).toHaveLength(12);
    expect(shown.slice(1).map((o) => o.lang)).toEqual(UI_LOCALES.map((l) => localeTag(l)));
    expect(shown.find((o) => o.value === 'ja')?.text).toBe('日本語');
  });

  it('shows the stored choice as chosen', () => {
    const shown = render('ar');
    expect(shown.filter((o) => o.selected).map((o) => o.value)).toEqual(['ar']);
  });

  it('says when a language could not be loaded, in words, naming it in its own language', () => {
    const html = renderToStaticMarkup(
      <LanguagePicker chosen="ar" browserLocale="en" failed="ar" onChange={() => undefined} />,
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain(
      'Residency could not load its texts in العربية, so its pages are in English.',
    );
  });
});
