/**
 * What the search index holds for a line, computed with the text rules of api/text wherever a
 * segment's text or translation changes (api/segments: edits and OCR) and by `reindexSearch`:
 * the Arabic folded by the one normalizer, the romanized keys of the translation, and the
 * words for the "did you mean" vocabulary. db/ stores them as given.
 */
import type { Executor } from '../../db/client';
import { insertSearchTerms, type SegmentSearchFields } from '../../db/queries/search';
import { containsArabic, normalizeArabic } from '../text/arabic';
import { romanizedKey } from '../text/romanize';

/** The derived search keys of a segment; store them with every change of text or translation. */
export function segmentSearchFields(text: string, translation: string): SegmentSearchFields {
  return { textNorm: normalizeArabic(text), translationKey: romanizedKey(translation) };
}

const arabicWord = /[\p{Script=Arabic}\d]+/gu;
const latinWord = /[a-z]+/g;

/** The vocabulary words of some lines: normalized Arabic and lower-case Latin words of 3 to 40 letters. */
export function vocabularyOf(lines: Array<{ text: string; translation: string }>): Map<string, 'ar' | 'en'> {
  const into = new Map<string, 'ar' | 'en'>();
  for (const { text, translation } of lines) {
    for (const m of normalizeArabic(text).matchAll(arabicWord)) {
      if (m[0].length >= 3 && containsArabic(m[0]) && m[0].length <= 40) into.set(m[0], 'ar');
    }
    const latin = translation
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    for (const m of latin.matchAll(latinWord)) if (m[0].length >= 3 && m[0].length <= 40) into.set(m[0], 'en');
  }
  return into;
}

/** Adds the words of these lines to the "did you mean" vocabulary (idempotent). */
export async function recordSearchTerms(db: Executor, lines: Array<{ text: string; translation: string }>) {
  const words = vocabularyOf(lines);
  if (words.size > 0) await insertSearchTerms(db, [...words].map(([term, lang]) => ({ term, lang })));
}
