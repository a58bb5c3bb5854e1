/**
 * Visual → logical order for one line of text, for PDF text layers whose glyphs are placed
 * left to right on the page. A reduced form of the Unicode bidi algorithm (UAX #9) that covers
 * what these documents hold: Arabic text with embedded numbers (either digit set) and Latin
 * words, and Latin text with embedded Arabic words.
 *
 * The items are whole glyph clusters, not characters: a ligature (لا) or a letter with its marks
 * is one item whose characters are already in logical order, so reordering never splits it.
 */

import bidiFactory from 'bidi-js';

const bidi = bidiFactory();

const RTL = /[\u0590-\u05FF\u0600-\u065F\u066A-\u06EF\u06FA-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const LATIN = /[A-Za-z\u00C0-\u024F]/;
const DIGIT = /[0-9\u0660-\u0669\u06F0-\u06F9]/;
const NUMBER_SEPARATOR = /[/.,:\-+\u066B\u066C]/;

export function isRtlChar(c: string): boolean {
  return RTL.test(c);
}

export function isLatinChar(c: string): boolean {
  return LATIN.test(c);
}

/**
 * The character that decides the direction of a whole word taken as one item: its first
 * right-to-left or Latin letter, else its first digit, else a space (a neutral). «.و50» is
 * right-to-left, «235/2016,» a number, «:» neutral.
 */
export function directionChar(word: string): string {
  const chars = [...word];
  return chars.find((c) => RTL.test(c) || LATIN.test(c)) ?? chars.find((c) => DIGIT.test(c)) ?? ' ';
}

type Kind = 'R' | 'L' | 'D' | 'N';

function kindOf(c: string): Kind {
  return RTL.test(c) ? 'R' : LATIN.test(c) ? 'L' : DIGIT.test(c) ? 'D' : 'N';
}

/**
 * The paragraph direction of a line seen in visual order: right to left when most of its
 * letters are right-to-left ones; on a tie, the direction of its rightmost letter (where a
 * right-to-left line starts).
 */
export function baseDirection(chars: string[]): 'rtl' | 'ltr' {
  let r = 0;
  let l = 0;
  for (const c of chars) {
    const k = kindOf(c);
    if (k === 'R') r++;
    else if (k === 'L') l++;
  }
  if (r !== l) return r > l ? 'rtl' : 'ltr';
  for (let i = chars.length - 1; i >= 0; i--) {
    const k = kindOf(chars[i]!);
    if (k === 'R') return 'rtl';
    if (k === 'L') return 'ltr';
  }
  return 'ltr';
}

/**
 * Embedding levels of items in visual order (UAX #9 rules W, N and I, simplified to what visual
 * order allows): right-to-left letters at an odd level, Latin letters and numbers at an even
 * one; a neutral takes the direction of the letters or numbers on both sides, else the line's.
 * A number takes part in the right-to-left text around it (rule N1) unless a Latin word stands
 * just before it inside a left-to-right run ("Toyota 2016", rule W7).
 */
function levels(kinds: Kind[], chars: string[], base: 'rtl' | 'ltr'): number[] {
  const n = kinds.length;
  const baseLevel = base === 'rtl' ? 1 : 0;
  const baseDir = base === 'rtl' ? 'r' : 'l';
  const leftLetter: (Kind | null)[] = new Array(n).fill(null);
  const rightLetter: (Kind | null)[] = new Array(n).fill(null);
  for (let i = 1, last: Kind | null = null; i <= n; i++) {
    const k = kinds[i - 1]!;
    if (k === 'R' || k === 'L') last = k;
    if (i < n) leftLetter[i] = last;
  }
  for (let i = n - 2, last: Kind | null = null; i >= -1; i--) {
    const k = kinds[i + 1]!;
    if (k === 'R' || k === 'L') last = k;
    if (i >= 0) rightLetter[i] = last;
  }
  // the direction a number shows to the neutrals around it: in a right-to-left line the text
  // before it inside a left-to-right run is on its left; in a left-to-right line, the text
  // before it inside a right-to-left run is on its right
  const numberDir = kinds.map((_, i) => (base === 'rtl' ? (leftLetter[i] === 'L' ? 'l' : 'r') : rightLetter[i] === 'R' ? 'r' : 'l'));
  const dirOf = (i: number): 'r' | 'l' => (kinds[i] === 'R' ? 'r' : kinds[i] === 'L' ? 'l' : numberDir[i]!);
  const level: number[] = kinds.map((k, i) =>
    k === 'R' ? 1 : k === 'L' ? (baseLevel === 1 ? 2 : 0) : k === 'D' ? (baseLevel === 1 || numberDir[i] === 'r' ? 2 : 0) : baseLevel,
  );
  for (let i = 0; i < n; i++) {
    if (kinds[i] !== 'N') continue;
    // a separator inside a number (١٣/١٢/١٩٩٦, 235/2016, 1.5) belongs to the number
    if (NUMBER_SEPARATOR.test(chars[i]!) && kinds[i - 1] === 'D' && kinds[i + 1] === 'D') {
      level[i] = level[i - 1]!;
      continue;
    }
    let l = i - 1;
    while (l >= 0 && kinds[l] === 'N') l--;
    let r = i + 1;
    while (r < n && kinds[r] === 'N') r++;
    const a = l >= 0 ? dirOf(l) : baseDir;
    const b = r < n ? dirOf(r) : baseDir;
    if (a === b) level[i] = a === 'r' ? 1 : baseLevel === 1 ? 2 : 0;
  }
  return level;
}

/** Brackets left unpaired: a closing one with no opening one before it, and opening ones never closed. */
function unpaired(chars: string[]): number {
  const open: string[] = [];
  let bad = 0;
  for (const c of chars) {
    const mirror = bidi.getMirroredCharacter(c);
    if (!mirror) continue;
    if ('([{<«‹'.includes(c)) open.push(c);
    else if (open.length && bidi.getMirroredCharacter(open[open.length - 1]!) === c) open.pop();
    else bad++;
  }
  return bad + open.length;
}

/**
 * Given items in visual (left-to-right) order, return them in logical order. `charOf` gives the
 * character that decides an item's direction (for a cluster, its first letter or digit).
 * Lines without any right-to-left letter are left as they are.
 *
 * Brackets in right-to-left runs are drawn mirrored. Some writers map such a glyph to the
 * character typed (LibreOffice, pdfkit), others to the character it looks like (Chromium, whose
 * ActualText then names the typed one). With `mirror`, the brackets of right-to-left runs are
 * swapped for their mirror images (UAX #9 rule L4 undone) when that pairs them better.
 */
export function visualToLogical<T>(
  items: T[],
  charOf: (t: T) => string,
  base?: 'rtl' | 'ltr',
  mirror?: (t: T, mirrored: string) => T,
): T[] {
  const chars = items.map(charOf);
  if (!chars.some((c) => RTL.test(c))) return items;
  const kinds = chars.map(kindOf);
  const level = levels(kinds, chars, base ?? baseDirection(chars));
  // UAX #9 rule L2 is its own inverse: reversing, from the highest level down to the lowest
  // odd one, every maximal run at that level or higher turns visual order back into logical.
  let order = items.map((_, i) => i);
  const max = Math.max(...level);
  const minOdd = Math.min(...level.filter((l) => l % 2 === 1), max + 1);
  for (let lv = max; lv >= minOdd; lv--) {
    const next: number[] = [];
    for (let i = 0; i < order.length; ) {
      if (level[order[i]!]! < lv) {
        next.push(order[i++]!);
        continue;
      }
      let j = i;
      while (j < order.length && level[order[j]!]! >= lv) j++;
      next.push(...order.slice(i, j).reverse());
      i = j;
    }
    order = next;
  }
  if (mirror) {
    const swapped = order.map((i) => (level[i]! % 2 === 1 ? (bidi.getMirroredCharacter(chars[i]!) ?? chars[i]!) : chars[i]!));
    if (unpaired(swapped) < unpaired(order.map((i) => chars[i]!))) {
      return order.map((i) => {
        const m = level[i]! % 2 === 1 ? bidi.getMirroredCharacter(chars[i]!) : null;
        return m ? mirror(items[i]!, m) : items[i]!;
      });
    }
  }
  return order.map((i) => items[i]!);
}

/** Fold Arabic presentation forms (as PDF fonts often emit them) to ordinary letters; a ligature becomes its letters in logical order (ﻻ → لا). */
export function foldPresentationForms(s: string): string {
  return s.replace(/[\uFB50-\uFDFF\uFE70-\uFEFF]/g, (c) => c.normalize('NFKC'));
}
