/**
 * Quality checks on translated lines, the checks CAT tools run (number and date mismatches,
 * terminology, consistency) plus what this project knows (tagged entities, suggestions not yet
 * confirmed). `checkLine` is pure; `documentQa` gathers what it needs for a document.
 *
 * Errors block certification unless the certifier overrides them (audited); warnings are shown.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { listSegments } from '../../db/queries/segments';
import { confirmedTranslationsOf } from '../../db/queries/translation-memory';
import { entities, mentions } from '../../db/schema';
import { normalizeArabic, normalizeArabicWithMap } from '../text/arabic';
import { findDates } from '../text/dates';
import { findEnglishDates, findForms } from '../text/english';
import { findTerms, rendersTerm, termsForCollection, type Term } from './termbase';

export const qaChecks = ['empty_translation', 'suggested', 'number_missing', 'date_missing', 'entity_missing', 'term_mismatch', 'inconsistent'] as const;
export type QaCheck = (typeof qaChecks)[number];
export type QaIssue = { check: QaCheck; severity: 'error' | 'warning'; segmentId: number; message: string; expected?: string };

const errorChecks = new Set<QaCheck>(['empty_translation', 'suggested', 'number_missing', 'date_missing', 'entity_missing']);
const issue = (segmentId: number, check: QaCheck, message: string, expected?: string): QaIssue => ({ check, severity: errorChecks.has(check) ? 'error' : 'warning', segmentId, message, expected });

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

export function checkLine(line: LineForQa, ctx: QaContext = {}): QaIssue[] {
  const out: QaIssue[] = [];
  if (!line.text.trim()) return out;
  if (!line.translation.trim()) return [issue(line.id, 'empty_translation', 'The line has no translation.')];
  if (line.status === 'suggested') out.push(issue(line.id, 'suggested', 'The translation was suggested by the translation memory and no one has confirmed it.'));

  const dates = findDates(line.text);
  const englishDates = findEnglishDates(line.translation);
  for (const d of dates) {
    if (englishDates.some((e) => e.iso === d.iso)) continue;
    out.push(issue(line.id, 'date_missing', `The date ${line.text.slice(d.start, d.end)} (${d.iso}) is missing or different in the translation.`, d.iso));
  }
  // Numbers inside dates are checked as dates; the English side's date digits do not count as numbers either.
  const english = new Map<string, number>();
  for (const n of numbersOf(line.translation, englishDates)) english.set(n, (english.get(n) ?? 0) + 1);
  for (const n of numbersOf(line.text, dates)) {
    const left = english.get(n) ?? 0;
    if (left > 0) english.set(n, left - 1);
    else out.push(issue(line.id, 'number_missing', `The number ${n} is missing or different in the translation.`, n));
  }
  for (const tag of ctx.tags ?? []) {
    if (tag.forms.length && findForms(line.translation, tag.forms).length === 0) {
      out.push(issue(line.id, 'entity_missing', `“${line.text.slice(tag.start, tag.end)}” is tagged as ${tag.forms[0]}, which the translation does not name.`, tag.forms[0]));
    }
  }
  for (const t of findTerms(line.text, ctx.terms ?? [])) {
    if (!rendersTerm(line.translation, t)) out.push(issue(line.id, 'term_mismatch', `The term “${t.source}” is rendered otherwise; the termbase says “${t.targets[0]}”.`, t.targets[0]));
  }
  const others = [...new Set((ctx.otherTranslations ?? []).map((t) => t.trim()).filter((t) => t && t !== line.translation.trim()))];
  if (others.length) out.push(issue(line.id, 'inconsistent', `The same Arabic is translated differently elsewhere in this collection: “${others.slice(0, 3).join('”, “')}”.`, others[0]));
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
