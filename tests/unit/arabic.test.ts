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
