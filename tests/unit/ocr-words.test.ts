import { describe, expect, it } from 'vitest';
import { locateOcrWords, splitOcrReading } from '../../api/segments/ocr-words';

// An RTL line: the first word is at the right of the scan.
const ocrText = 'تم توقيف المدعو وائل الحسبن';
const words = ocrText.split(' ').map((text, i) => ({ text, confidence: text === 'الحسبن' ? 41 : 93, box: { x: 800 - (i + 1) * 150, y: 100, w: 140, h: 40 } }));

describe('OCR words against the current text', () => {
  it('places every word while the text is the OCR reading', () => {
    expect(locateOcrWords(ocrText, words, ocrText).map((s) => s && ocrText.slice(s.start, s.end))).toEqual(ocrText.split(' '));
  });

  it('drops the mark of a word a person corrected, and moves the others with the text', () => {
    const text = 'السيد تم توقيف المدعو وائل الحسين';
    const at = locateOcrWords(ocrText, words, text);
    expect(at[4]).toBeNull(); // الحسبن → الحسين: corrected, no longer uncertain
    expect(at.slice(0, 4).map((s) => s && text.slice(s.start, s.end))).toEqual(['تم', 'توقيف', 'المدعو', 'وائل']);
    // A word deleted is gone too; a word that only moved is not.
    const shorter = 'تم المدعو وائل الحسبن';
    expect(locateOcrWords(ocrText, words, shorter).map((s) => s && shorter.slice(s.start, s.end))).toEqual(['تم', null, 'المدعو', 'وائل', 'الحسبن']);
  });

  it('divides the reading and the box at the split point, from the word boxes each part keeps', () => {
    const text = 'تم توقيف المدعو وائل الحسين'; // corrected before the split
    const { first, second, boxes } = splitOcrReading(ocrText, words, text, text.indexOf('وائل'));
    expect(first.ocrText).toBe('تم توقيف المدعو');
    expect(second.ocrText).toBe('وائل الحسبن');
    expect(first.words.map((w) => w.text)).toEqual(['تم', 'توقيف', 'المدعو']);
    expect(second.words.map((w) => w.text)).toEqual(['وائل', 'الحسبن']);
    // Right part (first words of an Arabic line) and left part, side by side on one row.
    expect(boxes).toEqual([
      { x: 350, y: 100, w: 440, h: 40 },
      { x: 50, y: 100, w: 290, h: 40 },
    ]);
  });

  it('leaves the box to the caller when a part has no word boxes', () => {
    expect(splitOcrReading('', [], 'سطر مرسوم باليد', 4).boxes).toBeNull();
  });
});
