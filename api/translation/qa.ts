/**
 * Quality checks on translated lines, the checks CAT tools run (number and date mismatches,
 * terminology, consistency) plus what this project knows (tagged entities, suggestions not yet
 * confirmed). `checkLine` is pure; `documentQa` gathers what it needs for a document.
 *
 * Errors block certification unless the certifier overrides them (audited); warnings are shown.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { distance } from 'fastest-levenshtein';
import type { Executor } from '../../db/client';
import { listSegments } from '../../db/queries/segments';
import { confirmedTranslationsOf } from '../../db/queries/translation-memory';
import { entities, mentions } from '../../db/schema';
import { normalizeArabic, normalizeArabicWithMap } from '../text/arabic';
import { findDates } from '../text/dates';
import { findEnglishDates, findForms } from '../text/english';
import { findTerms, rendersTerm, termsForCollection, type Term } from './termbase';

export const qaChecks = ['empty_translation', 'suggested', 'number_missing', 'date_missing', 'number_added', 'date_added', 'entity_missing', 'term_mismatch', 'inconsistent'] as const;
export type QaCheck = (typeof qaChecks)[number];
/**
 * One finding. `check` and `params` are for clients to word it in their language (the web app's
 * `qa.<check>` strings); `message` is the same in English, for API clients that show it as is.
 * `params` by check: date_missing `{ date, iso }` (the Arabic as written, its ISO value);
 * number_missing `{ number }`; date_added `{ date, iso }` (the English as written, its ISO value);
 * number_added `{ number }` (Latin digits, as in the English); entity_missing `{ name, english }` (the tagged Arabic, the entry's
 * English form); term_mismatch `{ term, english }`; inconsistent `{ translations }` (up to three
 * other translations, joined by "; "); none for the others.
 */
export type QaIssue = { check: QaCheck; severity: 'error' | 'warning'; segmentId: number; message: string; params: Record<string, string | number>; expected?: string };

const errorChecks = new Set<QaCheck>(['empty_translation', 'suggested', 'number_missing', 'date_missing', 'number_added', 'date_added', 'entity_missing']);

/** The English wording of each check, `{{param}}` filled from `params` (web/locales/en.json says the same). */
export const qaEnglishMessages: Record<QaCheck, string> = {
  empty_translation: 'The line has no translation.',
  suggested: 'The translation was suggested by the translation memory and no one has confirmed it.',
  date_missing: 'The date {{date}} ({{iso}}) is missing or different in the translation.',
  number_missing: 'The number {{number}} is missing or different in the translation.',
  date_added: 'The date {{date}} ({{iso}}) in the translation is not in the Arabic.',
  number_added: 'The number {{number}} in the translation is not in the Arabic.',
  entity_missing: '“{{name}}” is tagged as {{english}}, which the translation does not name.',
  term_mismatch: 'The term “{{term}}” is rendered otherwise; the termbase says “{{english}}”.',
  inconsistent: 'The same Arabic is translated differently elsewhere in this collection: “{{translations}}”.',
};

const issue = (segmentId: number, check: QaCheck, params: Record<string, string | number> = {}, expected?: string): QaIssue => ({
  check,
  severity: errorChecks.has(check) ? 'error' : 'warning',
  segmentId,
  message: qaEnglishMessages[check].replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? '')),
  params,
  expected,
});

export type LineForQa = { id: number; text: string; translation: string; status: string };
export type QaContext = {
  /** Accepted tags on the line's Arabic that name a register entry, with its English forms. */
  tags?: Array<{ start: number; end: number; forms: string[] }>;
  terms?: Term[];
  /** Other confirmed translations of the same Arabic in the collection. */
  otherTranslations?: string[];
};

/** Numbers (digit runs, either digit set) of a text outside the given spans. */
function numbersOf(text: string, outside: Array<{ start: number; end: number }>): string[] {
  const { normalized, toOriginal } = normalizeArabicWithMap(text);
  const out: string[] = [];
  for (const m of normalized.matchAll(/\d+/g)) {
    const s = toOriginal[m.index]!;
    if (outside.some((o) => s >= o.start && s < o.end)) continue;
    out.push(String(Number(m[0])));
  }
  return out;
}

/** Removes from `values` the first that `fits`; whether there was one. */
function takeClose<T>(values: T[], fits: (v: T) => boolean): boolean {
  const i = values.findIndex(fits);
  if (i >= 0) values.splice(i, 1);
  return i >= 0;
}

/** A number typed for another: one digit changed, added or dropped (7731 for 7730), or the same digits reordered (6210 for 6120). */
function closeNumbers(a: string, b: string): boolean {
  const sorted = (s: string) => [...s].sort().join('');
  return distance(a, b) <= 1 || sorted(a) === sorted(b);
}

/**
 * A date written for another (ISO `YYYY-MM-DD` or `YYYY-MM`): one of year, month and day changed,
 * day and month swapped, or the same month written without its day.
 */
function closeDates(a: string, b: string): boolean {
  const [ya, ma, da] = a.split('-');
  const [yb, mb, db] = b.split('-');
  if (da === undefined || db === undefined) return ya === yb && ma === mb;
  const changed = Number(ya !== yb) + Number(ma !== mb) + Number(da !== db);
  return changed <= 1 || (ya === yb && ma === db && da === mb);
}

export function checkLine(line: LineForQa, ctx: QaContext = {}): QaIssue[] {
  const out: QaIssue[] = [];
  if (!line.text.trim()) return out;
  if (!line.translation.trim()) return [issue(line.id, 'empty_translation')];
  if (line.status === 'suggested') out.push(issue(line.id, 'suggested'));

  // Each value of the Arabic takes its own in the English; an Arabic value left over is missing or
  // different, and takes along an English value left over that looks like a slip of it (see
  // `closeNumbers`, `closeDates`): one finding for one mistake. What the English has beyond that is
  // added. Numbers inside dates are checked as dates, on both sides.
  const dates = findDates(line.text);
  const englishDates = findEnglishDates(line.translation);
  const datesLeft = englishDates.filter((e) => !dates.some((d) => d.iso === e.iso));
  for (const d of dates) {
    if (englishDates.some((e) => e.iso === d.iso)) continue;
    takeClose(datesLeft, (e) => closeDates(d.iso, e.iso));
    out.push(issue(line.id, 'date_missing', { date: line.text.slice(d.start, d.end), iso: d.iso }, d.iso));
  }
  for (const e of datesLeft) out.push(issue(line.id, 'date_added', { date: line.translation.slice(e.start, e.end), iso: e.iso }, e.iso));
  const numbersLeft = numbersOf(line.translation, englishDates);
  const numbersMissing: string[] = [];
  for (const n of numbersOf(line.text, dates)) {
    if (!takeClose(numbersLeft, (e) => e === n)) numbersMissing.push(n);
  }
  for (const n of numbersMissing) {
    takeClose(numbersLeft, (e) => closeNumbers(n, e));
    out.push(issue(line.id, 'number_missing', { number: n }, n));
  }
  for (const n of numbersLeft) out.push(issue(line.id, 'number_added', { number: n }, n));
  for (const tag of ctx.tags ?? []) {
    if (tag.forms.length && findForms(line.translation, tag.forms).length === 0) {
      out.push(issue(line.id, 'entity_missing', { name: line.text.slice(tag.start, tag.end), english: tag.forms[0]! }, tag.forms[0]));
    }
  }
  for (const t of findTerms(line.text, ctx.terms ?? [])) {
    if (!rendersTerm(line.translation, t)) out.push(issue(line.id, 'term_mismatch', { term: t.source, english: t.targets[0]! }, t.targets[0]));
  }
  const others = [...new Set((ctx.otherTranslations ?? []).map((t) => t.trim()).filter((t) => t && t !== line.translation.trim()))];
  if (others.length) out.push(issue(line.id, 'inconsistent', { translations: others.slice(0, 3).join('; ') }, others[0]));
  return out;
}

/** Every issue of a document's lines, in reading order. */
export async function documentQa(db: Executor, doc: { id: number; collectionId: number }): Promise<QaIssue[]> {
  const lines = await listSegments(db, doc.id);
  const terms = await termsForCollection(db, doc.collectionId);
  const tagRows = await db
    .select({ segmentId: mentions.segmentId, start: mentions.startOffset, end: mentions.endOffset, canonicalEn: entities.canonicalEn, aliasesEn: entities.aliasesEn })
    .from(mentions)
    .innerJoin(entities, eq(entities.id, mentions.entityId))
    .where(and(eq(mentions.documentId, doc.id), eq(mentions.field, 'text'), eq(mentions.status, 'accepted'), inArray(entities.kind, ['person', 'unit', 'place'])));
  const norms = [...new Set(lines.filter((l) => l.text.trim()).map((l) => normalizeArabic(l.text)))];
  const confirmed = await confirmedTranslationsOf(db, doc.collectionId, norms);
  const out: QaIssue[] = [];
  for (const line of lines) {
    const norm = normalizeArabic(line.text);
    out.push(
      ...checkLine(line, {
        tags: tagRows.filter((t) => t.segmentId === line.id).map((t) => ({ start: t.start, end: t.end, forms: [t.canonicalEn, ...t.aliasesEn].filter(Boolean) })),
        terms,
        otherTranslations: confirmed.filter((c) => c.id !== line.id && c.textNorm === norm).map((c) => c.translation),
      }),
    );
  }
  return out;
}

export const qaErrors = (issues: QaIssue[]) => issues.filter((i) => i.severity === 'error');
