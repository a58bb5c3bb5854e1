/**
 * What the search index holds for a line, computed with the text rules of api/text wherever a
 * segment's text or translation changes (api/segments: edits and OCR) and by `reindexSearch`:
 *
 * - `textNorm`: the words of the Arabic text as the one normalizer folds them, one space apart,
 *   which PostgreSQL indexes word for word (`to_tsvector('simple', text_norm)`): letters and
 *   digits are separate words (`13/12/1996م` → `13 12 1996 م`, `9271/ص` → `9271 ص`), numbers
 *   lose leading zeros (08 → 8), Latin letters are lower case. Proclitics stay on the words;
 *   queries are expanded over them instead (api/text/proclitics.ts).
 * - `translationKey`: the romanized-name keys of the translation (api/text/romanize.ts).
 * - `textDates`: every date the Arabic text writes (api/text/dates.ts), as a multirange of
 *   days (a month-only date by its 15th, as tagged dates count), for the date filter.
 * - the vocabulary: each word for "did you mean", and Arabic words with their romanized key.
 *
 * db/ stores these as given.
 */
import type { Executor } from '../../db/client';
import { insertSearchTerms, type SegmentSearchFields } from '../../db/queries/search';
import { normalizeArabicWithMap } from '../text/arabic';
import { findDates } from '../text/dates';
import { arabicWordKey, romanizedKey } from '../text/romanize';

export type IndexWord = {
  /** The word as the index holds it. */
  word: string;
  /** UTF-16 offsets of the word in the text as stored. */
  start: number;
  end: number;
};

const wordRe = /\p{L}+|\p{N}+/gu;

/** The index's words of a text (NFC, as stored), with where each stands in it. */
export function indexWords(text: string): IndexWord[] {
  const { normalized, toOriginal } = normalizeArabicWithMap(text);
  const out: IndexWord[] = [];
  for (const m of normalized.matchAll(wordRe)) {
    const word = /^\p{N}/u.test(m[0]) ? m[0].replace(/^0+(?=\d)/, '') : m[0].toLowerCase();
    out.push({ word, start: toOriginal[m.index]!, end: toOriginal[m.index + m[0].length - 1]! + 1 });
  }
  return out;
}

/** A query word as the index would hold it (the words of `indexWords`, joined by a space when several). */
export const indexForm = (text: string) => indexWords(text.normalize('NFC')).map((w) => w.word);

/**
 * The days a text writes, in PostgreSQL's canonical multirange text (sorted, consecutive days
 * merged: `{[2016-03-05,2016-03-07)}`), so that a stored value compares equal; null for none.
 */
export function textDatesOf(text: string): string | null {
  const days = [...new Set(findDates(text).map((d) => (d.precision === 'day' ? d.iso : `${d.iso}-15`)))].sort();
  if (days.length === 0) return null;
  const next = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const ranges: Array<[string, string]> = [];
  for (const day of days) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === day) last[1] = next(day);
    else ranges.push([day, next(day)]);
  }
  return `{${ranges.map(([a, b]) => `[${a},${b})`).join(',')}}`;
}

/** The derived search keys of a segment; store them with every change of text or translation. */
export function segmentSearchFields(text: string, translation: string): SegmentSearchFields {
  return {
    textNorm: indexWords(text)
      .map((w) => w.word)
      .join(' '),
    translationKey: romanizedKey(translation),
    textDates: textDatesOf(text),
  };
}

const latinWord = /[a-z]+/g;
const hasArabicLetter = /[\u0621-\u064A]/;

export type VocabularyWord = { term: string; lang: 'ar' | 'en'; latinKey: string | null };

/** The vocabulary words of some lines: Arabic words as the index holds them and lower-case Latin words, 3 to 40 letters. */
export function vocabularyOf(lines: Array<{ text: string; translation: string }>): Map<string, VocabularyWord> {
  const into = new Map<string, VocabularyWord>();
  for (const { text, translation } of lines) {
    for (const { word } of indexWords(text)) {
      if (word.length < 3 || word.length > 40 || into.has(word) || !hasArabicLetter.test(word)) continue;
      into.set(word, { term: word, lang: 'ar', latinKey: arabicWordKey(word) || null });
    }
    const latin = translation
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    for (const m of latin.matchAll(latinWord)) {
      if (m[0].length >= 3 && m[0].length <= 40 && !into.has(m[0])) into.set(m[0], { term: m[0], lang: 'en', latinKey: null });
    }
  }
  return into;
}

/** Adds the words of these lines to the vocabulary (idempotent; a word's key is refreshed when the rules changed). */
export async function recordSearchTerms(db: Executor, lines: Array<{ text: string; translation: string }>) {
  const words = vocabularyOf(lines);
  if (words.size > 0) await insertSearchTerms(db, [...words.values()]);
}
