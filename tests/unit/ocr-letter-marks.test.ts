import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dottedFinalYa } from '../../ocr/engine.ts';
import { analysePage, decodePage, DEFAULT_PREPROCESS, type LineImage } from '../../ocr/preprocess.ts';

// «وذكر الحكيم في كتاب الحيوان على الباب» drawn in Amiri (tests/fixtures/ocr-drawn-lines/make-fixtures.ts);
// in the image «في» stands at x 765–789 and «على» at x 530–567.
const fixture = join(import.meta.dirname, '..', 'fixtures', 'ocr-drawn-lines', 'final-ya.png');

describe('the dots of a final ي that the line band leaves out', () => {
  const lineOf = async (): Promise<LineImage> => {
    const { lines } = await analysePage(await decodePage(readFileSync(fixture), 100e6), DEFAULT_PREPROCESS);
    expect(lines).toHaveLength(1);
    return lines[0]!;
  };
  /** A word as the recogniser gives it: its box in the line image, from its place in the image. */
  const word = (line: Pick<LineImage, 'box' | 'xFromSource'>, text: string, x0: number, x1: number) => {
    const left = line.xFromSource(x0 - line.box.x);
    return { text, confidence: 60, box: { x: left, y: 0, w: line.xFromSource(x1 - line.box.x) - left, h: 40 } };
  };

  it('gives «فى» its dots back from the rows under the band, and leaves «على» as it is', async () => {
    const line = await lineOf();
    expect(line.under).toBeDefined();
    const words = [word(line, 'فى', 765, 789), word(line, 'على', 530, 567)];
    expect(dottedFinalYa(words, line).map((w) => w.text)).toEqual(['في', 'على']);
  });

  it('changes nothing without the rows under the line (the band itself leaves the dots out)', async () => {
    const { under: _, ...line } = await lineOf();
    expect(dottedFinalYa([word(line, 'فى', 765, 789)], line).map((w) => w.text)).toEqual(['فى']);
  });

  it('takes no other letter’s dots for those of the final ي', async () => {
    // «عيسى» read into one word with the name before it: the dots under its ي stand where a
    // final ي's would, so they are no evidence
    const line = await lineOf();
    expect(dottedFinalYa([word(line, 'كتيى', 765, 789)], line).map((w) => w.text)).toEqual(['كتيى']);
  });
});
