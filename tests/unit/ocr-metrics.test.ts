import { describe, expect, it } from 'vitest';
import { cer, numberMatches, score, searchScore } from '../../ocr/bench/metrics.ts';

describe('bench metrics: numbers read exactly', () => {
  it('counts each number of the transcription once, in its own digit set, whatever the order', () => {
    const reference = 'سنة ١٨٦٦ - ٥٣ ألفاً فصار سنة ١٨٩٧\nفي كل ٢٩٣ و٢٩٣ مرة، رقم ١٥٤١/٣٤٢';
    expect(numberMatches('في كل ٢٩٣ سنة ١٨٩٧ جوم ١٥٤١/٣٤٢ 53', reference)).toEqual({ found: 3, reference: 6, written: 4 });
    // a Latin 53 is not the transcription's ٥٣, and a number split at its slash is two others
    expect(numberMatches('53 ١٥٤١ ٣٤٢', reference).found).toBe(0);
  });
});

describe('bench metrics: CER as search sees it', () => {
  it("costs nothing for a transcription's hamzas, diacritics and line breaks, and a misread letter as much as CER", () => {
    // al-Ḥaqāʾiq's transcription adds hamzas the print lacks and sets a paragraph on one line
    const print = 'لا طريق لرقي الانسان الى اوج السعادة\nالا بالنظر في النفس';
    const transcription = 'لا طريق لرقي الإنسان إلى أوج السعادة إلا بالنظر في النفس';
    expect(cer(score(print, transcription))).toBeGreaterThan(0.05);
    expect(searchScore(print, transcription).charErrors).toBe(0);
    expect(searchScore('جميعاً ثمّ تابوا', 'جميعا ثم تابوا').charErrors).toBe(0);
    const misread = print.replace('السعادة', 'السمادة');
    expect(searchScore(misread, transcription).charErrors).toBe(1);
    expect(score(misread, print).charErrors).toBe(1);
  });
});
