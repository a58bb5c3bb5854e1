/**
 * The OCR's words (each with its box and confidence) against a line's current text. Uncertainty
 * marks belong to the OCR text: a word stays marked only while the person has not touched it.
 * Its place in the current text is found through the same word-level diff that moves tags
 * (api/text/offsets.ts): a word inside an unchanged run moves with the text; a word any edit
 * reached (corrected, deleted, retyped) has no place any more and is no longer marked, in the
 * line field or on the scan. Offsets are UTF-16 code units.
 */
import type { Box, OcrWord } from '../../db/schema';
import { editMap, mapPosition } from '../text/offsets';

type Span = { start: number; end: number };

/** Each word's span in the OCR text, looked for in reading order (null if not found). */
function spansInOcrText(ocrText: string, words: readonly OcrWord[]): Array<Span | null> {
  let from = 0;
  return words.map((w) => {
    if (!w.text) return null;
    const at = ocrText.indexOf(w.text, from);
    if (at < 0) return null;
    from = at + w.text.length;
    return { start: at, end: from };
  });
}

/** Where each OCR word is in `text` now, or null once an edit reached it. */
export function locateOcrWords(ocrText: string, words: readonly OcrWord[], text: string): Array<Span | null> {
  const spans = spansInOcrText(ocrText, words);
  if (ocrText === text) return spans;
  const map = editMap(ocrText, text);
  return spans.map((s) => {
    if (!s) return null;
    // Any change inside the word, or replacing it, means a person corrected it.
    if (map.hunks.some((h) => (h.oldLen > 0 ? h.oldStart < s.end && s.start < h.oldStart + h.oldLen : s.start < h.oldStart && h.oldStart < s.end))) return null;
    const start = mapPosition(map, s.start, 'start');
    return { start, end: start + (s.end - s.start) };
  });
}

export type OcrPart = { ocrText: string; words: OcrWord[] };

/**
 * Splitting a line at `textOffset` of its current text divides its OCR reading too: the words
 * before the split point (mapped back into the OCR text) stay, the rest go with the new line.
 * The boxes of the two lines are the unions of the boxes of the words each keeps; null when
 * either side has no word boxes (a line drawn by hand), for the caller's fallback.
 */
export function splitOcrReading(ocrText: string, words: readonly OcrWord[], text: string, textOffset: number): { first: OcrPart; second: OcrPart; boxes: [Box, Box] | null } {
  const ocrOffset = ocrText === text ? textOffset : mapPosition(editMap(text, ocrText), textOffset, 'start');
  const spans = spansInOcrText(ocrText, words);
  // The first word found at or after the split point starts the second part (words not found
  // in the OCR text stay with the words before them).
  let firstCount = words.length;
  for (let i = 0; i < words.length; i++) {
    const s = spans[i];
    if (s && s.start >= ocrOffset) {
      firstCount = i;
      break;
    }
  }
  const before = words.slice(0, firstCount);
  const after = words.slice(firstCount);
  return {
    first: { ocrText: ocrText.slice(0, ocrOffset).trimEnd(), words: before },
    second: { ocrText: ocrText.slice(ocrOffset).trimStart(), words: after },
    boxes: before.length && after.length ? [unionOf(before.map((w) => w.box)), unionOf(after.map((w) => w.box))] : null,
  };
}

export function unionOf(boxes: Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return { x, y, w: Math.max(...boxes.map((b) => b.x + b.w)) - x, h: Math.max(...boxes.map((b) => b.y + b.h)) - y };
}
