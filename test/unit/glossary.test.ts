// docs/glossary.md's terms are used the same way everywhere: a message whose English has a term
// has the language's term too, unless the glossary's exception table says why not.

import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Messages, UI_LOCALES, type UiLocale } from '@/utils/i18n';
import english from '../../public/_locales/en/messages.json';

const GLOSSARY = readFileSync('docs/glossary.md', 'utf8');

/** The rows of the markdown table under a `## heading`, as cells by column name. */
function table(heading: string): Record<string, string>[] {
  const section = GLOSSARY.split(/^## /m).find((s) => s.startsWith(`${heading}\n`)) ?? '';
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, line.endsWith('|') ? -1 : undefined)
        .split('|')
        .map((cell) => cell.trim()),
    );
  const [header = [], , ...body] = rows;
  return body.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}

const terms = table('Terms');
const exceptions = table('Exceptions');
/** An English term as a whole word, any case. */
const wholeWord = (term = '') =>
  new RegExp(`\\b${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
const localeFile = (l: UiLocale) => `public/_locales/${l}/messages.json`;

describe('docs/glossary.md', () => {
  it('lists the key terms with a meaning and a column for every language', () => {
    expect(terms.map((row) => row.English)).toEqual(
      expect.arrayContaining(['phone number ID', 'two-step verification PIN', 'Local Storage']),
    );
    for (const row of terms) expect(row['What it means']).not.toBe('');
    for (const l of UI_LOCALES.filter((l) => l !== 'en')) expect(terms[0]).toHaveProperty(l);
  });

  it('has English terms that the English messages use', () => {
    for (const row of terms) {
      const used = wholeWord(row.English);
      expect(Object.values(english).some((e) => used.test(e.message))).toBe(true);
    }
  });

  it('lists exceptions only for keys and terms that exist', () => {
    for (const row of exceptions) {
      expect(UI_LOCALES).toContain(row.Language);
      expect(english).toHaveProperty(row.Key ?? '');
      expect(terms.map((t) => t.English)).toContain(row['Term (English)']);
      expect(row.Why).not.toBe('');
    }
  });
});

describe.each(UI_LOCALES.filter((l) => l !== 'en' && existsSync(localeFile(l))))('%s', (locale) => {
  const messages: Messages = JSON.parse(readFileSync(localeFile(locale), 'utf8'));

  it("uses the glossary's term wherever English uses the term", () => {
    const misses = terms.flatMap((row) => {
      const term = row[locale];
      if (!term) return [];
      const inEnglish = wholeWord(row.English);
      return Object.entries(english)
        .filter(([, entry]) => inEnglish.test(entry.message))
        .filter(([key]) => messages[key])
        .filter(([key]) => !messages[key]?.message.toLowerCase().includes(term.toLowerCase()))
        .filter(
          ([key]) =>
            !exceptions.some(
              (e) => e.Language === locale && e.Key === key && e['Term (English)'] === row.English,
            ),
        )
        .map(([key]) => `${key}: "${term}" (${row.English})`);
    });
    expect(misses).toEqual([]);
  });
});
