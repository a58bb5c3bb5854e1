import { describe, expect, it } from 'vitest';
import { normalizeArabic, normalizeArabicWithMap } from '../../api/text/arabic';

describe('normalizeArabic', () => {
  it('folds hamza forms, alef maqsura, ta marbuta and digit sets', () => {
    expect(normalizeArabic('أحمد إبراهيم آل ٱلسيد')).toBe('احمد ابراهيم ال السيد');
    expect(normalizeArabic('مصطفى')).toBe('مصطفي');
    expect(normalizeArabic('حماة')).toBe('حماه');
    expect(normalizeArabic('مؤمن')).toBe('مومن');
    expect(normalizeArabic('رئيس')).toBe('رييس');
    expect(normalizeArabic('٢١/٧/٢٠١٥')).toBe('21/7/2015');
    expect(normalizeArabic('۱۲۳')).toBe('123');
  });

  it('removes tatweel and diacritics', () => {
    expect(normalizeArabic('مـــحـمـد')).toBe('محمد');
    expect(normalizeArabic('مُحَمَّدٌ')).toBe('محمد');
  });

  it('makes spelling variants equal and leaves Latin text alone', () => {
    expect(normalizeArabic('الخطيب')).toBe(normalizeArabic('الخَطيب'));
    expect(normalizeArabic('Branch 235')).toBe('Branch 235');
  });

  it('maps normalized offsets back to the original text', () => {
    const text = 'السيد مُحَمَّد';
    const { normalized, toOriginal } = normalizeArabicWithMap(text);
    const start = normalized.indexOf('محمد');
    const end = start + 'محمد'.length;
    expect(text.slice(toOriginal[start], toOriginal[end - 1]! + 1)).toBe('مُحَمَّد');
    expect(toOriginal[normalized.length]).toBe(text.length);
  });
});

describe('presentation forms (text from old PDFs)', () => {
  it('folds the Arabic presentation blocks to letters, lam-alef ligatures to two letters', () => {
    // ﺑﺄﻣﺮ: initial beh, final hamza-alef, initial meem, final reh (U+FE91 FE84 FEE3 FEAE)
    expect(normalizeArabic('\ufe91\ufe84\ufee3\ufeae')).toBe(normalizeArabic('بأمر'));
    // ﺍﻷﺳﻌﺪ: the lam-alef-with-hamza ligature is two letters
    expect(normalizeArabic('\ufe8d\ufef7\ufeb3\ufecc\ufeaa')).toBe('الاسعد');
    expect(normalizeArabic('\ufefb')).toBe('لا');
    // ﻭﺍﻟﻤﻄﻠﻮﺑﻴﻦ and ﷲ (Presentation Forms-A)
    expect(normalizeArabic('\ufeed\ufe8d\ufedf\ufee4\ufec4\ufee0\ufeee\ufe91\ufef4\ufee6')).toBe('والمطلوبين');
    expect(normalizeArabic('عبد \ufdf2')).toBe('عبد الله');
    // an isolated haraka of the block is a mark, not a space
    expect(normalizeArabic('\ufe91\ufe77\ufe8e\ufe91')).toBe('باب');
  });

  it('maps offsets through a ligature back to the original', () => {
    const text = 'ﺍﻷﺳﻌﺪ ﺑﺄﻣﺮ';
    const { normalized, toOriginal } = normalizeArabicWithMap(text);
    const start = normalized.indexOf('امر') - 1;
    expect(text.slice(toOriginal[start], toOriginal[start + 4 - 1]! + 1)).toBe('ﺑﺄﻣﺮ');
    expect(normalized.startsWith('الاسعد')).toBe(true);
  });
});
