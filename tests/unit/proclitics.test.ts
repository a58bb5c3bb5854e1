import { describe, expect, it } from 'vitest';
import { normalizeArabic } from '../../api/text/arabic';
import { procliticFamily, procliticStems } from '../../api/text/proclitics';

const family = (w: string) => new Set(procliticFamily(normalizeArabic(w)));
const n = normalizeArabic;

describe('proclitics: a light stemmer for prefixes, as written forms', () => {
  it('relates a word to its forms with و ف ب ك ل and ال, both ways', () => {
    expect(family('المطلوبين').has(n('والمطلوبين'))).toBe(true);
    expect(family('والمطلوبين').has(n('المطلوبين'))).toBe(true);
    expect(family('المطلوبين').has(n('وبالمطلوبين'))).toBe(true);
    expect(family('المطلوبين').has(n('مطلوبين'))).toBe(true);
    expect(family('أسماء').has(n('بأسماء'))).toBe(true);
    expect(family('بأسماء').has(n('أسماء'))).toBe(true);
    expect(family('التحقيق').has(n('للتحقيق'))).toBe(true);
    expect(family('للتحقيق').has(n('التحقيق'))).toBe(true);
    expect(family('وفاة').has(n('بوفاة'))).toBe(true);
    expect(family('أمر').has(n('بأمر'))).toBe(true);
  });

  it('does not cut short words and names down to other words', () => {
    expect(family('كمال').has(n('المال'))).toBe(false);
    expect(family('المال').has(n('كمال'))).toBe(false);
    expect(family('فراس').has(n('رأس'))).toBe(false);
    expect(family('وسام').has(n('بسام'))).toBe(false);
    expect(family('برقية').has(n('رقية'))).toBe(false);
    expect(family('الله').has(n('له'))).toBe(false);
    // A family name made of the article and a given name is not the given name.
    expect(family('العلي').has(n('علي'))).toBe(false);
    expect(family('علي').has(n('العلي'))).toBe(false);
    expect(family('الحسن').has(n('حسن'))).toBe(false);
    expect(family('والحسن').has(n('الحسن'))).toBe(true);
    expect(procliticStems(n('والد'))).toEqual([n('والد')]);
    expect(procliticStems(n('للتحقيق'))).toEqual([n('التحقيق'), n('تحقيق')]);
  });

  it('leaves numbers and Latin words alone', () => {
    expect(procliticFamily('2015')).toEqual(['2015']);
    expect(procliticFamily('branch')).toEqual(['branch']);
  });
});
