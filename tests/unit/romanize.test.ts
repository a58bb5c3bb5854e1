import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arabicSkeleton, romanizedKey, transliterateLetters } from '../../api/text/romanize';

const corpusDir = join(import.meta.dirname, '..', 'fixtures', 'corpus');

describe('transliterateLetters (the letter table)', () => {
  it('writes the letters of a word, the article as al-, and splits عبد ال… compounds', () => {
    expect(transliterateLetters('الصباغ')).toBe('al-sbagh');
    expect(transliterateLetters('غسان')).toBe('ghsan');
    expect(transliterateLetters('عبدالرحمن')).toBe('ʿbd al-rhmn');
    expect(transliterateLetters('فاطمة')).toBe('fatmah');
    // Presentation forms (old PDFs) and marks are folded first.
    expect(transliterateLetters('\ufe8d\ufedf\ufebc\ufe92\ufe8e\ufecd')).toBe('al-sbagh');
    expect(transliterateLetters('مُحَمَّد')).toBe('mhmd');
  });
});

describe('romanized name keys', () => {
  /** Arabic as written in the documents, and spellings a family would type. */
  const names: Array<[string, string[]]> = [
    ['الصباغ', ['Sabbagh', 'Sabag', 'al-Sabbagh', 'Alsabbagh', 'as-Sabbagh', 'El Sabbagh']],
    ['عبد الرحمن', ['Abdulrahman', 'Abd al-Rahman', 'Abdelrahman', 'Abdul Rahman', 'Abdurrahman']],
    ['عبدالرحمن', ['Abdulrahman', 'Abd al-Rahman']],
    ['عبد الله', ['Abdullah', 'Abdallah', 'Abd Allah']],
    ['غسان', ['Ghassan', 'Gassan']],
    ['الدباغ', ['Dabbagh', 'Dabagh', 'al-Dabbagh']],
    ['الخطيب', ['Khatib', 'Khateeb', 'Elkhatib']],
    ['حسين', ['Hussein', 'Husayn', 'Hussain']],
    ['فاطمة', ['Fatima', 'Fatmeh', 'Fatimah']],
    ['ليلى', ['Layla', 'Leila']],
    ['الشامي', ['Shami', 'Chami', 'ash-Shami']],
    ['الزعبي', ['Zoubi', 'Zoabi', "Zo'bi"]],
    ['ممدوح', ['Mamdouh', 'Mamduh']],
  ];
  it('gives an Arabic name and its romanizations one key', () => {
    for (const [arabic, spellings] of names) {
      for (const s of spellings) expect(romanizedKey(s), `${s} / ${arabic}`).toBe(arabicSkeleton(arabic));
    }
  });

  it('keeps apart names that differ in a consonant', () => {
    expect(romanizedKey('Khaled')).not.toBe(romanizedKey('Khalil'));
    expect(arabicSkeleton('الشامي')).not.toBe(arabicSkeleton('سامي'));
    expect(arabicSkeleton('الخطيب')).not.toBe(arabicSkeleton('الكاتب'));
    expect(arabicSkeleton('ليلى')).not.toBe(arabicSkeleton('لؤي'));
  });
});

describe('recall on the corpus names (tests/fixtures/corpus annotations)', () => {
  const people = new Map<string, Set<string>>();
  for (const sub of ['clean', 'degraded']) {
    for (const f of readdirSync(join(corpusDir, sub)).filter((x) => x.endsWith('.json'))) {
      const doc = JSON.parse(readFileSync(join(corpusDir, sub, f), 'utf8')) as { entities: Array<{ type: string; text: string; normalized: string }> };
      for (const e of doc.entities) if (e.type === 'person') (people.get(e.normalized) ?? people.set(e.normalized, new Set()).get(e.normalized)!).add(e.text);
    }
  }
  /** How families type a name: without the article, u for ou, i for ee, single for double letters, -y for -i. */
  const plain = (en: string) => en.replace(/\bal-/gi, '').replace(/ou/g, 'u').replace(/ee/g, 'i').replace(/([a-z])\1/g, '$1').replace(/i\b/g, 'y');
  /** …or with the article joined, e for a, and the first name's ending as French and Levantine spellings have it. */
  const joined = (en: string) => en.replace(/\bal-(\w)/gi, (_m, c: string) => `Al${c.toLowerCase()}`).replace(/a(?=[^aeiou\s]+\b)/g, 'e').replace(/sh/g, 'ch');

  it('gives every annotated Arabic name the key of its English form and of two family spellings', () => {
    expect(people.size).toBeGreaterThan(50);
    const misses: string[] = [];
    for (const [english, arabic] of people) {
      for (const ar of arabic) {
        for (const typed of [english, plain(english), joined(english)]) if (romanizedKey(typed) !== arabicSkeleton(ar)) misses.push(`${typed} / ${ar}`);
      }
    }
    expect(misses).toEqual([]);
  });
});
