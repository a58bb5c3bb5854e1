import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { baselineDepth, findBlocks, findLines, type Bin } from '../../ocr/analyse.ts';
import { analysePage, decodePage, DEFAULT_PREPROCESS, unturnBox } from '../../ocr/preprocess.ts';
import { acrossTheLines, firstReadings, parseTsvLines, readAsColumns, turnEvidence } from '../../ocr/engine.ts';
import type { OcrLine } from '../../ocr/types.ts';

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

  it('reports a band of aligned rows to the caller and cuts it into columns when asked', () => {
    const verse = page(1000, 600);
    verse.text(560, 950, 50, 15, 4 * T, 3 * T);
    verse.text(50, 440, 50, 15, 4 * T, 3 * T);
    const gutters: { x0: number; x1: number }[] = [];
    expect(findBlocks(verse.bin, T, { onAlignedRows: (g) => gutters.push(g) })).toHaveLength(1);
    expect(gutters).toHaveLength(1);
    expect(gutters[0]!.x0).toBeGreaterThanOrEqual(440);
    expect(gutters[0]!.x1).toBeLessThanOrEqual(560);
    expect(findBlocks(verse.bin, T, { alignedRows: 'columns' }).map((b) => [b.x0, b.x1])).toEqual([
      [560, 950],
      [50, 440],
    ]);
    // a single column reports nothing
    const single = page(800, 600);
    single.text(100, 700, 50, 20);
    const none: unknown[] = [];
    findBlocks(single.bin, T, { onAlignedRows: (g) => none.push(g) });
    expect(none).toEqual([]);
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

describe('aligned rows: verse or two columns, by the reading order of Tesseract', () => {
  const line = (x: number, y: number, w: number): OcrLine => ({ text: 'x', box: { x, y, w, h: 20 }, words: [] }) as unknown as OcrLine;
  const gutter = { x: 450, y: 0, w: 100, h: 400 };
  const right = (k: number) => line(560, 10 + 30 * k, 390);
  const left = (k: number) => line(50, 10 + 30 * k, 390);
  const rows = Array.from({ length: 10 }, (_, k) => k);

  it('cuts into columns when Tesseract reads one side, then the other', () => {
    expect(readAsColumns([gutter], [...rows.map(right), ...rows.map(left)], 0)).toBe(true);
  });

  it('keeps rows when Tesseract reads across the gutter, or changes side at every row', () => {
    expect(readAsColumns([gutter], rows.map((k) => line(50, 10 + 30 * k, 900)), 0)).toBe(false);
    expect(readAsColumns([gutter], rows.flatMap((k) => [right(k), left(k)]), 0)).toBe(false);
  });

  it('ignores lines outside the band and too little evidence', () => {
    // a band of four rows read side after side, under full-width lines that cross the gutter
    const band = { ...gutter, y: 0, h: 130 };
    const below = rows.map((k) => line(50, 400 + 30 * k, 900));
    expect(readAsColumns([band], [...[0, 1, 2, 3].map(right), ...[0, 1, 2, 3].map(left), ...below], 0)).toBe(true);
    // one row on each side is too little to cut on
    expect(readAsColumns([{ ...band, h: 40 }], [right(0), left(0), ...below], 0)).toBe(false);
  });

  it('reads along y on a page turned a quarter', () => {
    const turned = (b: { x: number; y: number; w: number; h: number }) => ({ x: b.y, y: b.x, w: b.h, h: b.w });
    const t = (l: OcrLine) => ({ ...l, box: turned(l.box) }) as OcrLine;
    expect(readAsColumns([turned(gutter)], [...rows.map(right), ...rows.map(left)].map(t), 1)).toBe(true);
    expect(readAsColumns([turned(gutter)], rows.flatMap((k) => [right(k), left(k)]).map(t), 1)).toBe(false);
  });
});

/** The binary pattern as a page image: white paper, black ink. */
const asGrey = (bin: Bin) => {
  const data = new Uint8Array(bin.width * bin.height);
  for (let i = 0; i < data.length; i++) data[i] = bin.data[i] ? 0 : 255;
  return { data, width: bin.width, height: bin.height };
};
/** Page analysis with nothing that moves ink (no deskew, no rule masking). */
const fixedOpts = { ...DEFAULT_PREPROCESS, deskew: false, rules: false };

describe('aligned rows inside single-column text stay rows', () => {
  const opts = fixedOpts;

  it('offers a band that is the whole text to the arbiter, and not one between full-width lines', async () => {
    const two = page(1000, 700);
    two.text(560, 950, 50, 15, 4 * T, 3 * T);
    two.text(50, 440, 50, 15, 4 * T, 3 * T);
    expect((await analysePage(asGrey(two.bin), opts)).alignedGutters).toHaveLength(1);

    const verse = page(1000, 800);
    verse.text(50, 950, 50, 6, 4 * T, 3 * T);
    verse.text(560, 950, 300, 10, 4 * T, 3 * T);
    verse.text(50, 440, 300, 10, 4 * T, 3 * T);
    const a = await analysePage(asGrey(verse.bin), opts);
    expect(a.alignedGutters).toEqual([]);
    // its rows stay in the one block of the page (ordered across the gutter row by row)
    expect(new Set(a.lines.map((l) => l.block))).toEqual(new Set([0]));
    // the whole-text band, cut when the arbiter says columns: a block per side, right first
    const cut = await analysePage(asGrey(two.bin), { ...opts, alignedRows: 'columns' });
    expect(new Set(cut.lines.map((l) => l.block))).toEqual(new Set([0, 1]));
    expect(Math.min(...cut.lines.filter((l) => l.block === 0).map((l) => l.box.x))).toBeGreaterThan(500);
  });
});

describe('short lines are lines', () => {
  it("keeps a page number above full lines (al-Muqtabas p. 16's head, 600 dpi)", async () => {
    // Its densest rows hold less ink than the page's row threshold lets through on their edges: it
    // came out thinner than text may be and was dropped, as a date under a verse or a signature was.
    const image = readFileSync(join(import.meta.dirname, '../fixtures/ocr-real/muqtabas-p016-head.png'));
    const a = await analysePage(await decodePage(image, 100e6), DEFAULT_PREPROCESS);
    expect(a.lines).toHaveLength(5);
    const [number, ...body] = a.lines;
    // the number «١٦» at the top right, its whole height (the figures are ~100 px tall here)
    expect(number!.box.x).toBeGreaterThan(2500);
    expect(number!.box.y + number!.box.h).toBeLessThan(250);
    expect(number!.box.h).toBeGreaterThan(90);
    expect(body.every((l) => l.box.y > 300 && l.box.w > 1000)).toBe(true);
  });

  /** `rows` from y: ink per row, as one run of that many pixels from x (a short word). */
  const ink = (bin: Bin, x: number, y: number, rows: number[]) => rows.forEach((n, k) => bin.data.fill(1, (y + k) * bin.width + x, (y + k) * bin.width + x + n));

  it("keeps a paragraph's last word under its full lines (OpenITI, Yacqubi p. 316: «رجل .»)", () => {
    const { bin, text } = page(800, 260);
    text(100, 700, 50, 5); // full lines at 50, 70, … 130, ten rows tall; the page's densest rows hold ~530 px
    const bottom = 140;
    // the short line: an ascender (3 px a row) under a white gap, then its body, whose rows hold
    // about the page's row threshold (3 % of the densest row) and one row under it, then its tail:
    // only 4 of its rows pass the threshold, in two runs, and their mean ink fell under it
    ink(bin, 640, bottom + 3, [3, 3, 3, 18, 18, 10, 18, 18, 8, 8]);
    const lines = findLines(bin).map((l) => [l.y0, l.y1]);
    expect(lines).toHaveLength(6);
    // the whole short line, ascender and tail, and nothing of the line above
    expect(lines[5]).toEqual([bottom + 3, bottom + 13]);
    expect(lines[4]![1]).toBeLessThanOrEqual(bottom);
  });

  it('gives the top of a short line set close under a line to that short line (IbnQutayba p. 316, under a heading)', () => {
    const { bin, text } = page(800, 200);
    text(100, 700, 50, 1); // the heading, rows 50–59
    // the short line's hamza and ascender tops: 2 rows of ink 3 rows under the heading, 1 row over its body
    ink(bin, 600, 63, [40, 40]);
    ink(bin, 600, 66, Array(10).fill(60));
    text(100, 700, 90, 3); // more full lines, so that the heading's height is the page's line height
    const lines = findLines(bin).map((l) => [l.y0, l.y1]);
    expect(lines.slice(0, 2)).toEqual([
      [50, 60],
      [63, 76],
    ]);
  });

  it("keeps a letter's tail with its short line, though it stands nearer the next line (corpus doc-01-002: «الفرع 235»)", () => {
    const { bin, text } = page(800, 200);
    text(100, 700, 50, 2); // rows 50–59, 70–79
    ink(bin, 600, 90, Array(6).fill(60)); // the short line's body, rows 90–95
    // the ع's tail in two pieces: row 99 and rows 101–102, 3 rows under the body, 1 over the other piece
    ink(bin, 640, 99, [20, 0, 20, 20]);
    text(100, 700, 110, 3); // the next lines, from row 110, 7 rows under the tail
    const lines = findLines(bin).map((l) => [l.y0, l.y1]);
    expect(lines).toHaveLength(6);
    expect(lines[2]).toEqual([90, 103]);
  });

  it('still drops a thin row of specks that has no faint rows around it', () => {
    const { bin, text } = page(800, 400);
    text(100, 700, 50, 8, 4 * T, 3 * T);
    const lines = findLines(bin);
    // a dotted rule: 2 rows of short dashes, 70 % of a text row's ink
    for (let x = 100; x < 700; x += 10) for (const y of [250, 251]) bin.data.fill(1, y * 800 + x, y * 800 + x + 4);
    expect(findLines(bin)).toEqual(lines);
  });
});

describe('a line image cropped to its text', () => {
  /**
   * One line of five words across 80 % of a 400-px strip: ascender strokes above, the words'
   * joined baseline (rows 20–23, ink over each word's whole width), strokes below it. The
   * baseline rows hold more ink than 60 % of the width, as in real line images cut tight (OpenITI's
   * printed-book lines); being broken between words, they are text, not a rule.
   */
  function strip(border = false) {
    const w = 400;
    const bin: Bin = { data: new Uint8Array(w * 40), width: w, height: 40 };
    for (let x0 = 40; x0 < 360; x0 += 80) {
      for (let y = 2; y < 20; y++) for (let x = x0; x < x0 + 64; x += 12) bin.data.fill(1, y * w + x, y * w + x + 3);
      for (let y = 20; y < 24; y++) bin.data.fill(1, y * w + x0, y * w + x0 + 64);
      for (let y = 24; y < 34; y++) for (let x = x0; x < x0 + 64; x += 20) bin.data.fill(1, y * w + x, y * w + x + 3);
    }
    // a scanner's edge: one run of ink across the strip
    if (border) bin.data.fill(1, 38 * w + 5, 38 * w + 395);
    return bin;
  }

  it('is one line, its baseline rows not taken for a rule', () => {
    expect(findLines(strip()).map((l) => [l.y0, l.y1])).toEqual([[2, 34]]);
  });

  it('still leaves out a row crossed by one run of ink (a border)', () => {
    expect(findLines(strip(true)).map((l) => [l.y0, l.y1])).toEqual([[2, 34]]);
  });
});

describe('ink the lines found leave out (a signal for the guard)', () => {
  const opts = fixedOpts;

  it('is small on a page whose lines were all found, and large when a note in a thin pen was missed', async () => {
    const whole = page(1000, 700);
    whole.text(50, 950, 50, 15, 4 * T, 3 * T);
    expect((await analysePage(asGrey(whole.bin), opts)).inkOutsideLines).toBeLessThan(0.02);
    // under the column, a note in a thin pen: strokes 1 px wide, so sparse that no row of it
    // holds the ink the line finder asks of a text row; none of it is in Sijill's own lines
    const missed = page(1000, 700);
    missed.text(50, 950, 50, 5, 4 * T, 3 * T);
    for (let k = 0; k < 16; k++)
      for (let x = 60 + ((k * 53) % 200); x < 950; x += 200)
        for (let y = 300 + k * 22; y < 318 + k * 22; y++) missed.bin.data.fill(1, y * 1000 + x, y * 1000 + x + 2);
    const a = await analysePage(asGrey(missed.bin), opts);
    expect(a.lines.every((l) => l.box.y < 300)).toBe(true);
    expect(a.inkOutsideLines).toBeGreaterThan(0.08);
  });
});

describe('page decoding', () => {
  it('keeps a grey page stored as RGB exactly as its greyscale', async () => {
    const bytes = Buffer.alloc(64 * 3);
    for (let i = 0; i < 64; i++) bytes.fill(i * 4, i * 3, i * 3 + 3);
    const png = await sharp(bytes, { raw: { width: 8, height: 8, channels: 3 } }).png().toBuffer();
    expect([...(await decodePage(png, 100e6)).data]).toEqual(Array.from({ length: 64 }, (_, i) => i * 4));
  });
});

describe("orientation: a turn's first lines", () => {
  it('are the first that read as anything: a line read empty is passed over, not counted against the turn', async () => {
    const readings: Record<string, string[]> = { a: ['كان'], b: [], c: [], d: ['في'], e: ['الأمر'] };
    const asked: string[][] = [];
    const read = async (lines: string[]) => {
      asked.push(lines);
      return lines.map((l) => readings[l]!);
    };
    expect(await firstReadings(['a', 'b', 'c', 'd', 'e'], 2, read)).toEqual([['كان'], ['في']]);
    // two at once, then one at a time, and no further than needed
    expect(asked).toEqual([['a', 'b'], ['c'], ['d']]);
    expect(await firstReadings(['b', 'c'], 2, read)).toEqual([]);
  });
});

describe('orientation: a quarter turn must not read across the lines', () => {
  it('rules out a quarter turn that finds fewer lines than the page as it is, and nothing else', () => {
    // a phone photo: 11 lines as it is, 1 "line" turned a quarter (its rows fill every column)
    expect(acrossTheLines(11, 1, 1)).toBe(true);
    expect(acrossTheLines(11, 1, 3)).toBe(true);
    // a half turn keeps the lines' axis: the letter score decides it
    expect(acrossTheLines(11, 11, 2)).toBe(false);
    // a page that lies sideways: one "line" as it is, its lines at a quarter turn
    expect(acrossTheLines(1, 21, 1)).toBe(false);
    // too few lines as it is to tell the axis
    expect(acrossTheLines(2, 1, 3)).toBe(false);
  });
});

describe("orientation: a line's baseline", () => {
  const fixtures = join(import.meta.dirname, '..', 'fixtures');
  it('lies in the lower half of an upright printed line and in the upper half of the line turned 180°', async () => {
    // a real 200-dpi al-Muqtabas line and a line drawn in DejaVu Sans
    for (const file of ['ocr-real/muqtabas-p028-line13-200dpi.png', 'ocr-drawn-lines/no-marker.png']) {
      const line = await decodePage(readFileSync(join(fixtures, file)), 100e6);
      const halfTurned = { ...line, data: line.data.slice().reverse() };
      expect(baselineDepth(line)).toBeGreaterThan(0.6);
      expect(baselineDepth(halfTurned)).toBeLessThan(0.4);
    }
    expect(baselineDepth({ data: new Uint8Array(100).fill(255), width: 10, height: 10 })).toBeNull();
  });

  it("lowers the share of confident letters a turn needs when its lines' baselines lie low", () => {
    const box = { x: 0, y: 0, w: 10, h: 10 };
    const word = (text: string, confidence: number) => ({ text, confidence, box });
    // 10 confident letters of 30 (33 %): poor print read at its right turn
    const poor = [word('الاستثناءات', 100), word('والمستشرقون', 20), word('فيستغيثونهم', 20)];
    expect(turnEvidence(poor, 0.4, false)).toBe(0);
    expect(turnEvidence(poor, 0.4, true)).toBeCloseTo(11);
    // 10 of 50 (20 %) is junk whatever the baselines say; numerals are no letters
    const junk = [word('الاستثناءات', 100), ...Array.from({ length: 4 }, () => word('فيستغيثونهم', 10)), word('١٢٣٤٥٦٧٨', 100)];
    expect(turnEvidence(junk, 0.4, true)).toBe(0);
    // a clear reading counts as it did
    expect(turnEvidence([word('الاستثناءات', 90)], 0.4, false)).toBeCloseTo(9.9);
  });
});
