import { describe, expect, it } from 'vitest';
import { numberMatches } from '../../ocr/bench/metrics.ts';

describe('bench metrics: numbers read exactly', () => {
  it('counts each number of the transcription once, in its own digit set, whatever the order', () => {
    const reference = 'سنة ١٨٦٦ - ٥٣ ألفاً فصار سنة ١٨٩٧\nفي كل ٢٩٣ و٢٩٣ مرة، رقم ١٥٤١/٣٤٢';
    expect(numberMatches('في كل ٢٩٣ سنة ١٨٩٧ جوم ١٥٤١/٣٤٢ 53', reference)).toEqual({ found: 3, reference: 6, written: 4 });
    // a Latin 53 is not the transcription's ٥٣, and a number split at its slash is two others
    expect(numberMatches('53 ١٥٤١ ٣٤٢', reference).found).toBe(0);
  });
});
