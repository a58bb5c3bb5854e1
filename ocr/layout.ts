/** Page layout: text lines in reading order (top to bottom; right to left within a row). */
import type { Box, OcrLine, OcrWord } from './types.ts';
import { median } from './analyse.ts';

export function unionBox(boxes: Box[]): Box {
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.w));
  const y1 = Math.max(...boxes.map((b) => b.y + b.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * The whole-pixel box around points (x, y) of an image `width` × `height`, clamped to it, at
 * least 1 × 1: a box mapped into another image's pixels (rotated back, unwarped) by its corners.
 */
export function boxAround(points: readonly (readonly [number, number])[], width: number, height: number): Box {
  const x0 = Math.max(0, Math.min(...points.map((p) => p[0])));
  const y0 = Math.max(0, Math.min(...points.map((p) => p[1])));
  const x1 = Math.min(width, Math.max(...points.map((p) => p[0])));
  const y1 = Math.min(height, Math.max(...points.map((p) => p[1])));
  return { x: Math.round(x0), y: Math.round(y0), w: Math.max(1, Math.round(x1 - x0)), h: Math.max(1, Math.round(y1 - y0)) };
}

function verticalOverlap(a: Box, b: Box): number {
  const top = Math.max(a.y, b.y);
  const bottom = Math.min(a.y + a.h, b.y + b.h);
  return Math.max(0, bottom - top) / Math.max(1, Math.min(a.h, b.h));
}

export function meanConfidence(words: { confidence: number; text: string }[]): number {
  // weight by length: a long wrong word matters more than a stray mark
  let sum = 0;
  let n = 0;
  for (const w of words) {
    const len = Math.max(1, [...w.text].length);
    sum += w.confidence * len;
    n += len;
  }
  return n ? sum / n : 0;
}

export function makeLine(words: OcrWord[]): OcrLine {
  return {
    text: words.map((w) => w.text).join(' '),
    confidence: Math.round(meanConfidence(words) * 10) / 10,
    box: unionBox(words.map((w) => w.box)),
    words,
  };
}

/** Separator between the cells of a table row in a line's text (see ocr/README.md, "Layout"). */
export const CELL_SEPARATOR = ' | ';

/** A word that is only a mark (a ruling line read as «|», a dot of noise): no evidence of text. */
const isMark = (w: OcrWord) => /^[|]*$/u.test(w.text.trim()) || (/^[.,:;'"`\-_ـ!]$/u.test(w.text.trim()) && w.confidence < 60);

type Row = { lines: OcrLine[]; box: Box };
type Gap = { x0: number; x1: number; mid?: number };

/** Words of a row from right to left (fragments right to left, each fragment's words in its own order). */
const rowWords = (row: Row): OcrWord[] => row.lines.slice().sort((a, b) => b.box.x + b.box.w - (a.box.x + a.box.w)).flatMap((l) => l.words);

/** Median height of the row's words (a stable line height: fragments may hold one tall word). */
function rowHeight(row: Row): number {
  const hs = rowWords(row)
    .map((w) => w.box.h)
    .sort((a, b) => a - b);
  return hs[Math.floor(hs.length / 2)] ?? row.box.h;
}

/** Empty x-ranges between the words of a row at least `min` wide, right to left. */
function gapsOf(words: OcrWord[], min: number): Gap[] {
  const spans = words
    .filter((w) => !isMark(w))
    .map((w) => ({ x0: w.box.x, x1: w.box.x + w.box.w }))
    .sort((a, b) => b.x1 - a.x1);
  const gaps: Gap[] = [];
  let left = Infinity;
  for (const s of spans) {
    if (s.x1 < left && left - s.x1 >= min && left !== Infinity) gaps.push({ x0: s.x1, x1: left });
    left = Math.min(left, s.x0);
  }
  return gaps;
}

/**
 * Column gutters of a run of rows: x-ranges (inside the run's extent) at least `min` wide where
 * no word's centre falls and at most one row in four has a word box (a recognised word's box
 * often overshoots into the white beside it, most of all the first word of a line image).
 * Right to left.
 */
function gutters(rows: Row[], min: number): Gap[] {
  const words = rows.flatMap(rowWords).filter((w) => !isMark(w));
  if (!words.length) return [];
  const x0 = Math.floor(Math.min(...words.map((w) => w.box.x)));
  const x1 = Math.ceil(Math.max(...words.map((w) => w.box.x + w.box.w)));
  const cover = new Uint16Array(x1 - x0 + 1);
  const centre = new Uint8Array(x1 - x0 + 1);
  for (const w of words) {
    const a = Math.max(0, Math.floor(w.box.x - x0));
    const b = Math.min(cover.length, Math.ceil(w.box.x + w.box.w - x0));
    for (let x = a; x < b; x++) cover[x]!++;
    centre[Math.min(cover.length - 1, Math.round(w.box.x + w.box.w / 2 - x0))] = 1;
  }
  const allowed = Math.max(1, Math.floor(rows.length / 4));
  const out: Gap[] = [];
  let s = -1;
  for (let x = cover.length - 1; x >= -1; x--) {
    const empty = x >= 0 && cover[x]! <= allowed && !centre[x];
    if (empty && s < 0) s = x;
    if (!empty && s >= 0) {
      if (s - x >= min) {
        // the gutter's middle: the middle of its longest least-covered stretch
        let low = Infinity;
        for (let k = x + 1; k <= s; k++) low = Math.min(low, cover[k]!);
        let best = [x + 1, x + 1];
        let a = -1;
        for (let k = x + 1; k <= s + 1; k++) {
          if (k <= s && cover[k] === low) {
            if (a < 0) a = k;
          } else if (a >= 0) {
            if (k - a > best[1]! - best[0]!) best = [a, k];
            a = -1;
          }
        }
        out.push({ x0: x0 + x + 1, x1: x0 + s + 1, mid: x0 + (best[0]! + best[1]!) / 2 });
      }
      s = -1;
    }
  }
  // no gutter where a row has two words an ordinary space apart (one cell's words that happen
  // to straddle it, e.g. a two-word cell in a column of one-word cells)
  const spaces = rows.map((row) => gapsOf(rowWords(row), 0));
  return out.filter((g) => {
    const mid = g.mid!;
    return spaces.every((gs) => gs.every((sp) => sp.x1 - sp.x0 >= min || mid < sp.x0 || mid > sp.x1));
  });
}

/** A table row's words grouped into the cells between the gutters, right to left (empty cells kept). */
function tableCells(row: Row, cuts: Gap[]): OcrWord[][] {
  const words = rowWords(row).filter((w) => !isMark(w));
  const cells: OcrWord[][] = Array.from({ length: cuts.length + 1 }, () => []);
  for (const w of words) {
    const cx = w.box.x + w.box.w / 2;
    let i = 0;
    while (i < cuts.length && cx < (cuts[i]!.mid ?? (cuts[i]!.x0 + cuts[i]!.x1) / 2)) i++;
    cells[i]!.push(w);
  }
  return cells;
}

/** One line for a table row: its cells right to left joined with CELL_SEPARATOR. */
function tableLine(cells: OcrWord[][]): OcrLine {
  const filled = cells.filter((c) => c.length);
  const line = makeLine(filled.flat());
  return { ...line, text: filled.map((c) => c.map((w) => w.text).join(' ')).join(CELL_SEPARATOR) };
}

/**
 * Order lines for reading and join fragments of one visual line that the recogniser split
 * (e.g. "الرقم: …      التاريخ: …" typed with a wide gap). Fragments further apart than
 * `maxGapFactor` × line height stay separate lines (side-by-side columns), right one first.
 *
 * Two structures are recognised from the words' boxes:
 *  - a table: 3 or more consecutive rows that each have 2 or more wide gaps (≥ 0.8 line
 *    heights) and share column gutters; each row becomes ONE line, its cells right to left
 *    joined with CELL_SEPARATOR;
 *  - a two-column block (letterhead): 2 or more consecutive rows split by one common gutter
 *    (≥ 3 line heights wide), plus the rows just above or below that lie wholly on one side of
 *    it; read as the right block top to bottom, then the left block.
 */
export function orderLines(
  lines: OcrLine[],
  opts: {
    maxGapFactor?: number;
    /** sees (and may rewrite in place) each table's cells: rows top to bottom, cells right to left, empty cells kept */
    reviseTable?: (rows: OcrWord[][][]) => void;
  } = {},
): OcrLine[] {
  const maxGap = opts.maxGapFactor ?? 6;
  const sorted = lines.filter((l) => l.words.length > 0).sort((a, b) => a.box.y + a.box.h / 2 - (b.box.y + b.box.h / 2));
  const rows: Row[] = [];
  for (const line of sorted) {
    let best: Row | null = null;
    let bestOverlap = 0.5;
    for (const row of rows.slice(-4)) {
      // a line belongs to a row when it overlaps one of the row's lines by half its height
      for (const other of row.lines) {
        const ov = verticalOverlap(line.box, other.box);
        if (ov > bestOverlap) {
          bestOverlap = ov;
          best = row;
        }
      }
    }
    if (best) {
      best.lines.push(line);
      best.box = unionBox([best.box, line.box]);
    } else rows.push({ lines: [line], box: line.box });
  }
  rows.sort((a, b) => a.box.y - b.box.y);
  const out: OcrLine[] = [];
  const plainRow = (row: Row) => {
    // right to left
    const parts = row.lines.sort((a, b) => b.box.x + b.box.w - (a.box.x + a.box.w));
    let cur = parts[0]!;
    for (const next of parts.slice(1)) {
      const gap = cur.box.x - (next.box.x + next.box.w);
      const h = Math.max(cur.box.h, next.box.h);
      if (gap < maxGap * h) cur = makeLine([...cur.words, ...next.words]);
      else {
        out.push(cur);
        cur = next;
      }
    }
    out.push(cur);
  };
  const hs = rows.map(rowHeight);
  const tableRow = rows.map((row, i) => gapsOf(rowWords(row), 0.8 * hs[i]!).length >= 2);
  let i = 0;
  while (i < rows.length) {
    // a table: consecutive rows with 2+ wide gaps whose gutters line up
    if (tableRow[i]) {
      let j = i;
      while (j + 1 < rows.length && tableRow[j + 1]) j++;
      const run = rows.slice(i, j + 1);
      const h = median(hs.slice(i, j + 1));
      const cuts = gutters(run, 0.5 * h);
      if (run.length >= 3 && cuts.length >= 2) {
        const table = run.map((row) => tableCells(row, cuts));
        opts.reviseTable?.(table);
        for (const cells of table) out.push(tableLine(cells));
        i = j + 1;
        continue;
      }
    }
    // a two-column block: consecutive rows split by one common wide gutter
    const block = twoColumnBlock(rows, hs, i);
    if (block) {
      const { end, start, gutter } = block;
      const mid = (gutter.x0 + gutter.x1) / 2;
      const part = (right: boolean) =>
        rows.slice(start, end).flatMap((row) => {
          const ws = rowWords(row).filter((w) => w.box.x + w.box.w / 2 > mid === right);
          return ws.length ? [makeLine(ws)] : [];
        });
      out.push(...part(true), ...part(false));
      i = end;
      continue;
    }
    plainRow(rows[i]!);
    i++;
  }
  return out;
}

/** A two-column block starting at row `i` (its first two-part row), or null. */
function twoColumnBlock(rows: Row[], hs: number[], i: number): { start: number; end: number; gutter: Gap } | null {
  const wide = (k: number) => gapsOf(rowWords(rows[k]!), 3 * hs[k]!);
  let common: Gap | null = null;
  let j = i;
  for (; j < rows.length; j++) {
    const gs = wide(j);
    const next: Gap | undefined = gs
      .map((g) => (common ? { x0: Math.max(g.x0, common.x0), x1: Math.min(g.x1, common.x1) } : g))
      .filter((g) => g.x1 - g.x0 >= hs[j]!)
      .sort((a, b) => b.x1 - b.x0 - (a.x1 - a.x0))[0];
    if (!next || gs.length > 1) break;
    common = next;
  }
  if (!common || j - i < 2) return null;
  const g = common;
  // rows just above or below, close by and wholly on one side of the gutter, belong to the block
  const centre = (k: number) => rows[k]!.box.y + rows[k]!.box.h / 2;
  const pitch = (centre(j - 1) - centre(i)) / Math.max(1, j - 1 - i);
  const oneSide = (k: number) => {
    const ws = rowWords(rows[k]!).filter((w) => !isMark(w));
    return ws.length > 0 && (ws.every((w) => w.box.x >= g.x1 - 1) || ws.every((w) => w.box.x + w.box.w <= g.x0 + 1));
  };
  let end = j;
  while (end < rows.length && oneSide(end) && centre(end) - centre(end - 1) <= 1.3 * pitch) end++;
  // rows above a block's first two-part row are already out (read as plain rows): the block
  // starts here; a letterhead whose left block starts lower is read right block first anyway
  return { start: i, end, gutter: g };
}
