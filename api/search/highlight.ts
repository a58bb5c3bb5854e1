/**
 * Highlight spans of a search hit, as UTF-16 offsets into the text and translation as stored.
 * Arabic: the index words of the text (api/search/index-keys.ts, with their place in the stored
 * text) that the query matches, in any of their written forms, by the same expansion the query
 * used (so والمطلوبين is marked for المطلوبين, and الصباغ for Sabbagh). Translation: the words
 * PostgreSQL's ts_headline marked, and the words whose romanized key the query asked for.
 */
import { headlineMarks, type SearchLineRow } from '../../db/queries/search';
import type { DocumentStatus } from '../../db/schema';
import { romanizedKey, romanizedWords } from '../text/romanize';
import type { ArabicHighlight, CompiledQuery } from './compile';
import { indexWords } from './index-keys';

export type Span = { start: number; end: number };
export type SearchHit = {
  segmentId: number;
  documentId: number;
  title: string;
  archiveRef: string | null;
  collection: string;
  documentStatus: DocumentStatus;
  pageId: number;
  pageNo: number;
  lineNo: number;
  text: string;
  translation: string;
  rank: number;
  highlights: { text: Span[]; translation: Span[] };
};

/** The rows of one page of results with their highlight spans. */
export function toHits(rows: SearchLineRow[], q: CompiledQuery | null): SearchHit[] {
  const romKeys = q ? romQueryKeys(q) : { exact: new Set<string>(), prefixes: [] };
  const arabic = q ? arabicHighlight(q) : null;
  return rows.map(({ hlEn, ...r }) => ({
    ...r,
    highlights: {
      text: arabic ? arabicSpans(r.text, arabic) : [],
      translation: mergeSpans([...(hlEn ? markedSpans(hlEn) : []), ...romanizedSpans(r.translation, romKeys)]),
    },
  }));
}

/** What the positive terms of a query mark in Arabic. */
function arabicHighlight(q: CompiledQuery): ArabicHighlight {
  const out: ArabicHighlight = { words: new Set(), prefixes: [] };
  const terms = q.clauses.filter((c) => !c.negate).flatMap((c) => c.any);
  if (q.entityAlternative) terms.push(q.entityAlternative);
  for (const t of terms) {
    t.highlight?.words.forEach((w) => out.words.add(w));
    out.prefixes.push(...(t.highlight?.prefixes ?? []));
  }
  return out;
}

/** Spans between the headline markers, as offsets into the unmarked string. */
export function markedSpans(marked: string): Span[] {
  const spans: Span[] = [];
  let pos = 0;
  let start = -1;
  for (const ch of marked) {
    if (ch === headlineMarks.open) start = pos;
    else if (ch === headlineMarks.close) {
      if (start >= 0 && pos > start) spans.push({ start, end: pos });
      start = -1;
    } else pos += ch.length;
  }
  return spans;
}

/** The stored text's words that the query matches; a date's digits and separators marked as one span. */
function arabicSpans(text: string, h: ArabicHighlight): Span[] {
  if (h.words.size === 0 && h.prefixes.length === 0) return [];
  const spans = indexWords(text)
    .filter((w) => h.words.has(w.word) || h.prefixes.some((p) => w.word.startsWith(p)))
    .map((w) => widenToCluster(text, { start: w.start, end: w.end }));
  // Adjacent matched words with only separators between (8/4/2015, 9271/ص) are one mark.
  const joined: Span[] = [];
  for (const s of spans) {
    const last = joined[joined.length - 1];
    if (last && /^[/\-.]$/.test(text.slice(last.end, s.start))) last.end = s.end;
    else joined.push({ ...s });
  }
  return joined;
}

/** Include combining marks that follow the last letter (a highlighted word keeps its harakat). */
function widenToCluster(text: string, s: Span): Span {
  let end = s.end;
  while (end < text.length && /[\u064B-\u065F\u0670\u0640]/.test(text[end]!)) end++;
  return { start: s.start, end };
}

function romQueryKeys(q: CompiledQuery) {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  if (q.entityAlternative)
    romanizedKey(q.entityAlternative.term.text)
      .split(' ')
      .filter(Boolean)
      .forEach((k) => exact.add(k));
  for (const c of q.clauses) {
    if (c.negate) continue;
    for (const t of c.any) {
      if (!t.queries.rom) continue;
      const keys = romanizedKey(t.term.text).split(' ').filter(Boolean);
      if (t.term.kind === 'prefix') prefixes.push(...keys);
      else keys.forEach((k) => exact.add(k));
    }
  }
  return { exact, prefixes };
}

function romanizedSpans(translation: string, keys: { exact: Set<string>; prefixes: string[] }): Span[] {
  if (keys.exact.size === 0 && keys.prefixes.length === 0) return [];
  return romanizedWords(translation)
    .filter((w) => w.key && w.key.split(' ').some((k) => keys.exact.has(k) || keys.prefixes.some((p) => k.startsWith(p))))
    .map((w) => ({ start: w.start, end: w.end }));
}

function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}
