/**
 * Moving tagged spans through an edit of their text. A Myers diff (jsdiff's `diffArrays`) over
 * words, runs of spaces and single punctuation marks splits the edit into unchanged runs and
 * hunks (a deletion, an insertion, or both at one place); a span boundary in an unchanged run
 * moves by what was inserted/deleted before it. Words rather than characters: a character diff
 * of natural language aligns stray letters (the و of an inserted word with the و of the name)
 * and moves boundaries into the middle of words.
 *
 * At the edges: text typed right before a tag or right after it stays outside the tag; text
 * that replaces characters of the tag (a corrected letter, even the first or last one) is inside
 * it. A span whose every character was deleted comes back as null: the tag goes.
 * Offsets are UTF-16 code units, as everywhere.
 */
import { diffArrays } from 'diff';

const tokenRe = /[\p{L}\p{M}\p{N}]+|\s+|[\s\S]/gu;
const tokens = (text: string) => text.match(tokenRe) ?? [];

type Hunk = { oldStart: number; oldLen: number; newStart: number; newLen: number };

export type EditMap = { hunks: Hunk[]; oldLength: number; newLength: number };

export function editMap(before: string, after: string): EditMap {
  const hunks: Hunk[] = [];
  if (before !== after) {
    let oldPos = 0;
    let newPos = 0;
    let open: Hunk | null = null;
    for (const part of diffArrays(tokens(before), tokens(after))) {
      const len = part.value.reduce((n, t) => n + t.length, 0);
      if (!part.added && !part.removed) {
        open = null;
        oldPos += len;
        newPos += len;
        continue;
      }
      if (!open) {
        open = { oldStart: oldPos, oldLen: 0, newStart: newPos, newLen: 0 };
        hunks.push(open);
      }
      if (part.removed) {
        open.oldLen += len;
        oldPos += len;
      } else {
        open.newLen += len;
        newPos += len;
      }
    }
  }
  return { hunks, oldLength: before.length, newLength: after.length };
}

/**
 * Where an old boundary position lands. `side` says which side of the boundary the tag is on:
 * a tag's start has the tag to its right (`'start'`), its end to its left (`'end'`); a pure
 * insertion exactly at the boundary goes to the side away from the tag.
 */
export function mapPosition(map: EditMap, pos: number, side: 'start' | 'end'): number {
  let delta = 0;
  for (const h of map.hunks) {
    const oldEnd = h.oldStart + h.oldLen;
    if (h.oldLen === 0 && h.oldStart === pos) {
      // Pure insertion at the boundary: outside the tag.
      return side === 'start' ? pos + delta + h.newLen : pos + delta;
    }
    if (oldEnd <= pos && !(h.oldLen > 0 && h.oldStart === pos)) {
      delta += h.newLen - h.oldLen;
      continue;
    }
    if (h.oldStart < pos && pos < oldEnd) {
      // Inside a replaced run: place it proportionally within the replacement.
      return h.newStart + Math.round(((pos - h.oldStart) / h.oldLen) * h.newLen);
    }
    break; // hunks are ordered: the rest start after pos
  }
  return pos + delta;
}

/** The span after the edit, or null when all of its text was deleted. */
export function mapSpan(map: EditMap, start: number, end: number): { start: number; end: number } | null {
  if (map.hunks.length === 0) return { start, end };
  const s = mapPosition(map, start, 'start');
  const e = mapPosition(map, end, 'end');
  if (e <= s) return null;
  return { start: s, end: e };
}
