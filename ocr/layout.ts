/** Page layout: text lines in reading order (top to bottom; right to left within a row). */
import type { Box, OcrLine, OcrWord } from './types.ts';

export function unionBox(boxes: Box[]): Box {
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.w));
  const y1 = Math.max(...boxes.map((b) => b.y + b.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
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

/**
 * Order lines for reading and join fragments of one visual line that the recogniser split
 * (e.g. "الرقم: …      التاريخ: …" typed with a wide gap). Fragments further apart than
 * `maxGapFactor` × line height stay separate lines (side-by-side columns), right one first.
 */
export function orderLines(lines: OcrLine[], opts: { maxGapFactor?: number } = {}): OcrLine[] {
  const maxGap = opts.maxGapFactor ?? 6;
  const sorted = lines.filter((l) => l.words.length > 0).sort((a, b) => a.box.y + a.box.h / 2 - (b.box.y + b.box.h / 2));
  type Row = { lines: OcrLine[]; box: Box };
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
  for (const row of rows) {
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
  }
  return out;
}
