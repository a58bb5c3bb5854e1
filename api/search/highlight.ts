/**
 * Highlight spans of a search hit, as UTF-16 offsets into the text and translation as stored:
 * the words PostgreSQL's ts_headline marked (found in the normalized text, mapped back through
 * the normalizer's offset map), and in the translation the words whose romanized key the query
 * asked for.
 */
import { headlineMarks, type SearchLineRow } from '../../db/queries/search';
import type { DocumentStatus } from '../../db/schema';
import { normalizeArabicWithMap } from '../text/arabic';
import { romanizedKey, romanizedWords } from '../text/romanize';
import type { CompiledQuery } from './compile';

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
  return rows.map(({ textNorm, hlAr, hlEn, ...r }) => ({
    ...r,
    highlights: {
      text: hlAr ? arabicSpans(r.text, textNorm, hlAr) : [],
      translation: mergeSpans([...(hlEn ? markedSpans(hlEn) : []), ...romanizedSpans(r.translation, romKeys)]),
    },
  }));
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

/** Headline spans found in the normalized text, mapped back to the text as stored. */
function arabicSpans(text: string, textNorm: string, marked: string): Span[] {
  const { normalized, toOriginal } = normalizeArabicWithMap(text);
  if (normalized !== textNorm) return []; // an unindexed row (see `reindexSearch`): no spans rather than wrong ones
  return markedSpans(marked)
    .map((s) => ({ start: toOriginal[s.start]!, end: toOriginal[s.end - 1]! + 1 }))
    .map((s) => widenToCluster(text, s));
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
