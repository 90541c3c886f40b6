// The eleven locale files against English and the code: nothing missing, nothing extra, nothing
// left in English by mistake, the same placeholders, and every plural form each language has.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { localeTag, type Messages, UI_LOCALES, type UiLocale } from '@/utils/i18n';

const LOCALES_DIR = 'public/_locales';
/** Where UI text is shown from; wxt.config.ts holds the manifest's __MSG_…__ keys. */
const CODE_DIRS = ['components', 'entrypoints', 'utils'];
const CODE_FILES = ['wxt.config.ts'];

/**
 * Messages that are right to leave as English, with why. Messages made only of placeholders
 * and punctuation ("$1 $2: $3") need no entry.
 */
const SAME_AS_ENGLISH_EVERYWHERE: Record<string, string> = {
  extShortName: 'The product name, "Residency", is not translated.',
};
const SAME_AS_ENGLISH: Partial<Record<UiLocale, Record<string, string>>> = {};

/** The shape of a `messages.json` (the pages load them as they are: this is their check). */
const MessagesSchema = z.record(
  z.string(),
  z.object({
    message: z.string(),
    description: z.string().optional(),
    placeholders: z
      .record(z.string(), z.object({ content: z.string(), example: z.string().optional() }))
      .optional(),
  }),
);

const PLURAL_KEY = /^(.+)__(zero|one|two|few|many|other)$/;

const read = (locale: string): Messages =>
  MessagesSchema.parse(
    JSON.parse(readFileSync(join(LOCALES_DIR, locale, 'messages.json'), 'utf8')),
  );

const english = read('en');
const present = UI_LOCALES.filter((l) => existsSync(join(LOCALES_DIR, l, 'messages.json')));

/** English's plural bases (`<base>__other` exists) and its other keys. */
const pluralBases = new Set(
  Object.keys(english).flatMap((k) => {
    const m = PLURAL_KEY.exec(k);
    return m?.[2] === 'other' && m[1] ? [m[1]] : [];
  }),
);
const pluralBaseOf = (key: string) => {
  const base = PLURAL_KEY.exec(key)?.[1];
  return base && pluralBases.has(base) ? base : undefined;
};
const singleKeys = Object.keys(english).filter((k) => !pluralBaseOf(k));

const categories = (locale: UiLocale) =>
  new Intl.PluralRules(localeTag(locale)).resolvedOptions().pluralCategories as string[];

/** The keys a locale must have: English's single keys and each plural base in its categories. */
const expectedKeys = (locale: UiLocale) => [
  ...singleKeys,
  ...[...pluralBases].flatMap((base) => categories(locale).map((c) => `${base}__${c}`)),
];

/** `$1`… and `$NAME$` references in a message, and its placeholders block, comparable as text. */
function placeholders(entry: { message: string; placeholders?: Messages[string]['placeholders'] }) {
  const named = [...entry.message.matchAll(/\$([a-z0-9_@]+)\$/gi)].map((m) =>
    (m[1] ?? '').toLowerCase(),
  );
  const rest = entry.message.replace(/\$([a-z0-9_@]+)\$/gi, '').replace(/\$\$/g, '');
  const positional = [...rest.matchAll(/\$(\d)/g)].map((m) => `$${m[1]}`);
  const block = Object.entries(entry.placeholders ?? {}).map(
    ([name, p]) => `${name.toLowerCase()}=${p.content}`,
  );
  return new Set([...named.map((n) => `$${n}$`), ...positional, ...block]);
}

/** English's placeholders for a key: a plural form is compared with English's `__other`. */
const englishPlaceholders = (key: string) => {
  const base = pluralBaseOf(key);
  const entry = english[base ? `${base}__other` : key];
  return entry ? placeholders(entry) : new Set<string>();
};

/** Whether a message has any words at all once its placeholders are taken out. */
const hasWords = (message: string) =>
  /\p{L}/u.test(message.replace(/\$([a-z0-9_@]+)\$/gi, '').replace(/\$\d/g, ''));

function codeText(): string {
  const files: string[] = [...CODE_FILES];
  for (const dir of CODE_DIRS)
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
      if (entry.isFile() && /\.(tsx?|html)$/.test(entry.name))
        files.push(join(entry.parentPath, entry.name));
  return files.map((f) => readFileSync(f, 'utf8')).join('\n');
}

describe('locale folders', () => {
  // Red until the translations are merged: every other check runs over the folders present.
  it('ships all eleven UI languages', () => {
    expect(present).toEqual([...UI_LOCALES]);
  });

  it('has no folder for a language the UI does not offer', () => {
    const folders = readdirSync(LOCALES_DIR, { withFileTypes: true }).filter((d) =>
      d.isDirectory(),
    );
    expect(folders.map((d) => d.name).filter((n) => !UI_LOCALES.includes(n as UiLocale))).toEqual(
      [],
    );
  });
});

describe('English', () => {
  it('uses every key in the code (a key reached dynamically is listed in a typed map)', () => {
    const code = codeText();
    const bases = new Set(Object.keys(english).map((k) => pluralBaseOf(k) ?? k));
    const unused = [...bases].filter(
      (key) => !new RegExp(`['"\`]${key}['"\`]`).test(code) && !code.includes(`__MSG_${key}__`),
    );
    expect(unused).toEqual([]);
  });

  it('gives translators a description of every count a plural message depends on', () => {
    const undescribed = [...pluralBases].filter((b) => !english[`${b}__other`]?.description);
    expect(undescribed).toEqual([]);
  });
});

describe.each(present)('%s', (locale) => {
  const messages = read(locale);
  const expected = new Set(expectedKeys(locale));

  it('has every key English has', () => {
    expect(singleKeys.filter((k) => !messages[k])).toEqual([]);
  });

  it(`has every plural form the language needs (${categories(locale).join(', ')})`, () => {
    expect([...expected].filter((k) => pluralBaseOf(k) && !messages[k])).toEqual([]);
  });

  it('has no key English lacks, and no plural form the language does not have', () => {
    expect(Object.keys(messages).filter((k) => !expected.has(k))).toEqual([]);
  });

  it('uses the same placeholders as English', () => {
    const differing = Object.entries(messages).flatMap(([key, entry]) => {
      const mine = placeholders(entry);
      const theirs = englishPlaceholders(key);
      // A plural form may spell its count out ("one number", Arabic's dual), so it may omit
      // some; the "other" form, and every message that is not plural, has them all.
      const subset = pluralBaseOf(key) && !key.endsWith('__other');
      const same = subset
        ? [...mine].every((p) => theirs.has(p))
        : mine.size === theirs.size && [...mine].every((p) => theirs.has(p));
      return same ? [] : [`${key}: ${[...mine].join(' ')} ≠ English ${[...theirs].join(' ')}`];
    });
    expect(differing).toEqual([]);
  });

  it.skipIf(locale === 'en')('translates every message (outside the allowlist)', () => {
    const allowed = { ...SAME_AS_ENGLISH_EVERYWHERE, ...SAME_AS_ENGLISH[locale] };
    const untranslated = Object.entries(messages)
      .filter(([key, entry]) => entry.message === english[key]?.message)
      .filter(([key, entry]) => hasWords(entry.message) && !(key in allowed))
      .map(([key]) => key);
    expect(untranslated).toEqual([]);
  });
});
