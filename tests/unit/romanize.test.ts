import { describe, expect, it } from 'vitest';
import { arabicSkeleton, romanizedKey, transliterateLetters } from '../../api/text/romanize';

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
