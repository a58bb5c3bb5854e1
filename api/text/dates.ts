/**
 * Dates in Arabic text → ISO values (DESIGN.md, "Arabic text conventions").
 *
 * Spellings found in the archive: `05/03/2016` with Latin, Arabic-Indic or Persian digits (day
 * first, as Syrian administration writes them; year first too: `2016/03/05`), separated by / - or
 * . , with an era marker glued on or spaced (`13/12/1996م`, `١٤٤٠/٠٧/٢٦ هـ`: a Hijri marker makes
 * a numeric date Hijri, in either order), Levantine month names (`5 آذار 2016`, كانون الثاني …
 * كانون الأول), the Egyptian/Gulf names (`5 مارس 2016`), and Hijri dates (`12 رمضان 1437 هـ`),
 * converted with `@internationalized/date`'s Umm al-Qura calendar (the calendar of printed Hijri
 * dates; it gives 12 Ramadan 1437 = 2016-06-17). A month and year without a day is kept partial
 * (`2016-03`), never padded to a made-up day.
 *
 * Matching runs on the output of the one normalizer (`normalizeArabicWithMap`), so hamza,
 * ta marbuta, tatweel, diacritics and both digit sets are already folded; the map gives the
 * offsets back in the original text (UTF-16).
 */
import { distance } from 'fastest-levenshtein';
import { CalendarDate, GregorianCalendar, IslamicUmalquraCalendar, toCalendar } from '@internationalized/date';
import { normalizeArabic, normalizeArabicWithMap } from './arabic';

export type DateValue = {
  /** `YYYY-MM-DD`, or `YYYY-MM` when the text names no day. Always Gregorian. */
  iso: string;
  precision: 'day' | 'month';
  calendar: 'gregorian' | 'hijri';
};

export type DateMatch = DateValue & { start: number; end: number };

/** Month names as written (before normalization), month number. */
const gregorianMonthNames: Array<[string, number]> = [
  ['كانون الثاني', 1],
  ['شباط', 2],
  ['آذار', 3],
  ['نيسان', 4],
  ['أيار', 5],
  ['حزيران', 6],
  ['تموز', 7],
  ['آب', 8],
  ['أيلول', 9],
  ['تشرين الأول', 10],
  ['تشرين الثاني', 11],
  ['كانون الأول', 12],
  ['يناير', 1],
  ['كانون ثاني', 1],
  ['فبراير', 2],
  ['شباط', 2],
  ['مارس', 3],
  ['أبريل', 4],
  ['إبريل', 4],
  ['مايو', 5],
  ['يونيو', 6],
  ['يونيه', 6],
  ['يوليو', 7],
  ['يوليه', 7],
  ['أغسطس', 8],
  ['آغسطس', 8],
  ['سبتمبر', 9],
  ['أكتوبر', 10],
  ['اكتوبر', 10],
  ['تشرين أول', 10],
  ['نوفمبر', 11],
  ['تشرين ثاني', 11],
  ['ديسمبر', 12],
  ['كانون أول', 12],
];

const hijriMonthNames: Array<[string, number]> = [
  ['محرم', 1],
  ['صفر', 2],
  ['ربيع الأول', 3],
  ['ربيع أول', 3],
  ['ربيع الآخر', 4],
  ['ربيع الثاني', 4],
  ['ربيع ثاني', 4],
  ['جمادى الأولى', 5],
  ['جمادى الأول', 5],
  ['جمادى الآخرة', 6],
  ['جمادى الثانية', 6],
  ['جمادى الآخر', 6],
  ['رجب', 7],
  ['شعبان', 8],
  ['رمضان', 9],
  ['شوال', 10],
  ['ذو القعدة', 11],
  ['ذي القعدة', 11],
  ['ذو الحجة', 12],
  ['ذي الحجة', 12],
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Normalized names, longest first so `كانون الثاني` wins over a shorter prefix. */
const monthAlternation = (names: Array<[string, number]>) =>
  [...new Set(names.map(([n]) => normalizeArabic(n)))]
    .sort((a, b) => b.length - a.length)
    .map((n) => escape(n).replace(/ /g, '\\s+'))
    .join('|');
const monthNumber = (names: Array<[string, number]>) => {
  const m = new Map<string, number>();
  for (const [n, k] of names) m.set(normalizeArabic(n), k);
  return (written: string) => m.get(written.replace(/\s+/g, ' ')) ?? null;
};
const gregorianMonth = monthNumber(gregorianMonthNames);
const monthWords = new Set([...gregorianMonthNames, ...hijriMonthNames].flatMap(([n]) => normalizeArabic(n).split(' ')));
/**
 * Whether a normalized word is a month name or part of one (`نيسان`, `كانون`, `الثاني`), so a
 * date the parser cannot read (`3 نيسان`, no year) is still kept whole where it is copied as written.
 */
export const isMonthNameWord = (normalizedWord: string) => monthWords.has(normalizedWord);
const hijriMonth = monthNumber(hijriMonthNames);

/** Not preceded/followed by another letter or digit: dates are whole words. */
const before = '(?<![\\p{L}\\p{N}])';
const after = '(?![\\p{L}\\p{N}])';
const hijriSuffix = '(?:\\s*(?:هـ|ه|هجري|هجريه|للهجره)' + after + ')';
const gregorianSuffix = '(?:\\s*(?:م|ميلادي|ميلاديه|للميلاد)' + after + ')';
/** An era marker after a numeric date, glued (`1996م`, `1440هـ`) or spaced; group `h` when Hijri. */
const eraMarker = `(?:\\s*(?:(?<g>م|ميلادي|ميلاديه|للميلاد)|(?<h>ه|هجري|هجريه|للهجره)))?${after}`;

/** Day first: `13/12/1996`, `١٧/٠٧/١٩٩٦م`, `26-07-1440 هـ`; one separator (/ - .) throughout. */
const numericRe = new RegExp(`${before}(\\d{1,2})\\s*([/\\-.])\\s*(\\d{1,2})\\s*\\2\\s*(\\d{4})${eraMarker}`, 'gu');
/** Year first: `2016-03-05`, `1440/07/26 هـ`. */
const yearFirstRe = new RegExp(`${before}(\\d{4})\\s*([/\\-.])\\s*(\\d{1,2})\\s*\\2\\s*(\\d{1,2})${eraMarker}`, 'gu');
const monthYearNumericRe = new RegExp(`${before}(?<![\\p{N}]\\s*[/\\-.]\\s*)(\\d{1,2})\\s*/\\s*(\\d{4})(?![\\s]*[/\\-.]\\s*\\d)${eraMarker}`, 'gu');
const namedRe = new RegExp(
  `${before}(?:(\\d{1,2})\\s+)?(${monthAlternation(gregorianMonthNames)})(?:\\s*\\(\\s*\\d{1,2}\\s*\\))?\\s+(?:(?:عام|سنه|لعام|من\\s+عام)\\s+)?(\\d{4})${gregorianSuffix}?${after}`,
  'gu',
);
const hijriRe = new RegExp(
  `${before}(?:(\\d{1,2})\\s+)?(${monthAlternation(hijriMonthNames)})\\s+(?:(?:عام|سنه|لعام)\\s+)?(\\d{4})${hijriSuffix}?${after}`,
  'gu',
);

const fuzzyNamedRe = new RegExp(`${before}(\\d{1,2})\\s+(\\p{L}+(?:\\s+\\p{L}+)?)\\s+(\\d{4})${hijriSuffix}?${after}`, 'gu');
const monthNames = [
  ...gregorianMonthNames.map(([name, month]) => ({ name: normalizeArabic(name), month, hijri: false })),
  ...hijriMonthNames.map(([name, month]) => ({ name: normalizeArabic(name), month, hijri: true })),
].filter((m) => m.name.length >= 4);
function fuzzyMonth(word: string) {
  const w = word.replace(/\s+/g, ' ');
  const close = monthNames.filter((m) => Math.abs(m.name.length - w.length) <= 1 && distance(m.name, w) <= 1);
  // Ambiguous (one edit from two different months) is not a date.
  return new Set(close.map((c) => `${c.hijri}:${c.month}`)).size === 1 ? close[0]! : null;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** Years outside this window are not dates in these archives (reference numbers, counts). */
const plausibleYear = (y: number) => y >= 1900 && y <= 2100;

export function gregorianIso(year: number, month: number, day: number): string | null {
  if (!plausibleYear(year) || month < 1 || month > 12 || day < 1) return null;
  const d = new CalendarDate(year, month, day);
  if (d.day !== day || day > new GregorianCalendar().getDaysInMonth(d)) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** A Hijri (Umm al-Qura) day → ISO Gregorian day. */
export function hijriToIso(year: number, month: number, day: number): string | null {
  if (year < 1300 || year > 1520 || month < 1 || month > 12 || day < 1) return null;
  const calendar = new IslamicUmalquraCalendar();
  const h = new CalendarDate(calendar, year, month, day);
  if (day > calendar.getDaysInMonth(h)) return null;
  return toCalendar(h, new GregorianCalendar()).toString();
}

/** A Hijri month → the Gregorian month its first day falls in (partial dates stay partial). */
function hijriMonthToIso(year: number, month: number): string | null {
  const first = hijriToIso(year, month, 1);
  return first ? first.slice(0, 7) : null;
}

/**
 * Every date in `text` (NFC, as stored text is), with UTF-16 offsets into `text` and its ISO
 * value. Overlaps are resolved in favour of the earlier, then longer (more specific) match.
 */
export function findDates(text: string): DateMatch[] {
  const { normalized, toOriginal } = normalizeArabicWithMap(text);
  const found: Array<DateValue & { s: number; e: number }> = [];
  const add = (m: RegExpExecArray, value: DateValue | null) => {
    if (value) found.push({ ...value, s: m.index, e: m.index + m[0].length });
  };

  // Numeric dates: Gregorian unless a Hijri era marker follows (then Umm al-Qura); a year outside
  // the calendar's plausible range is a reference number, not a date.
  const numeric = (m: RegExpExecArray, year: number, month: number, day: number) => {
    if (m.groups?.h) {
      const iso = hijriToIso(year, month, day);
      return iso ? ({ iso, precision: 'day', calendar: 'hijri' } as const) : null;
    }
    const iso = gregorianIso(year, month, day);
    return iso ? ({ iso, precision: 'day', calendar: 'gregorian' } as const) : null;
  };
  for (const m of normalized.matchAll(numericRe)) add(m, numeric(m, Number(m[4]), Number(m[3]), Number(m[1])));
  for (const m of normalized.matchAll(yearFirstRe)) add(m, numeric(m, Number(m[1]), Number(m[3]), Number(m[4])));
  for (const m of normalized.matchAll(namedRe)) {
    const month = gregorianMonth(m[2]!);
    const year = Number(m[3]);
    if (!month) continue;
    if (m[1]) {
      const iso = gregorianIso(year, month, Number(m[1]));
      add(m, iso ? { iso, precision: 'day', calendar: 'gregorian' } : null);
    } else if (plausibleYear(year)) {
      add(m, { iso: `${pad(year, 4)}-${pad(month)}`, precision: 'month', calendar: 'gregorian' });
    }
  }
  for (const m of normalized.matchAll(hijriRe)) {
    const month = hijriMonth(m[2]!);
    const year = Number(m[3]);
    if (!month) continue;
    // Without the هـ suffix a bare `رجب 1437` is still Hijri: the month name says so.
    if (m[1]) {
      const iso = hijriToIso(year, month, Number(m[1]));
      add(m, iso ? { iso, precision: 'day', calendar: 'hijri' } : null);
    } else {
      const iso = hijriMonthToIso(year, month);
      add(m, iso ? { iso, precision: 'month', calendar: 'hijri' } : null);
    }
  }
  for (const m of normalized.matchAll(monthYearNumericRe)) {
    const month = Number(m[1]);
    const year = Number(m[2]);
    if (month < 1 || month > 12) continue;
    if (m.groups?.h) {
      const iso = hijriMonthToIso(year, month);
      if (iso) add(m, { iso, precision: 'month', calendar: 'hijri' });
    } else if (plausibleYear(year)) add(m, { iso: `${year}-${pad(month)}`, precision: 'month', calendar: 'gregorian' });
  }

  // OCR-damaged month names (نيساب for نيسان): a word one edit away from a month name of four
  // or more letters, between a day and a year, is that month. Only where nothing exact matched.
  for (const m of normalized.matchAll(fuzzyNamedRe)) {
    if (found.some((f) => f.s < m.index + m[0].length && m.index < f.e)) continue;
    const hit = fuzzyMonth(m[2]!);
    if (!hit) continue;
    const iso = hit.hijri ? hijriToIso(Number(m[3]), hit.month, Number(m[1])) : gregorianIso(Number(m[3]), hit.month, Number(m[1]));
    add(m, iso ? { iso, precision: 'day', calendar: hit.hijri ? 'hijri' : 'gregorian' } : null);
  }

  found.sort((a, b) => a.s - b.s || b.e - b.s - (a.e - a.s));
  const out: DateMatch[] = [];
  let lastEnd = -1;
  for (const f of found) {
    if (f.s < lastEnd) continue;
    lastEnd = f.e;
    // toOriginal[f.e] is where the next kept character starts: trailing tatweel/marks stay inside.
    out.push({ iso: f.iso, precision: f.precision, calendar: f.calendar, start: toOriginal[f.s]!, end: toOriginal[f.e]! });
  }
  return out;
}

/** The first date in a piece of text (e.g. a tagged span), or null. */
export function parseDate(text: string): DateValue | null {
  const [m] = findDates(text);
  return m ? { iso: m.iso, precision: m.precision, calendar: m.calendar } : null;
}
