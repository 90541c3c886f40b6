import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  activeLocale,
  formatMessage,
  languageName,
  localeTag,
  matchLocale,
  nativeLanguageName,
  resolveLocale,
  setMessages,
  t,
  textDirection,
  tPlural,
  UI_LOCALES,
} from '@/utils/i18n';
import { browserLocale, languageLoadFailure, startLanguage } from '@/utils/i18n/active';
import { storedLanguage } from '@/utils/i18n/stored-language';
import { preferencesStore } from '@/utils/storage';
import english from '../../public/_locales/en/messages.json';

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

describe('nativeLanguageName', () => {
  it.each([
    ['en', 'English'],
    ['de', 'Deutsch'],
    ['es', 'Español'],
    ['pt_BR', 'Português (Brasil)'],
    ['ja', '日本語'],
    ['ar', 'العربية'],
    ['zh_CN', '中文（简体）'],
  ])('names %s in its own language: %s', (locale, name) => {
    expect(nativeLanguageName(locale)).toBe(name);
  });

  it('names every UI locale without falling back to its code', () => {
    for (const l of UI_LOCALES) expect(nativeLanguageName(l)).not.toBe(l);
  });
});

describe('matchLocale (the browser language to the closest UI locale)', () => {
  it.each([
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['de', 'de'],
    ['de-AT', 'de'],
    ['es-419', 'es'],
    ['pt-BR', 'pt_BR'],
    ['pt', 'pt_BR'],
    ['pt-PT', 'pt_BR'],
    ['pt_BR', 'pt_BR'],
    ['zh', 'zh_CN'],
    ['zh-CN', 'zh_CN'],
    ['zh-Hans', 'zh_CN'],
    ['zh-Hans-SG', 'zh_CN'],
    ['zh-TW', 'en'],
    ['zh-Hant', 'en'],
    ['ar-EG', 'ar'],
    ['ja-JP', 'ja'],
    ['fr-FR', 'en'],
    ['', 'en'],
  ])('%s → %s', (language, locale) => {
    expect(matchLocale(language)).toBe(locale);
  });

  it('takes the choice in settings over the browser language', () => {
    expect(resolveLocale('ar', 'en-US')).toBe('ar');
    expect(resolveLocale('auto', 'pt-BR')).toBe('pt_BR');
  });
});

describe('direction and tags', () => {
  it('lays out Arabic right to left and the others left to right', () => {
    expect(UI_LOCALES.filter((l) => textDirection(l) === 'rtl')).toEqual(['ar']);
  });

  it('writes folder names as BCP 47 tags', () => {
    expect(localeTag('pt_BR')).toBe('pt-BR');
    expect(localeTag('zh_CN')).toBe('zh-CN');
  });
});

describe('formatMessage (as browser.i18n fills placeholders)', () => {
  it('fills $1…$9, leaves missing ones empty and writes $$ as $', () => {
    expect(formatMessage({ message: '$1 of $2 ($3) costs $$5' }, ['a', 'b'])).toBe(
      'a of b () costs $5',
    );
  });

  it('fills named placeholders from their content, case-insensitively', () => {
    const entry = {
      message: 'Hello $Who$, $count$ new',
      placeholders: { who: { content: '$1' }, COUNT: { content: '$2' } },
    };
    expect(formatMessage(entry, ['Ana', '3'])).toBe('Hello Ana, 3 new');
  });

  it('does not read a $1 inside a substitution as a placeholder', () => {
    expect(formatMessage({ message: '$1 and $2' }, ['$2', 'x'])).toBe('$2 and x');
  });
});

describe('t and tPlural', () => {
  const german = {
    actionRefresh: { message: 'Aktualisieren' },
    wabaLoaded__one: { message: '$1 Nummer in diesem Konto' },
    wabaLoaded__other: { message: '$1 Nummern in diesem Konto' },
  };

  it('answers with English for a key the locale lacks', () => {
    setMessages('de', german, english);
    expect(t('actionRefresh')).toBe('Aktualisieren');
    expect(t('actionRetry')).toBe('Try again');
  });

  it('picks the English plural categories', () => {
    expect(tPlural('wabaLoaded', 1)).toBe('1 number in this account');
    expect(tPlural('wabaLoaded', 0)).toBe('0 numbers in this account');
    expect(tPlural('wabaLoaded', 1234)).toBe('1,234 numbers in this account');
  });

  it('picks all six Arabic categories, with Arabic digits', () => {
    const arabic = Object.fromEntries(
      ['zero', 'one', 'two', 'few', 'many', 'other'].map((c) => [
        `wabaLoaded__${c}`,
        { message: `${c}:$1` },
      ]),
    );
    setMessages('ar', arabic, english);
    const shown = [0, 1, 2, 3, 11, 100].map((n) => tPlural('wabaLoaded', n));
    const digits = (n: number) => new Intl.NumberFormat('ar').format(n);
    expect(shown).toEqual([
      `zero:${digits(0)}`,
      `one:${digits(1)}`,
      `two:${digits(2)}`,
      `few:${digits(3)}`,
      `many:${digits(11)}`,
      `other:${digits(100)}`,
    ]);
  });

  it('uses only "other" in Japanese, which has no plural forms', () => {
    setMessages('ja', { wabaLoaded__other: { message: 'このアカウントの番号: $1 件' } }, english);
    expect(tPlural('wabaLoaded', 1)).toBe('このアカウントの番号: 1 件');
    expect(tPlural('wabaLoaded', 5)).toBe('このアカウントの番号: 5 件');
  });

  it("falls back to the locale's other form, then to English", () => {
    setMessages('de', { wabaLoaded__other: { message: '$1 Nummern' } }, english);
    expect(tPlural('wabaLoaded', 1)).toBe('1 Nummern');
    setMessages('de', {}, english);
    expect(tPlural('wabaLoaded', 1)).toBe('1 number in this account');
    expect(tPlural('wabaLoaded', 2)).toBe('2 numbers in this account');
  });

  it('formats the count for the locale', () => {
    setMessages('de', german, english);
    expect(tPlural('wabaLoaded', 1234)).toBe('1.234 Nummern in diesem Konto');
  });
});

describe('startLanguage (the settings choice and the browser language)', () => {
  const served: string[] = [];
  beforeEach(() => {
    served.length = 0;
    // The extension's packaged files; a locale the build lacks is not found.
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        const path = new URL(url).pathname;
        served.push(path);
        try {
          const messages = JSON.parse(readFileSync(`public${path}`, 'utf8'));
          // A locale file from an older build that lacks one key, to see English stand in.
          if (path === '/_locales/ar/messages.json') delete messages.actionRetry;
          return new Response(JSON.stringify(messages));
        } catch {
          return new Response('', { status: 404 });
        }
      }),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it('follows the browser language when the setting is "auto"', async () => {
    Object.assign(fakeBrowser.i18n, { getUILanguage: () => 'pt-BR' });
    expect(browserLocale()).toBe('pt_BR');
    const stop = await startLanguage(storedLanguage, () => undefined);
    expect(activeLocale()).toBe('pt_BR');
    stop();
  });

  it('takes the language chosen in settings over the browser, with English for what it lacks', async () => {
    await preferencesStore.update({ language: 'ar' });
    const stop = await startLanguage(storedLanguage, () => undefined);
    expect(activeLocale()).toBe('ar');
    expect(textDirection()).toBe('rtl');
    expect(t('actionRetry')).toBe('Try again');
    expect(t('actionRefresh')).not.toBe('Refresh');
    expect(served).toContain('/_locales/ar/messages.json');
    stop();
  });

  it('shows English, laid out as English, when the chosen language cannot be loaded, and says so', async () => {
    await preferencesStore.update({ language: 'ar' });
    const fetch = globalThis.fetch as (url: string) => Promise<Response>;
    vi.stubGlobal('fetch', async (url: string) =>
      url.includes('/ar/') ? new Response('', { status: 404 }) : fetch(url),
    );
    const redraws: string[] = [];
    const stop = await startLanguage(storedLanguage, (l) => redraws.push(l));
    expect(activeLocale()).toBe('en');
    expect(textDirection()).toBe('ltr');
    expect(languageLoadFailure()).toBe('ar');
    // Choosing a language that loads clears it.
    await preferencesStore.update({ language: 'auto' });
    await vi.waitFor(() => expect(redraws).toEqual(['en']));
    expect(languageLoadFailure()).toBeNull();
    stop();
  });

  it('loads only English when English is in use', async () => {
    const stop = await startLanguage(storedLanguage, () => undefined);
    expect(served).toEqual(['/_locales/en/messages.json']);
    stop();
  });

  it('redraws in a new language when the setting changes, and not when it stays', async () => {
    const redraws: string[] = [];
    const stop = await startLanguage(storedLanguage, (l) => redraws.push(l));
    expect(activeLocale()).toBe('en');
    await preferencesStore.update({ language: 'ja' });
    await vi.waitFor(() => expect(redraws).toEqual(['ja']));
    expect(activeLocale()).toBe('ja');
    await preferencesStore.update({ overlayHidden: true });
    await preferencesStore.update({ language: 'auto' });
    await vi.waitFor(() => expect(redraws).toEqual(['ja', 'en']));
    stop();
  });
});
