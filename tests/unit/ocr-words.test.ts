import { describe, expect, it } from 'vitest';
import { locateOcrWords, splitOcrReading } from '../../api/segments/ocr-words';
import { inLogicalOrder, pageDirection, parseTsvWords } from '../../ocr/engine.ts';
import { mergeNumber, numberInReadingOrder, type NumberReading } from '../../ocr/digits.ts';

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

// A line's words as the engine holds them before ordering: right to left as they stand on the
// scan (the Arabic model's TSV order; Latin words of the English re-read put in where the words
// they replace stood), so a Latin run inside an Arabic line, and an English line, come in
// reversed. Each word is given with its left edge and width in the line image.
const tsvLine = (words: [text: string, x: number, w: number][]) =>
  [
    'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
    ...words.map(([text, x, w], i) => `5\t1\t1\t1\t1\t${i + 1}\t${x}\t10\t${w}\t40\t90\t${text}`),
  ].join('\n');
const readingOrder = (tsv: string, direction?: 'rtl' | 'ltr') =>
  inLogicalOrder(parseTsvWords(tsv), (w) => w.box, direction)
    .map((w) => w.text)
    .join(' ');

describe('OCR words of a line in reading order', () => {
  it('keeps a Latin run inside an Arabic line in its own order, and a number after a Latin word with it', () => {
    const tsv = tsvLine([
      ['وصل', 2107, 60],
      ['في', 2051, 40],
      ['2016', 1901, 120],
      ['بسيارة', 1746, 140],
      ['Hilux', 1601, 130],
      ['Toyota', 1408, 170],
      ['رقم', 1317, 80],
      ['235', 1201, 100],
      ['إلى', 1128, 60],
      ['الفرع', 1003, 110],
    ]);
    expect(readingOrder(tsv)).toBe('وصل في 2016 بسيارة Toyota Hilux رقم 235 إلى الفرع');
    const numberAfterLatin = tsvLine([
      ['بسيارة', 900, 140],
      ['2016', 700, 120],
      ['Toyota', 500, 170],
      ['رقم', 400, 80],
    ]);
    expect(readingOrder(numberAfterLatin)).toBe('بسيارة Toyota 2016 رقم');
  });

  it('reads an English line with one word read as Arabic left to right', () => {
    const tsv = tsvLine([
      ['branch', 1203, 140],
      ['Damascus', 958, 220],
      ['.235/2016', 693, 240],
      ['ملح', 595, 80],
      ['order', 446, 130],
      ['Transfer', 234, 200],
    ]);
    expect(readingOrder(tsv)).toBe('Transfer order ملح .235/2016 Damascus branch');
  });

  it("keeps the recogniser's order of a line without a Latin word", () => {
    // overlapping boxes (a long tail under the next word) that sorting by position would swap
    const arabic = tsvLine([
      ['الرقم', 900, 120],
      ['12', 760, 60],
      ['5', 680, 40],
      ['ومع', 560, 120],
      ['ذلك', 600, 60],
    ]);
    expect(readingOrder(arabic)).toBe('الرقم 12 5 ومع ذلك');
  });

  it("keeps the recogniser's order of a line where a box lies across its neighbours", () => {
    // as Tesseract (ara+eng) read a line of libreoffice-amiri.pdf: «بتاريخه», the last word, boxed from 1704 to 2153
    const tsv = tsvLine([
      ['وقع', 2178, 62],
      ['gb', 2064, 78],
      ['على', 1980, 60],
      ['المحضر', 1857, 110],
      ['بتاريخه', 1704, 449],
    ]);
    expect(readingOrder(tsv)).toBe('وقع gb على المحضر بتاريخه');
  });

  it('keeps numbers a space apart in an Arabic line with a Latin word as separate runs, right to left', () => {
    const tsv = tsvLine([
      ['سيارة', 800, 120],
      ['Ford', 600, 110],
      ['رقم', 450, 80],
      ['12', 350, 60],
      ['5', 250, 40],
      ['الفرع', 100, 110],
    ]);
    expect(readingOrder(tsv)).toBe('سيارة Ford رقم 12 5 الفرع');
  });

  it("reads a line holding both scripts in its page's direction, whichever script has more words in it", () => {
    // one Arabic word and two Latin ones: read by the line's own majority it came out
    // «Toyota Hilux السيارة»
    const short = tsvLine([
      ['السيارة', 900, 140],
      ['Hilux', 700, 130],
      ['Toyota', 500, 170],
    ]);
    const arabicPage = pageDirection([parseTsvWords(short), [{ text: 'أحيل الموقوف إلى الفرع' }]]);
    expect(arabicPage).toBe('rtl');
    expect(readingOrder(short, arabicPage)).toBe('السيارة Toyota Hilux');
    // on an English page the same words are an English line with an Arabic word at its end
    const englishPage = pageDirection([parseTsvWords(short), [{ text: 'Transfer order of the detainee' }]]);
    expect(englishPage).toBe('ltr');
    expect(readingOrder(short, englishPage)).toBe('Toyota Hilux السيارة');
    // a line of one script reads in its own direction on any page
    const english = tsvLine([
      ['branch', 600, 140],
      ['Damascus', 300, 220],
    ]);
    expect(readingOrder(english, 'rtl')).toBe('Damascus branch');
  });
});

describe("the digit reader's number in a recognised word", () => {
  const reading = (text: string): NumberReading => ({ text, confidence: 80, letterish: 0, digits: text.length, x0: 0, x1: 10 });

  it('replaces the number and keeps the letters glued to it', () => {
    expect(mergeNumber('٢٢/٣/٢٠٠٢م', reading('٢٢/٣/٢٠٠٢'))).toBe('٢٢/٣/٢٠٠٢م');
    expect(mergeNumber('و83', reading('٨'))).toBe('و٨');
  });

  it('takes in the full stops the recogniser read for zeros it read as the reading ends in more zeros', () => {
    // «٤١٩٠/ص» came back «.٩١/ص»: the zero at the number's right read as a full stop before it
    expect(mergeNumber('.٩١/ص', reading('٤١٩٠'))).toBe('٤١٩٠/ص');
    expect(mergeNumber('٢٨١٠/٨..', reading('٢٨١٠/٨٠٠'))).toBe('٢٨١٠/٨٠٠');
    // a full stop is kept where the reading has no zero for it
    expect(mergeNumber('٢٥.', reading('٢٥'))).toBe('٢٥.');
  });

  it('drops a separator the recogniser read between a bracket and the number', () => {
    // «(٢٧)» came back «(/71)»: the reading has the whole number
    expect(mergeNumber('(/71)', reading('٢٧'))).toBe('(٢٧)');
    expect(mergeNumber(')/71)', reading('٢٧'))).toBe(')٢٧)');
    expect(mergeNumber('[1541-]', reading('١٥٤١'))).toBe('[١٥٤١]');
    // not a separator with a number on its other side, nor one outside the brackets
    expect(mergeNumber('(3/5)', reading('٣/٥'))).toBe('(٣/٥)');
    expect(mergeNumber('/(27)', reading('٢٧'))).toBe('/(٢٧)');
  });

  it('puts the groups of a number joined by hyphens back in reading order (printed in reverse)', () => {
    expect(numberInReadingOrder('٦١٢٤٠٢-٩٠', false)).toBe('٩٠-٦١٢٤٠٢');
    expect(numberInReadingOrder('٧-٥-٢٠١٥', false)).toBe('٢٠١٥-٥-٧');
    // Latin digits are Arabic numbers only after Arabic letters
    expect(numberInReadingOrder('854041-99', true)).toBe('99-854041');
    expect(numberInReadingOrder('854041-99', false)).toBe('854041-99');
    // «/» and «.» keep a number in one run
    expect(numberInReadingOrder('٩١٦٩/١٧٤', false)).toBe('٩١٦٩/١٧٤');
    expect(numberInReadingOrder('٢٠١٥/٥-٧', false)).toBe('٧-٢٠١٥/٥');
    expect(mergeNumber('والبطاقة٦١٢٤٠٢-٩٠', reading('٦١٢٤٠٢-٩٠'))).toBe('والبطاقة٩٠-٦١٢٤٠٢');
  });
});
