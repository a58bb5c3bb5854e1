/**
 * Text accuracy measures used by the benchmark and the tests. The same normalisation is applied
 * to every system's output and to the ground truth:
 *   NFC; bidi control marks removed; each line trimmed and runs of spaces collapsed to one;
 *   empty lines dropped; lines joined with "\n".
 * CER = character (code point) Levenshtein distance / reference length.
 * WER = word Levenshtein distance / reference word count (words split on whitespace).
 */

import { normalizeArabic } from '../../api/text/arabic.ts';

export function normalizeForScoring(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069\uFEFF]/g, '')
    .replace(/\r\n?|\f/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t\u00A0]+/g, ' ').trim())
    .filter((l) => l.length > 0)
    .join('\n');
}

export function levenshtein<T>(a: readonly T[], b: readonly T[]): number {
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      const cost = ai === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

export type Score = { charErrors: number; chars: number; wordErrors: number; words: number };

export function score(hypothesis: string, reference: string): Score {
  const h = normalizeForScoring(hypothesis);
  const r = normalizeForScoring(reference);
  const hw = h.split(/\s+/).filter(Boolean);
  const rw = r.split(/\s+/).filter(Boolean);
  return { charErrors: levenshtein([...h], [...r]), chars: [...r].length, wordErrors: levenshtein(hw, rw), words: rw.length };
}

/**
 * `score` of the text as search sees it: both texts through the one Arabic normalizer
 * (api/text/arabic.ts `normalizeArabic`: hamza forms, ى/ي, ة/ه, diacritics and digit sets
 * folded) and every line break a space. What transcriptions do differently from the print
 * costs nothing here — hamzas a transcriber added, diacritics left out, a paragraph set on one
 * line — while a misread letter costs as in `score`. Not a substitute for `score`: a reader
 * needs the hamzas the print has.
 */
export function searchScore(hypothesis: string, reference: string): Score {
  const asSearched = (t: string) => normalizeArabic(normalizeForScoring(t)).replace(/\s+/g, ' ');
  return score(asSearched(hypothesis), asSearched(reference));
}

export function addScores(scores: Score[]): Score {
  return scores.reduce(
    (a, s) => ({ charErrors: a.charErrors + s.charErrors, chars: a.chars + s.chars, wordErrors: a.wordErrors + s.wordErrors, words: a.words + s.words }),
    { charErrors: 0, chars: 0, wordErrors: 0, words: 0 },
  );
}

export const cer = (s: Score) => (s.chars ? s.charErrors / s.chars : 0);
export const wer = (s: Score) => (s.words ? s.wordErrors / s.words : 0);

/**
 * For each hypothesis word, whether it is correct: aligned (minimum edit path) to an identical
 * reference word. Used to measure how well low-confidence flags catch wrong words.
 */
export function correctWords(hypWords: readonly string[], refWords: readonly string[]): boolean[] {
  const n = hypWords.length;
  const m = refWords.length;
  const d: number[][] = Array.from({ length: n + 1 }, (_, i) => {
    const row = new Array<number>(m + 1).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j <= m; j++) d[0]![j] = j;
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= m; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (hypWords[i - 1] === refWords[j - 1] ? 0 : 1));
  const ok = new Array<boolean>(n).fill(false);
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    if (d[i]![j] === d[i - 1]![j - 1]! + (hypWords[i - 1] === refWords[j - 1] ? 0 : 1)) {
      ok[i - 1] = hypWords[i - 1] === refWords[j - 1];
      i--;
      j--;
    } else if (d[i]![j] === d[i - 1]![j]! + 1) i--;
    else j--;
  }
  return ok;
}

/** A number as written: digits of either set, with / . - between digits. */
const NUMBER = /[0-9\u0660-\u0669\u06F0-\u06F9]+(?:[/.\-][0-9\u0660-\u0669\u06F0-\u06F9]+)*/g;

/**
 * Numbers of the reference found in the hypothesis, as multisets of exact strings (digit set
 * included): `found` of the reference's `reference` numbers; the hypothesis wrote `written`.
 * Order and position are not checked: a number is rarely written twice on a page.
 */
export function numberMatches(hypothesis: string, reference: string): { found: number; reference: number; written: number } {
  const ref = normalizeForScoring(reference).match(NUMBER) ?? [];
  const hyp = normalizeForScoring(hypothesis).match(NUMBER) ?? [];
  const left = new Map<string, number>();
  for (const n of hyp) left.set(n, (left.get(n) ?? 0) + 1);
  let found = 0;
  for (const n of ref) {
    const k = left.get(n) ?? 0;
    if (k > 0) {
      found++;
      left.set(n, k - 1);
    }
  }
  return { found, reference: ref.length, written: hyp.length };
}
