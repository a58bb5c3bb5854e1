/**
 * The English side of a tag: finding, in a line's translation, the span that renders an Arabic
 * tag (an entity's English forms, or the same date written in English), so the editor can
 * underline both lines. Pure; offsets are UTF-16 code units into the translation.
 */
import { gregorianIso } from './dates';

const months = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const monthOf = (word: string): number | null => {
  const w = word.toLowerCase().replace(/\.$/, '');
  const i = months.findIndex((m) => m === w || (w.length >= 3 && m.startsWith(w) && (w.length === 3 || w === 'sept')));
  return i < 0 ? null : i + 1;
};
const monthWord = '([A-Za-z]{3,9}\\.?)';
const b = '(?<![\\p{L}\\p{N}])';
const a = '(?![\\p{L}\\p{N}])';
const dayMonthYear = new RegExp(`${b}(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${monthWord},?\\s+(\\d{4})${a}`, 'gu');
const monthDayYear = new RegExp(`${b}${monthWord}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${a}`, 'gu');
const numeric = new RegExp(`${b}(\\d{1,2})[/.\\-](\\d{1,2})[/.\\-](\\d{4})${a}`, 'gu');
const isoRe = new RegExp(`${b}(\\d{4})-(\\d{2})-(\\d{2})${a}`, 'gu');
const monthYear = new RegExp(`${b}${monthWord}\\s+(\\d{4})${a}`, 'gu');

export type EnglishDate = { start: number; end: number; iso: string };

/** Dates written in English: `4 May 2016`, `May 4, 2016`, `04/05/2016` (day first), ISO, and `May 2016` (partial). */
export function findEnglishDates(text: string): EnglishDate[] {
  const found: EnglishDate[] = [];
  const add = (m: RegExpExecArray, iso: string | null) => {
    if (iso) found.push({ start: m.index, end: m.index + m[0].length, iso });
  };
  for (const m of text.matchAll(dayMonthYear)) {
    const month = monthOf(m[2]!);
    add(m, month ? gregorianIso(Number(m[3]), month, Number(m[1])) : null);
  }
  for (const m of text.matchAll(monthDayYear)) {
    const month = monthOf(m[1]!);
    add(m, month ? gregorianIso(Number(m[3]), month, Number(m[2])) : null);
  }
  for (const m of text.matchAll(numeric)) add(m, gregorianIso(Number(m[3]), Number(m[2]), Number(m[1])));
  for (const m of text.matchAll(isoRe)) add(m, gregorianIso(Number(m[1]), Number(m[2]), Number(m[3])));
  for (const m of text.matchAll(monthYear)) {
    const month = monthOf(m[1]!);
    // `31 February 2016` is not a date, and not February 2016 either.
    if (month && !/\d(?:st|nd|rd|th)?\s+(?:of\s+)?$/.test(text.slice(0, m.index))) add(m, `${m[2]}-${String(month).padStart(2, '0')}`);
  }
  found.sort((x, y) => x.start - y.start || y.end - y.start - (x.end - x.start));
  const out: EnglishDate[] = [];
  for (const f of found) if (!out.some((o) => f.start < o.end && o.start < f.end)) out.push(f);
  return out;
}

/** Every whole-word, case-insensitive occurrence of any of `forms`, longest form first at each place. */
export function findForms(text: string, forms: string[]): Array<{ start: number; end: number }> {
  const lower = text.toLowerCase();
  const hits: Array<{ start: number; end: number }> = [];
  for (const form of [...new Set(forms.map((f) => f.trim()).filter(Boolean))].sort((x, y) => y.length - x.length)) {
    const f = form.toLowerCase();
    for (let i = lower.indexOf(f); i >= 0; i = lower.indexOf(f, i + 1)) {
      const before = i === 0 ? '' : lower[i - 1]!;
      const after = lower[i + f.length] ?? '';
      if (/[\p{L}\p{N}]/u.test(before) || /[\p{L}\p{N}]/u.test(after)) continue;
      if (!hits.some((h) => i < h.end && h.start < i + f.length)) hits.push({ start: i, end: i + f.length });
    }
  }
  return hits.sort((x, y) => x.start - y.start);
}

export type ArabicTag = { key: number; kind: string; entityId: number | null; normalized: string | null; forms: string[] };

/**
 * For each Arabic tag (in reading order), the first unused span of the translation that renders
 * it: the same ISO date for dates, one of the entity's English forms otherwise. Tags without a
 * rendering are left out; spans never overlap each other or `taken`.
 */
export function pairInTranslation(translation: string, tags: ArabicTag[], taken: Array<{ start: number; end: number }> = []) {
  const used = [...taken];
  const dates = findEnglishDates(translation);
  const out: Array<{ key: number; start: number; end: number }> = [];
  for (const tag of tags) {
    const candidates = tag.kind === 'date' ? dates.filter((d) => d.iso === tag.normalized) : findForms(translation, tag.forms);
    const free = candidates.find((c) => !used.some((u) => c.start < u.end && u.start < c.end));
    if (!free) continue;
    used.push(free);
    out.push({ key: tag.key, start: free.start, end: free.end });
  }
  return out;
}
