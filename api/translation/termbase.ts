/**
 * The termbase: the register's English forms for units and places, plus the terms a team adds
 * to a collection (Arabic → English, with a note). Terms are found in a line on normalized
 * Arabic words, also behind an attached proclitic (و ف ب ل ك), and checked in the English
 * case-insensitively as whole words. CSV in and out: `arabic,english,note` with a header row.
 */
import { parse } from 'csv-parse/sync';
import type { Executor } from '../../db/client';
import { listLiveEntities } from '../../db/queries/entities';
import { listTerms } from '../../db/queries/translation-memory';
import { AppError } from '../lib/errors';
import { toCsv } from '../exchange/csv';
import { normalizeArabic } from '../text/arabic';
import { findForms } from '../text/english';

export type Term = {
  /** A team term's id, or null for a register entry. */
  id: number | null;
  source: string;
  /** English renderings (a register entry's canonical form and aliases). */
  targets: string[];
  note: string;
  origin: 'team' | 'register';
  collectionId: number | null;
};

export type TermHit = Term & { start: number; end: number };

const wordRe = /[\p{L}\p{N}]+/gu;
const clitics = ['و', 'ف', 'ب', 'ل', 'ك', 'وب', 'ول', 'وال', 'بال', 'فال', 'لل', 'ولل'];

export const termKey = (arabic: string) => [...normalizeArabic(arabic).matchAll(wordRe)].map((m) => m[0]).join(' ');

/** Terms whose Arabic occurs in the line (UTF-16 spans), longest first where they overlap. */
export function findTerms(line: string, termsList: Term[]): TermHit[] {
  const words = [...line.matchAll(wordRe)].map((m) => ({ key: normalizeArabic(m[0]), s: m.index, e: m.index + m[0].length }));
  const hits: TermHit[] = [];
  const byLength = [...termsList].map((t) => ({ t, key: termKey(t.source).split(' ') })).filter((x) => x.key[0]).sort((a, b) => b.key.length - a.key.length);
  for (const { t, key } of byLength) {
    for (let i = 0; i + key.length <= words.length; i++) {
      const first = words[i]!.key;
      const firstOk = first === key[0] || clitics.some((c) => first === c + key[0] || (c.endsWith('ل') && key[0]!.startsWith('ال') && first === c + key[0]!.slice(2)));
      if (!firstOk) continue;
      let ok = true;
      for (let k = 1; k < key.length; k++) if (words[i + k]!.key !== key[k]) ok = false;
      if (!ok) continue;
      const s = words[i]!.s;
      const e = words[i + key.length - 1]!.e;
      if (hits.some((h) => s < h.end && h.start < e)) continue;
      hits.push({ ...t, start: s, end: e });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** Whether the translation renders the term with one of its English forms. */
export const rendersTerm = (translation: string, term: Term) => findForms(translation, term.targets).length > 0;

/** A collection's team terms plus the register's units and places. */
export async function termsForCollection(db: Executor, collectionId: number): Promise<Term[]> {
  const team = await listTerms(db, [collectionId]);
  const register = (await listLiveEntities(db)).filter((e) => (e.kind === 'unit' || e.kind === 'place') && e.canonicalEn);
  return [
    ...team.map((t) => ({ id: t.id, source: t.sourceTerm, targets: [t.targetTerm], note: t.note, origin: 'team' as const, collectionId: t.collectionId })),
    ...register.flatMap((e) =>
      [e.canonicalAr, ...e.aliasesAr].map((source) => ({ id: null, source, targets: [e.canonicalEn, ...e.aliasesEn], note: '', origin: 'register' as const, collectionId: null })),
    ),
  ];
}

export type TermRow = { sourceTerm: string; targetTerm: string; note: string };

/**
 * Rows of a termbase CSV (`arabic,english,note`; header names in English or as exported; UTF-8,
 * BOM allowed). Throws a 400 naming the first bad line.
 */
export function parseTermsCsv(csv: string): TermRow[] {
  let records: string[][];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (err) {
    throw new AppError(400, 'invalid_file', `This CSV could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (records.length === 0) return [];
  const header = records[0]!.map((h) => h.toLowerCase());
  const hasHeader = header.includes('arabic') || header.includes('english');
  const col = (name: string, fallback: number) => (hasHeader ? header.indexOf(name) : fallback);
  const [ar, en, note] = [col('arabic', 0), col('english', 1), col('note', 2)];
  if (ar < 0 || en < 0) throw new AppError(400, 'invalid_file', 'The CSV needs the columns arabic and english (and optionally note).');
  return records.slice(hasHeader ? 1 : 0).map((r, i) => {
    const row = { sourceTerm: (r[ar] ?? '').normalize('NFC'), targetTerm: (r[en] ?? '').normalize('NFC'), note: (note >= 0 ? (r[note] ?? '') : '').normalize('NFC') };
    if (!row.sourceTerm || !row.targetTerm) throw new AppError(400, 'invalid_file', `Line ${i + (hasHeader ? 2 : 1)} of the CSV has no Arabic or no English term.`);
    if (row.sourceTerm.length > 500 || row.targetTerm.length > 500 || row.note.length > 2000) throw new AppError(400, 'invalid_file', `Line ${i + (hasHeader ? 2 : 1)} of the CSV is too long for a term.`);
    return row;
  });
}

export const termsToCsv = (rows: TermRow[]) => toCsv(['arabic', 'english', 'note'], rows.map((r) => [r.sourceTerm, r.targetTerm, r.note]));
