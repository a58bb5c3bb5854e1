import { describe, expect, it } from 'vitest';
import { findBlocks, type Bin } from '../../ocr/analyse.ts';
import { unturnBox } from '../../ocr/preprocess.ts';
import { parseTsvLines } from '../../ocr/engine.ts';

/**
 * Synthetic binary pages: "text lines" are rows of word-like ink runs (glyph height t), so the
 * block finder sees what it sees on a binarised page, with nothing else varying.
 */
const T = 10;
function page(width: number, height: number) {
  const bin: Bin = { data: new Uint8Array(width * height), width, height };
  /**
   * lines of words between x0 and x1 from y0, `n` lines at a pitch of 2t, word gaps of `gap`
   * (t/2 by default); with wider gaps, each line's words start elsewhere, as in print, so no
   * white run crosses the column from top to bottom
   */
  const text = (x0: number, x1: number, y0: number, n: number, wordW = 4 * T, gap = T / 2) => {
    for (let k = 0; k < n; k++) {
      const y = y0 + k * 2 * T;
      const start = gap > T / 2 ? x0 + ((k * 37) % (wordW + gap)) : x0;
      if (start > x0) for (let yy = y; yy < y + T; yy++) bin.data.fill(1, yy * width + x0, yy * width + x0 + 5);
      for (let x = start; x < x1; x += wordW + gap) {
        const xe = Math.min(x1, x + wordW);
        for (let yy = y; yy < y + T; yy++) bin.data.fill(1, yy * width + x, yy * width + xe);
      }
    }
  };
  return { bin, text };
}

describe('text blocks before lines', () => {
  it('keeps a single column as one block', () => {
    const { bin, text } = page(800, 600);
    text(100, 700, 50, 20);
    expect(findBlocks(bin, T)).toEqual([{ x0: 100, y0: 50, x1: 700, y1: 440, kind: 'text' }]);
  });

  it('marks a strip of the facing page at the left edge as a fragment, never part of the column', () => {
    const { bin, text } = page(900, 600);
    text(0, 90, 55, 20, 2 * T); // the neighbouring page's edge, cut mid-word, lines at other heights
    text(160, 860, 50, 20);
    const blocks = findBlocks(bin, T);
    expect(blocks).toEqual([
      { x0: 0, y0: 50, x1: 90, y1: 445, kind: 'fragment' },
      { x0: 160, y0: 50, x1: 860, y1: 440, kind: 'text' },
    ]);
  });

  it('cuts such a strip off beyond a gutter of one glyph height, but leaves a narrow column that does not reach the edge', () => {
    const strip = page(900, 600);
    strip.text(0, 90, 55, 20, 2 * T);
    strip.text(100, 860, 50, 20);
    expect(findBlocks(strip.bin, T).map((b) => b.kind)).toEqual(['fragment', 'text']);
    const table = page(900, 600);
    table.text(8, 90, 50, 20, 2 * T); // a numbers column near the edge of a tightly cropped photo
    table.text(100, 860, 50, 20);
    expect(findBlocks(table.bin, T).map((b) => b.kind)).toEqual(['text']);
  });

  it('does not take a scanner edge shadow (a thin dark line) for a fragment', () => {
    const { bin, text } = page(800, 600);
    for (let y = 0; y < 600; y++) bin.data.fill(1, y * 800 + 795, y * 800 + 799);
    text(100, 700, 50, 20);
    expect(findBlocks(bin, T).filter((b) => b.kind === 'text')).toHaveLength(1);
    expect(findBlocks(bin, T).some((b) => b.kind === 'fragment')).toBe(false);
  });

  it('reads two columns right one first, and keeps a table with several gutters whole', () => {
    const two = page(1000, 600);
    two.text(560, 950, 50, 15);
    two.text(50, 440, 60, 15); // its own leading: baselines half a line off the right column's
    expect(findBlocks(two.bin, T).map((b) => [b.x0, b.x1])).toEqual([
      [560, 950],
      [50, 440],
    ]);
    const table = page(1000, 600);
    // four columns of short cells: gutters of 3t between them
    for (const [x0, x1] of [
      [800, 950],
      [560, 770],
      [330, 530],
      [50, 300],
    ] as const)
      table.text(x0, x1, 50, 12, 2 * T);
    expect(findBlocks(table.bin, T)).toHaveLength(1);
  });

  it('reads verse in two hemistichs (lines side by side on the same baselines) row by row, as one block', () => {
    // words and gaps as in print (a line is under 60 % ink, else line finding takes it for a rule)
    const verse = page(1000, 600);
    verse.text(560, 950, 50, 15, 4 * T, 3 * T);
    verse.text(50, 440, 50, 15, 4 * T, 3 * T);
    expect(findBlocks(verse.bin, T)).toHaveLength(1);
    // the same two sides half a line apart are two columns
    const columns = page(1000, 600);
    columns.text(560, 950, 50, 15, 4 * T, 3 * T);
    columns.text(50, 440, 60, 15, 4 * T, 3 * T);
    expect(findBlocks(columns.bin, T).map((b) => [b.x0, b.x1])).toEqual([
      [560, 950],
      [50, 440],
    ]);
  });

  it('joins the bands between white rows again when nothing cuts them (a paragraph gap is not a block)', () => {
    const { bin, text } = page(800, 700);
    text(100, 700, 50, 8);
    text(100, 700, 250, 8);
    expect(findBlocks(bin, T)).toEqual([{ x0: 100, y0: 50, x1: 700, y1: 400, kind: 'text' }]);
  });
});

describe('boxes of a turned page back in the image', () => {
  // an upright image 300 wide, 200 tall, and a box in it
  const W = 300;
  const H = 200;
  const box = { x: 20, y: 30, w: 100, h: 10 };
  // where that box lands when the image is turned clockwise q quarter turns
  const turned = [
    box,
    { x: H - (box.y + box.h), y: box.x, w: box.h, h: box.w },
    { x: W - (box.x + box.w), y: H - (box.y + box.h), w: box.w, h: box.h },
    { x: box.y, y: W - (box.x + box.w), w: box.h, h: box.w },
  ];
  for (const q of [0, 1, 2, 3] as const)
    it(`maps a box back from ${q * 90}°`, () => {
      expect(unturnBox(q, W, H)(turned[q]!)).toEqual(box);
    });
});

describe("Tesseract's own reading, for the guard", () => {
  it('groups TSV words by block, paragraph and line, in its order, without bidi marks or empty words', () => {
    const row = (level: number, block: number, par: number, line: number, word: number, x: number, conf: number, text: string) =>
      [level, 1, block, par, line, word, x, 10, 50, 20, conf, text].join('\t');
    const tsv = [
      'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
      row(4, 1, 1, 1, 0, 0, -1, ''),
      row(5, 1, 1, 1, 1, 300, 91, 'تم'),
      row(5, 1, 1, 1, 2, 200, 88, '\u200f١٢\u200f'),
      row(5, 1, 1, 1, 3, 100, 95, ' '),
      row(5, 1, 1, 2, 1, 300, 70, 'توقيف'),
      row(5, 2, 1, 1, 1, 300, -1, 'الفرع'),
    ].join('\n');
    expect(parseTsvLines(tsv).map((l) => l.map((w) => [w.text, w.confidence, w.box.x]))).toEqual([
      [
        ['تم', 91, 300],
        ['١٢', 88, 200],
      ],
      [['توقيف', 70, 300]],
      [['الفرع', 0, 300]],
    ]);
  });
});
