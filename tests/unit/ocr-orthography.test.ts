import { describe, expect, it } from 'vitest';
import { cleanWord, commasReadAsGuillemets, FULL_STOP } from '../../ocr/orthography.ts';
import { finishWords } from '../../ocr/engine.ts';

describe('orthographic fixes of recogniser words', () => {
  it('reads a lone Arabic-Indic zero as the full stop printed in its shape, and leaves zeros inside numbers', () => {
    expect(cleanWord('٠')).toBe(FULL_STOP);
    for (const w of ['١٨١٠', '٠٩/٠٤/٢٠١٩', '0', '٥']) expect(cleanWord(w)).toBe(w);
  });

  it('gives a sentence «… سنة ١٨١٤ ٠ وتغلبت …» its full stop and keeps the year', () => {
    const raw = ['وتغلبت', '٠', '١٨١٤', 'سنة'].map((text, i) => ({ text, confidence: 90, box: { x: 400 - i * 100, y: 0, w: 90, h: 30 } }));
    const words = finishWords(raw, (b) => b, 70, null, true, false);
    expect(words.map((w) => w.text)).toEqual(['وتغلبت', '.', '١٨١٤', 'سنة']);
  });

  it('writes the Arabic comma read as a closing guillemet glued to a word, and keeps quotation marks', () => {
    // OpenITI printed-book line: «… في الجبل، فقال رسول الله، …» read «الجبل» فقال … الله» …»
    expect(commasReadAsGuillemets(['في', 'الجبل»', 'فقال', 'رسول', 'الله»'])).toEqual(['في', 'الجبل،', 'فقال', 'رسول', 'الله،']);
    // a quotation keeps its closing mark, and a comma after it is found again
    expect(commasReadAsGuillemets(['وقال', '«الطرفاء»', 'جمع', '«', 'طرفة', '»', 'وهو»', 'الكسح'])).toEqual(['وقال', '«الطرفاء»', 'جمع', '«', 'طرفة', '»', 'وهو،', 'الكسح']);
    // after a mark on the last letter (tanwīn, shadda: Yacqubi «دماً،» read «دماً»»)
    expect(commasReadAsGuillemets(['يهريق', 'دماً»', 'ولا'])).toEqual(['يهريق', 'دماً،', 'ولا']);
    // standing alone where the print sets a space before the comma (Yacqubi «ثوره ، ولا حماره»),
    // or after a number: no «« open, so a comma
    expect(commasReadAsGuillemets(['ثوره', '»', 'ولا', 'حماره', 'سنة', '١٨١٤»'])).toEqual(['ثوره', '،', 'ولا', 'حماره', 'سنة', '١٨١٤،']);
    // a lone closing mark after an opened quotation is the quotation's
    expect(commasReadAsGuillemets(['«', 'عناق', '»', 'قال'])).toEqual(['«', 'عناق', '»', 'قال']);
    // through finishWords, the one place a recogniser word becomes Sijill's
    const raw = ['الجبل»', 'فقال'].map((text, i) => ({ text, confidence: 90, box: { x: 400 - i * 100, y: 0, w: 90, h: 30 } }));
    expect(finishWords(raw, (b) => b, 70, null, true, false).map((w) => w.text)).toEqual(['الجبل،', 'فقال']);
  });

  it('gives a definite word its final yā’ back, except words that end in alif maqṣūra', () => {
    expect(cleanWord('العسكرى')).toBe('العسكري');
    expect(cleanWord('المستشفى')).toBe('المستشفى');
    expect(cleanWord('على')).toBe('على');
  });
});
