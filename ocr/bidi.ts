/**
 * Visual → logical order for one line of right-to-left text, for PDF text layers whose glyphs
 * come in drawing order. A reduced form of the Unicode bidi algorithm that covers what these
 * documents hold: Arabic text with embedded numbers (either digit set) and Latin words.
 */

const RTL = /[\u0590-\u05FF\u0600-\u065F\u066A-\u06EF\u06FA-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const LATIN = /[A-Za-z\u00C0-\u024F]/;
const DIGIT = /[0-9\u0660-\u0669\u06F0-\u06F9]/;
const NUMBER_SEPARATOR = /[/.,:\-+\u066B\u066C]/;

export function isRtlChar(c: string): boolean {
  return RTL.test(c);
}

/**
 * Given items in visual (left-to-right) order, return them in logical order.
 * Lines without any right-to-left letter are left as they are.
 */
export function visualToLogical<T>(items: T[], charOf: (t: T) => string): T[] {
  const chars = items.map(charOf);
  if (!chars.some((c) => RTL.test(c))) return items;
  // level 2 (left-to-right inside the right-to-left line): Latin letters, digits, separators
  // inside numbers, and neutrals between two Latin letters.
  const n = chars.length;
  const kind = chars.map((c) => (LATIN.test(c) ? 'L' : DIGIT.test(c) ? 'D' : RTL.test(c) ? 'R' : 'N'));
  const ltr = kind.map((k) => k === 'L' || k === 'D');
  for (let i = 0; i < n; i++) {
    if (kind[i] !== 'N') continue;
    if (NUMBER_SEPARATOR.test(chars[i]!) && kind[i - 1] === 'D' && kind[i + 1] === 'D') {
      ltr[i] = true;
      continue;
    }
    let l = i - 1;
    while (l >= 0 && kind[l] === 'N') l--;
    let r = i + 1;
    while (r < n && kind[r] === 'N') r++;
    if (l >= 0 && r < n && kind[l] === 'L' && kind[r] === 'L') ltr[i] = true;
  }
  const reversed = items.slice().reverse();
  const rev = ltr.slice().reverse();
  const out: T[] = [];
  let i = 0;
  while (i < n) {
    if (!rev[i]) {
      out.push(reversed[i]!);
      i++;
      continue;
    }
    let j = i;
    while (j < n && rev[j]) j++;
    for (let k = j - 1; k >= i; k--) out.push(reversed[k]!);
    i = j;
  }
  return out;
}

/** Fold Arabic presentation forms (as PDF fonts often emit them) to ordinary letters. */
export function foldPresentationForms(s: string): string {
  return s.replace(/[\uFB50-\uFDFF\uFE70-\uFEFF]/g, (c) => c.normalize('NFKC'));
}
