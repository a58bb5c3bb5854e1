/**
 * Placeables: the parts of a line that change from one instance of a formula to the next —
 * numbers and reference numbers, dates, units and places from the register, person names.
 * Found in the Arabic (`findPlaceables`), found again in a memory entry's English
 * (`alignPlaceables`), and rendered in English for a new line (`renderPlaceable`), so that
 * "نعلمكم بوفاة الموقوف X رقم N" seen once translates every later instance.
 *
 * Pure and synchronous; offsets are UTF-16 code units. Persons come from the suggestion engine
 * (register, trigger words such as المدعو, numbered lists) and from a known given name
 * (the romanizer's table, or one the memory has seen) followed by more name words.
 */
import { normalizeArabic, normalizeArabicWithMap } from '../text/arabic';
import { findEnglishDates, findForms } from '../text/english';
import { isNameStop, type AnnotateOptions, type SuggestionEngine } from '../text/suggest';
import { arabicWordKey, romanizedWordKey } from '../text/romanize';

export const placeableKinds = ['number', 'date', 'unit', 'place', 'person'] as const;
export type PlaceableKind = (typeof placeableKinds)[number];

export type Placeable = {
  kind: PlaceableKind;
  /** Span in the Arabic line (UTF-16). */
  start: number;
  end: number;
  /**
   * What makes two placeables the same: the digits of a number, the ISO value of a date, the
   * register entry (`entity:ID`) or normalized English of a unit or place, the register entry or
   * the normalized Arabic of a person.
   */
  value: string;
  /** ISO date (YYYY-MM-DD or YYYY-MM) for dates. */
  iso?: string;
  /** English forms known for it (register canonical form and aliases); empty for first-seen names. */
  forms: string[];
};

export type PlaceableContext = {
  engine: SuggestionEngine;
  /** How the engine reads the line: register entries left out (`hidden`), OCR-tolerant or not (`fuzzy`). */
  annotate?: Pick<AnnotateOptions, 'fuzzy' | 'hidden'>;
  /** English aliases of a register entry, besides its canonical form. */
  aliasesOf?: (entityId: number | string) => string[];
  /** Whether a normalized Arabic word is a given name (the romanizer's table, or learned from the memory). */
  isGivenName: (normalizedWord: string) => boolean;
};

const wordRe = /[\p{L}\p{N}]+/gu;
const numberRe = /\d+(?:[/.\-]\d+)*/g;

/**
 * Placeables of one Arabic line, in order, never overlapping. `previous` is the line before it
 * (a name introduced by المدعو at the end of one line starts the next).
 */
export function findPlaceables(text: string, ctx: PlaceableContext, previous?: string): Placeable[] {
  const out: Placeable[] = [];
  const free = (s: number, e: number) => !out.some((p) => s < p.end && p.start < e);
  for (const m of ctx.engine.annotate(text, { ...ctx.annotate, previous })) {
    if (m.type === 'date') {
      out.push({ kind: 'date', start: m.start, end: m.end, value: m.normalized!, iso: m.normalized!, forms: [] });
    } else if (m.type === 'unit' || m.type === 'place' || m.type === 'person') {
      const registered = m.entityId !== null && m.normalized;
      if (m.type !== 'person' && !m.normalized) continue;
      const value = registered ? `entity:${m.entityId}` : m.type === 'person' ? normalizeArabic(text.slice(m.start, m.end)) : m.normalized!;
      const forms = registered ? [m.normalized!, ...(ctx.aliasesOf?.(m.entityId!) ?? [])] : m.normalized ? [m.normalized] : [];
      out.push({ kind: m.type, start: m.start, end: m.end, value, forms });
    }
  }
  for (const p of givenNameStarts(text, ctx)) if (free(p.start, p.end)) out.push(p);
  const { normalized, toOriginal } = normalizeArabicWithMap(text);
  for (const m of normalized.matchAll(numberRe)) {
    const s = toOriginal[m.index]!;
    const e = toOriginal[m.index + m[0].length]!;
    // Digits glued to letters (a code such as 12ب) are part of a word, not a number.
    if (/\p{L}/u.test(normalized[m.index - 1] ?? '') || /\p{L}/u.test(normalized[m.index + m[0].length] ?? '')) continue;
    if (free(s, e)) out.push({ kind: 'number', start: s, end: e, value: m[0], forms: [] });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A known given name followed by more name words (غسان بن عادل الدباغ), where nothing else found a person. */
function givenNameStarts(text: string, ctx: PlaceableContext): Placeable[] {
  const words = [...text.matchAll(wordRe)].map((m) => ({ raw: m[0], norm: normalizeArabic(m[0]), s: m.index, e: m.index + m[0].length }));
  const out: Placeable[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    // على (on) folds to علي (Ali): the written alef maqsura says it is the preposition.
    if (w.raw.endsWith('ى') || !ctx.isGivenName(w.norm)) continue;
    let end = i + 1;
    while (end < words.length && end - i < 6) {
      const next = words[end]!;
      if (/\p{N}/u.test(next.norm) || isNameStop(next.norm) || next.raw.endsWith('ى') && next.norm === 'علي') break;
      // Only spaces between name words: punctuation ends the name.
      if (!/^[ \u00A0]+$/.test(text.slice(words[end - 1]!.e, next.s))) break;
      end++;
    }
    while (end > i + 1 && ['بن', 'بنت', 'ابن', 'عبد', 'ابو'].includes(words[end - 1]!.norm)) end--;
    if (end - i < 2) continue;
    const s = w.s;
    const e = words[end - 1]!.e;
    out.push({ kind: 'person', start: s, end: e, value: normalizeArabic(text.slice(s, e)), forms: [] });
    i = end - 1;
  }
  return out;
}

// ——— the English side ———

export type Span = { start: number; end: number };

/**
 * Where each Arabic placeable is rendered in the English translation (null where it cannot be
 * found: the entry then keeps that value fixed). Dates are matched by ISO value in any English
 * spelling, numbers by their digits, register entries by their English forms, first-seen names
 * by the romanizer's consonant skeleton (غسان بن عادل الدباغ ~ Ghassan bin Adel al-Dabbagh).
 */
export function alignPlaceables(arabic: string, english: string, placeables: Placeable[]): Array<Span | null> {
  const used: Span[] = [];
  const take = (candidates: Span[]) => {
    const free = candidates.find((c) => !used.some((u) => c.start < u.end && u.start < c.end));
    if (free) used.push(free);
    return free ?? null;
  };
  const spans: Array<Span | null> = placeables.map(() => null);
  // Dates first (their digits must not be taken for numbers), then register forms, names, numbers.
  const order = [...placeables.keys()].sort((a, b) => rank(placeables[a]!.kind) - rank(placeables[b]!.kind));
  const dates = findEnglishDates(english);
  for (const i of order) {
    const p = placeables[i]!;
    if (p.kind === 'date') spans[i] = take(dates.filter((d) => d.iso === p.iso));
    else if (p.kind === 'number') spans[i] = take(numberSpans(english, p.value));
    else if (p.forms.length) spans[i] = take(findForms(english, p.forms));
    if (!spans[i] && p.kind === 'person') spans[i] = take(nameSpans(arabic.slice(p.start, p.end), english));
  }
  return spans;
}

const rank = (k: PlaceableKind) => ({ date: 0, unit: 1, place: 1, person: 2, number: 3 })[k];

function numberSpans(english: string, digits: string): Span[] {
  const out: Span[] = [];
  for (let i = english.indexOf(digits); i >= 0; i = english.indexOf(digits, i + 1)) {
    if (/\d/.test(english[i - 1] ?? '') || /\d/.test(english[i + digits.length] ?? '')) continue;
    out.push({ start: i, end: i + digits.length });
  }
  return out;
}

const englishWordRe = /[\p{L}\p{M}'’-]+/gu;

/**
 * Windows of English words whose consonant skeletons match the Arabic name's words, best first.
 * At least half the Arabic words (and the first or last) must be found, in order.
 */
export function nameSpans(arabicName: string, english: string): Span[] {
  const arabicKeys = arabicName.split(/\s+/).map(arabicWordKey).filter(Boolean);
  if (arabicKeys.length === 0) return [];
  const words = [...english.matchAll(englishWordRe)].map((m) => ({
    s: m.index,
    e: m.index + m[0].length,
    key: m[0]
      .split('-')
      .map(romanizedWordKey)
      .filter(Boolean)
      .join(''),
  }));
  const scored: Array<Span & { score: number }> = [];
  for (let a = 0; a < words.length; a++) {
    for (let len = Math.max(1, arabicKeys.length - 1); len <= arabicKeys.length + 1 && a + len <= words.length; len++) {
      const window = words.slice(a, a + len);
      let matched = 0;
      let unmatched = 0;
      let lastMatched = false;
      let k = 0;
      for (const w of window) {
        // `Abdullah` renders two Arabic words (عبد الله).
        const joined = k + 1 < arabicKeys.length ? arabicKeys[k]! + arabicKeys[k + 1]! : null;
        lastMatched = true;
        if (joined && similarKey(w.key, joined)) {
          matched += 2;
          k += 2;
        } else if (k < arabicKeys.length && similarKey(w.key, arabicKeys[k]!)) {
          matched++;
          k++;
        } else if (k + 1 < arabicKeys.length && similarKey(w.key, arabicKeys[k + 1]!)) {
          matched++;
          k += 2;
        } else {
          unmatched++;
          lastMatched = false;
        }
      }
      const first = similarKey(window[0]!.key, arabicKeys[0]!) || similarKey(window[0]!.key, arabicKeys[0]! + (arabicKeys[1] ?? ''));
      // A name's English starts and ends with one of its words: "in" after it is not part of it.
      if (matched * 2 >= arabicKeys.length && first && lastMatched && matched >= Math.min(2, arabicKeys.length)) {
        scored.push({ start: window[0]!.s, end: window[window.length - 1]!.e, score: matched - unmatched * 0.5 });
      }
    }
  }
  return scored.sort((x, y) => y.score - x.score || x.start - y.start);
}

/** Equal skeletons, or one edit apart when both have three letters or more. */
function similarKey(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < 3 || b.length < 3 || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const restA = a.slice(i + 1);
  const restB = b.slice(i + 1);
  return restA === restB || a.slice(i) === restB || restA === b.slice(i);
}

// ——— dates in the memory's English style ———

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export type DateStyle =
  | { kind: 'dmy-words'; padDay: boolean; ordinal: boolean; short: boolean; of: boolean }
  | { kind: 'mdy-words'; padDay: boolean; short: boolean }
  | { kind: 'numeric'; separator: string; padDay: boolean; padMonth: boolean }
  | { kind: 'iso' }
  | { kind: 'month-year'; short: boolean };

const defaultStyle: DateStyle = { kind: 'dmy-words', padDay: false, ordinal: false, short: false, of: false };

/**
 * How an English date is written (`4 May 2016`, `May 4, 2016`, `04/05/2016`, `2016-05-04`,
 * `May 2016`). A day is zero-padded only where the span shows it (a day of 10 or more cannot tell).
 */
export function dateStyleOf(span: string): DateStyle {
  const s = span.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return { kind: 'iso' };
  let m = /^(\d{1,2})([/.\-])(\d{1,2})\2\d{4}$/.exec(s);
  if (m) return { kind: 'numeric', separator: m[2]!, padDay: m[1]!.startsWith('0') || (m[1]!.length === 2 && m[3]!.startsWith('0')), padMonth: m[3]!.startsWith('0') || (m[3]!.length === 2 && m[1]!.startsWith('0')) };
  m = /^(\d{1,2})(st|nd|rd|th)?\s+(of\s+)?([A-Za-z]+)\.?,?\s+\d{4}$/.exec(s);
  if (m) return { kind: 'dmy-words', padDay: m[1]!.startsWith('0'), ordinal: Boolean(m[2]), short: isShort(m[4]!), of: Boolean(m[3]) };
  m = /^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+\d{4}$/.exec(s);
  if (m) return { kind: 'mdy-words', padDay: m[2]!.startsWith('0'), short: isShort(m[1]!) };
  m = /^([A-Za-z]+)\.?\s+\d{4}$/.exec(s);
  if (m) return { kind: 'month-year', short: isShort(m[1]!) };
  return defaultStyle;
}

/** `Sep`, `Sept` are abbreviations; `May`, `June`, `July` are whole names. */
const isShort = (word: string) => word.length <= 4 && !monthNames.includes(word);
const ordinal = (d: number) => (d % 10 === 1 && d !== 11 ? 'st' : d % 10 === 2 && d !== 12 ? 'nd' : d % 10 === 3 && d !== 13 ? 'rd' : 'th');
const pad2 = (n: number) => String(n).padStart(2, '0');

/** An ISO date (`YYYY-MM-DD`, or `YYYY-MM`) written in a style; the default is `4 May 2016`. */
export function renderDate(iso: string, style: DateStyle = defaultStyle): string {
  const [y, mo, d] = iso.split('-').map(Number) as [number, number, number | undefined];
  const month = (short: boolean) => (short ? monthNames[mo - 1]!.slice(0, 3) : monthNames[mo - 1]!);
  if (d === undefined) return `${style.kind === 'month-year' || style.kind === 'dmy-words' || style.kind === 'mdy-words' ? month('short' in style && style.short) : monthNames[mo - 1]} ${y}`;
  switch (style.kind) {
    case 'iso':
      return iso;
    case 'numeric':
      return `${style.padDay ? pad2(d) : d}${style.separator}${style.padMonth ? pad2(mo) : mo}${style.separator}${y}`;
    case 'mdy-words':
      return `${month(style.short)} ${style.padDay ? pad2(d) : d}, ${y}`;
    case 'month-year':
      return `${d} ${month(style.short)} ${y}`;
    default:
      return `${style.padDay ? pad2(d) : d}${style.ordinal ? ordinal(d) : ''} ${style.of ? 'of ' : ''}${month(style.short)} ${y}`;
  }
}

/** A number as the English side writes it: the same digits, Latin. */
export const renderNumber = (value: string) => value;
