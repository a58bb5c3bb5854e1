import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { footnoteMarkers, lineGlyphs } from '../../ocr/digits.ts';
import { semicolonsReadForCommas, withFootnoteMarkers } from '../../ocr/engine.ts';
import type { PreparedLine } from '../../ocr/preprocess.ts';

// Lines drawn in DejaVu Sans (see tests/fixtures/ocr-drawn-lines/make-fixtures.ts): «وقال في قومه⁽٣⁾. ثم مضى»
// with the marker at x 330–359, and a line with vowel marks, quotation marks and a «(٣)» of the text's size.
const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', 'ocr-drawn-lines', name);
const grey = async (name: string) => {
  const { data, info } = await sharp(readFileSync(fixture(name))).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
};

/** A drawn line as the engine hands it to the sign readers: line image = source, same pixels. */
const lineImageOf = async (name: string): Promise<PreparedLine> => {
  const g = await grey(name);
  return { image: Buffer.alloc(0), source: g, toOriginal: (b) => b, toSource: (b) => b, xFromSource: (x) => x };
};

describe('footnote markers', () => {
  it('finds a number in small raised parentheses and reads it as an Arabic-Indic numeral', async () => {
    const g = await grey('marker.png');
    const [marker, ...more] = footnoteMarkers(lineGlyphs(g), g);
    expect(more).toEqual([]);
    expect(marker!.text).toBe('٣');
    expect(marker!.x0).toBeGreaterThan(320);
    expect(marker!.x1).toBeLessThan(370);
  });

  it('takes no vowel mark, shadda, quotation mark or parenthesised number of the text size for one', async () => {
    const g = await grey('no-marker.png');
    expect(footnoteMarkers(lineGlyphs(g), g)).toEqual([]);
  });

  const lineOf = () => lineImageOf('marker.png');
  // the recogniser's words right to left: «وقال» «في» «قومه…» «.» «ثم» «مضى» (boxes as the image has them)
  const box = (x: number, w: number) => ({ x, y: 40, w, h: 45 });

  it('writes the marker where the recogniser wrote signs for it at the end of the word it is glued to', async () => {
    const words = [
      { text: 'وقال', confidence: 95, box: box(540, 110) },
      { text: 'في', confidence: 95, box: box(470, 55) },
      { text: 'قومه)!".', confidence: 60, box: box(300, 160) },
      { text: 'ثم', confidence: 95, box: box(230, 50) },
    ];
    const out = withFootnoteMarkers(words, await lineOf());
    expect(out.map((w) => w.text)).toEqual(['وقال', 'في', 'قومه(٣).', 'ثم']);
  });

  it('replaces a word the recogniser read off the marker alone, and adds one where it read nothing', async () => {
    const alone = withFootnoteMarkers(
      [
        { text: 'قومه', confidence: 90, box: box(362, 100) },
        { text: '”\'', confidence: 20, box: box(331, 27) },
        { text: 'ثم', confidence: 95, box: box(230, 50) },
      ],
      await lineOf(),
    );
    expect(alone.map((w) => w.text)).toEqual(['قومه', '(٣)', 'ثم']);
    const nothing = withFootnoteMarkers(
      [
        { text: 'قومه', confidence: 90, box: box(362, 100) },
        { text: 'ثم', confidence: 95, box: box(230, 50) },
      ],
      await lineOf(),
    );
    // in its place in the line, right to left: after «قومه», before «ثم»
    expect(nothing.map((w) => w.text)).toEqual(['قومه', '(٣)', 'ثم']);
    expect(nothing[1]!.box.x).toBeGreaterThan(320);
  });
});

describe('a comma read as a semicolon', () => {
  // «بطاعة الله تعالى ، وينهاهم عن معاصيه ؛ ومات» in Amiri; the boxes are those the recogniser
  // gives its words there. On OpenITI's printed books it writes «؛» for such commas.
  const words = () => [
    { text: 'تعالى', confidence: 77, box: { x: 765, y: 23, w: 56, h: 74 } },
    { text: '؛', confidence: 50, box: { x: 737, y: 54, w: 7, h: 16 } },
    { text: 'وينهاهم', confidence: 90, box: { x: 626, y: 23, w: 92, h: 74 } },
    { text: 'معاصيه', confidence: 94, box: { x: 469, y: 23, w: 93, h: 74 } },
    { text: '؛', confidence: 90, box: { x: 444, y: 54, w: 8, h: 22 } },
  ];

  it('is written as a comma when its glyph has no dot under it; a semicolon stays', async () => {
    const out = semicolonsReadForCommas(words(), await lineImageOf('comma.png'));
    expect(out.map((w) => w.text)).toEqual(['تعالى', '،', 'وينهاهم', 'معاصيه', '؛']);
  });

  it('is found at the end of the word it was read glued to', async () => {
    const [before, comma, , word, semicolon] = words();
    const glued = [
      { ...before!, text: 'تعالى؛', box: { ...before!.box, x: comma!.box.x, w: before!.box.x + before!.box.w - comma!.box.x } },
      { ...word!, text: 'معاصيه؛', box: { ...word!.box, x: semicolon!.box.x, w: word!.box.x + word!.box.w - semicolon!.box.x } },
    ];
    expect(semicolonsReadForCommas(glued, await lineImageOf('comma.png')).map((w) => w.text)).toEqual(['تعالى،', 'معاصيه؛']);
  });
});
