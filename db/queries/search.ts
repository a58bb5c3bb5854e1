/**
 * Full-text search SQL over the current text and translation of every segment. Only SQL lives
 * here: the keys the index holds (api/search/index-keys.ts), the compiling of a query into
 * tsquery text (api/search/compile.ts) and the highlight spans (api/search/highlight.ts) are
 * made in api/search with the text rules of api/text; db/ imports nothing from api/.
 *
 * Index (db/schema/segments.table.ts, search.table.ts): `text_norm` holds the words of the Arabic
 * text as the normalizer folds them; `search_ar` = to_tsvector('simple', text_norm) (the words as
 * written: proclitics are matched by expanding the query, not by stemming the index),
 * `search_en` = to_tsvector('english', translation), `search_rom` = to_tsvector('simple',
 * romanized-name keys of the translation); `text_dates` the dates the text writes (GiST), and
 * the vocabulary `search_terms` with the Arabic words' romanized keys. Each text index is GIN;
 * a query term becomes one `@@` per index it can match, so PostgreSQL combines bitmap index
 * scans (BitmapOr/BitmapAnd).
 */
import { inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client';
import { collections, documents, entities, mentions, pages, searchTerms, segments, type DocumentStatus, type EntityKind } from '../schema';
import { inReadableCollection, readableBy } from './documents';
import { rowsOf } from './ocr-jobs';
import type { SessionUser } from './users';

// ---------------------------------------------------------------------------------------------
// Write path: the derived keys of a segment and its words, computed by api/search/index-keys.ts.

/** The columns a segment's search keys are stored in (set with every change of text or translation). */
export type SegmentSearchFields = { textNorm: string; translationKey: string; textDates: string | null };

/**
 * Adds words to the vocabulary. Idempotent: a word already there keeps its row, and only its
 * Latin key is rewritten when it differs (text rules that changed, `reindexSearch`).
 */
export async function insertSearchTerms(db: Executor, rows: Array<{ term: string; lang: 'ar' | 'en'; latinKey: string | null }>) {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insert(searchTerms)
      .values(rows.slice(i, i + 1000))
      .onConflictDoUpdate({
        target: searchTerms.term,
        set: { latinKey: sql`excluded.latin_key` },
        setWhere: sql`${searchTerms.latinKey} IS DISTINCT FROM excluded.latin_key`,
      });
  }
}

/** Which of these words the vocabulary holds. */
export async function existingTerms(db: Executor, words: string[]): Promise<Set<string>> {
  if (words.length === 0) return new Set();
  const rows = await db.select({ term: searchTerms.term }).from(searchTerms).where(inArray(searchTerms.term, words));
  return new Set(rows.map((r) => r.term));
}

/** Arabic words of the vocabulary whose romanized key is one of `keys`, at most `perKey` for each. */
export async function termsWithLatinKeys(db: Executor, keys: string[], perKey: number): Promise<Array<{ term: string; latinKey: string }>> {
  if (keys.length === 0) return [];
  const res = await db.execute(sql`
    SELECT term, latin_key AS "latinKey" FROM (
      SELECT ${searchTerms.term} AS term, ${searchTerms.latinKey} AS latin_key,
        row_number() OVER (PARTITION BY ${searchTerms.latinKey} ORDER BY ${searchTerms.term}) AS n
      FROM ${searchTerms} WHERE ${inArray(searchTerms.latinKey, keys)}
    ) k WHERE n <= ${perKey}`);
  return rowsOf<{ term: string; latinKey: string }>(res);
}

// ---------------------------------------------------------------------------------------------
// What a compiled query gives the SQL (api/search/compile.ts makes it).

/**
 * What a term can match: the Arabic words (`ar`), the English translation (`en`), the romanized
 * keys of the translation (`rom`), and Arabic words found by a Latin spelling's key (`arKey`,
 * the Arabic index again, ranked below the others).
 */
export type SearchTarget = 'ar' | 'en' | 'rom' | 'arKey';
/** The text search configuration of each (for tsquery text PostgreSQL parses). */
export const targetConfig: Record<SearchTarget, string> = { ar: 'simple', en: 'english', rom: 'simple', arKey: 'simple' };

/** Ids of lines carrying a live tag of some entities; `null` when there are too many to list in a query. */
export type TaggedLines = number[] | null;
/** One term as SQL matches it: tsquery text per index, and register entities whose tagged lines match too. */
export type TermMatch = {
  queries: Partial<Record<SearchTarget, string>>;
  /** The Arabic words as typed (no other written forms), for ranking only. */
  exact?: string;
  entityIds?: number[];
  /** The lines tagged with those entities, looked up once while compiling (see `taggedLineIds`). */
  taggedLines?: TaggedLines;
  /** Unconfirmed suggestions of those entities match too (the `includeSuggested` filter). */
  suggestedTagsToo?: boolean;
};
export type ClauseMatch<T extends TermMatch = TermMatch> = { negate: boolean; any: T[] };
/** Clauses are ANDed, a clause's terms ORed; `entityAlternative` (the query as a register name) is ORed with the whole. */
export type QueryMatch<T extends TermMatch = TermMatch> = { clauses: Array<ClauseMatch<T>>; entityAlternative?: T };

export type EntityMatch = { id: number; kind: EntityKind; canonicalAr: string; canonicalEn: string; aliasesAr: string[] };

const entityColumns = {
  id: entities.id,
  kind: entities.kind,
  canonicalAr: entities.canonicalAr,
  canonicalEn: entities.canonicalEn,
  aliasesAr: entities.aliasesAr,
  aliasesEn: entities.aliasesEn,
};
const liveNamedEntity = sql`${entities.mergedIntoId} IS NULL AND ${entities.kind} IN ('person', 'unit', 'place', 'other')`;

/**
 * Register entities named by an Arabic name, in one look-up of every reading of it: `normKeys`
 * are the readings' normalized keys, most literal first (the name as typed, then with a
 * proclitic taken off its first word). The entities of the first reading that names any, with
 * `written` among their Arabic aliases counting for the first; at most 50.
 */
export async function entitiesByArabicName(db: Executor, normKeys: string[], written: string): Promise<EntityMatch[]> {
  if (normKeys.length === 0) return [];
  const keys = sql`ARRAY[${sql.join(
    normKeys.map((k) => sql`${k}`),
    sql`, `,
  )}]::text[]`;
  const reading = sql<number>`CASE WHEN ${written} = ANY(${entities.aliasesAr}) THEN 1 ELSE array_position(${keys}, ${entities.normKey}) END`;
  const rows = await db
    .select({ ...entityColumns, reading })
    .from(entities)
    .where(sql`${liveNamedEntity} AND (${entities.normKey} = ANY(${keys}) OR ${written} = ANY(${entities.aliasesAr}))`)
    .orderBy(reading)
    .limit(50 * normKeys.length);
  const first = rows[0]?.reading;
  return rows
    .filter((r) => r.reading === first)
    .slice(0, 50)
    .map(({ aliasesEn: _, reading: __, ...r }) => r);
}

/** Register entities whose English form or an English alias matches a POSIX pattern (a pre-filter; the caller checks the key). */
export async function entitiesByLatinPattern(db: Executor, pattern: string) {
  return db
    .select(entityColumns)
    .from(entities)
    .where(sql`${liveNamedEntity} AND (${entities.canonicalEn} || ' ' || array_to_string(${entities.aliasesEn}, ' ')) ~* ${pattern}`)
    .limit(500);
}

export type TsqueryRequest = { target: SearchTarget; kind: 'word' | 'prefix' | 'phrase'; text: string };

function tsqueryExpr({ target, kind, text }: TsqueryRequest): SQL {
  const cfg = sql.raw(`'${targetConfig[target]}'::regconfig`);
  if (kind === 'prefix') {
    // One lexeme with :* ; keep letters and digits only so it cannot break tsquery syntax.
    const word =
      text
        .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
        .trim()
        .split(' ')
        .pop() ?? '';
    if (!word) return sql`''::tsquery`;
    return sql`to_tsquery(${cfg}, ${`'${word}':*`})`;
  }
  if (kind === 'phrase') return sql`phraseto_tsquery(${cfg}, ${text})`;
  return sql`plainto_tsquery(${cfg}, ${text})`;
}

/**
 * Each request as tsquery text, parsed by PostgreSQL with its index's configuration, in one
 * round trip: stop words drop out cleanly ('' for a request that was only stop words).
 */
export async function tsqueryTexts(db: Executor, requests: TsqueryRequest[]): Promise<string[]> {
  if (requests.length === 0) return [];
  const res = await db.execute(
    sql`SELECT ARRAY[${sql.join(
      requests.map((r) => sql`(${tsqueryExpr(r)})::text`),
      sql`, `,
    )}]::text[] AS q`,
  );
  return rowsOf<{ q: string[] }>(res)[0]?.q ?? [];
}

/**
 * Above this many tagged lines the list stays a subquery: a constant list that long costs more
 * to send and plan than the linear search it saves.
 */
const maxListedTaggedLines = 20_000;

/**
 * For each set of entities (the register names of a query's terms), the lines carrying a
 * confirmed tag (or, asked for, a suggestion) of one of them, to OR with the text indexes; null
 * for a set with very many. One query for all the sets: a query naming several register entries
 * asked for each one's lines in turn.
 */
export async function taggedLineIds(db: Executor, entitySets: number[][], opts: { includeSuggested?: boolean } = {}): Promise<TaggedLines[]> {
  if (entitySets.length === 0) return [];
  const sets = sql.join(
    entitySets.map((ids, i) => sql`(${i}::int, ${`{${ids.map((id) => String(Math.trunc(id))).join(',')}}`}::int[])`),
    sql`, `,
  );
  // Each set's ids as text: the same on both drivers, whatever their array parsing.
  const res = await db.execute(sql`SELECT s.i, array_to_string(ARRAY(
      SELECT ${mentions.segmentId} FROM ${mentions}
      WHERE ${mentions.entityId} = ANY(s.entity_ids) AND ${countedTag(opts.includeSuggested)}
      GROUP BY ${mentions.segmentId} LIMIT ${maxListedTaggedLines + 1}), ',') AS ids
    FROM (VALUES ${sets}) AS s(i, entity_ids)`);
  const out: TaggedLines[] = entitySets.map(() => []);
  for (const r of rowsOf<{ i: number; ids: string }>(res)) {
    const ids = r.ids ? r.ids.split(',').map(Number) : [];
    out[Number(r.i)] = ids.length > maxListedTaggedLines ? null : ids;
  }
  return out;
}

const column: Record<SearchTarget, SQL> = {
  ar: sql`${segments.searchAr}`,
  arKey: sql`${segments.searchAr}`,
  en: sql`${segments.searchEn}`,
  rom: sql`${segments.searchRom}`,
};

/**
 * Lines carrying a live tag of one of these entities, as `id = ANY(list)` so that the primary key
 * index can be OR-ed with the text indexes. The list is a constant in the SQL text: PostgreSQL
 * then tests it through a hash table where it filters rows (a search narrowed to a unit and a
 * date range tests thousands of lines), whereas an array computed inside the query is searched
 * linearly for every row (measured: 280 ms instead of 40 ms for a place name on the benchmark).
 */
function taggedWith(entityIds: number[], lines: TaggedLines | undefined, suggestedToo: boolean | undefined): SQL {
  if (lines) return sql`${segments.id} = ANY(${sql.raw(`'{${lines.map((id) => String(Math.trunc(id))).join(',')}}'::int[]`)})`;
  return sql`${segments.id} = ANY(ARRAY(SELECT ${mentions.segmentId} FROM ${mentions} WHERE ${inArray(mentions.entityId, entityIds)} AND ${countedTag(suggestedToo)}))`;
}

function termMatch(t: TermMatch): SQL {
  const parts = (Object.entries(t.queries) as Array<[SearchTarget, string]>).map(([target, q]) => sql`${column[target]} @@ ${q}::tsquery`);
  if (t.entityIds?.length) parts.push(taggedWith(t.entityIds, t.taggedLines, t.suggestedTagsToo));
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` OR `)})`;
}

function queryMatch(q: QueryMatch): SQL {
  const parts = q.clauses.map((c) => {
    const any = c.any.length === 1 ? termMatch(c.any[0]!) : sql`(${sql.join(c.any.map(termMatch), sql` OR `)})`;
    return c.negate ? sql`NOT ${any}` : any;
  });
  const all = parts.length ? sql.join(parts, sql` AND `) : sql`false`;
  return q.entityAlternative ? sql`((${all}) OR ${termMatch(q.entityAlternative)})` : all;
}

/** The positive parts of the query per index, OR-ed: for ranking and highlighting. */
function combined(q: QueryMatch, target: SearchTarget): string | null {
  const terms = q.clauses.filter((c) => !c.negate).flatMap((c) => c.any);
  if (q.entityAlternative) terms.push(q.entityAlternative);
  const parts = terms.map((t) => t.queries[target]).filter((x): x is string => !!x);
  return parts.length ? parts.map((p) => `(${p})`).join(' | ') : null;
}

function combinedExact(q: QueryMatch): string | null {
  const parts = q.clauses.filter((c) => !c.negate).flatMap((c) => c.any.map((t) => t.exact).filter((x): x is string => !!x));
  return parts.length ? parts.map((p) => `(${p})`).join(' | ') : null;
}

export const hasMatchableTerms = (q: QueryMatch) => q.clauses.some((c) => !c.negate) || !!q.entityAlternative;

// ---------------------------------------------------------------------------------------------
// Filters.

export type SearchFilters = {
  collections?: string[];
  statuses?: DocumentStatus[];
  documentId?: number;
  /** Documents tagged with every one of these entities (persons, units, places…). */
  entityIds?: number[];
  /** Documents with at least one tag of each of these kinds. */
  tagKinds?: EntityKind[];
  /** Documents with a tagged date in this range (ISO, inclusive; partial dates count by their middle). */
  dateFrom?: string;
  dateTo?: string;
  /**
   * Count the engine's unconfirmed suggestions as tags too. Off by default: only tags a person
   * accepted are facts (issue 13), for matching, filters, totals, facets and research counts alike.
   */
  includeSuggested?: boolean;
};

/**
 * Tags that count: accepted ones — or, asked for explicitly, open suggestions too — never
 * rejected ones. (`<> 'rejected'` stays in both so the partial tag indexes, whose predicate it
 * is, still serve.)
 */
export function countedTag(includeSuggested: boolean | undefined, status: SQL = sql`${mentions.status}`): SQL {
  return includeSuggested ? sql`${status} <> 'rejected'` : sql`${status} <> 'rejected' AND ${status} = 'accepted'`;
}

/** A partial ISO date (`2016`, `2016-05`) as a comparable full date. */
const mentionDate = sql`(CASE length(${mentions.normalized}) WHEN 4 THEN ${mentions.normalized} || '-07-01' WHEN 7 THEN ${mentions.normalized} || '-15' ELSE ${mentions.normalized} END)`;

function dateRangeSql(f: SearchFilters): SQL | null {
  if (!f.dateFrom && !f.dateTo) return null;
  const parts = [sql`${mentions.kind} = 'date'`];
  // With a bound, the coarse range below already keeps to ISO-looking values.
  if (!f.dateFrom || !f.dateTo) parts.push(sql`${mentions.normalized} ~ '^[0-9]{4}'`);
  // A coarse range on the stored value (ISO strings sort as dates; a partial date sorts before
  // its days) lets the date index narrow the tags; the exact test on the widened date follows.
  if (f.dateFrom) parts.push(sql`${mentions.normalized} >= ${f.dateFrom.slice(0, 4)}`, sql`${mentionDate} >= ${f.dateFrom}`);
  if (f.dateTo) parts.push(sql`${mentions.normalized} <= ${`${f.dateTo}~`}`, sql`${mentionDate} <= ${f.dateTo}`);
  return sql.join(parts, sql` AND `);
}

/**
 * A filter bound as a day: `2014` → 2014-01-01 / 2014-12-31, `2014-02` → 2014-02-01 / 2014-02-28,
 * and a day past the month's end (the route's `2014-02-31` for "all of February") → its last day.
 */
function boundDay(bound: string, side: 'from' | 'to'): string {
  const [y, m, d] = bound.split('-').map(Number);
  const month = m ?? (side === 'from' ? 1 : 12);
  const last = new Date(Date.UTC(y!, month, 0)).getUTCDate(); // day 0 of the next month
  const day = d ? Math.min(d, last) : side === 'from' ? 1 : last;
  return `${String(y).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Lines whose text writes a date in the filter's range, or null without a range. The index
 * (segments_text_dates_idx) is keyed by the span of the line's days and includes the days
 * themselves, so both tests read it alone: the span narrows, the multirange decides (a line
 * writing 2011 and 2020 spans 2015 but writes no date in it).
 */
function textDateSql(f: SearchFilters): SQL | null {
  if (!f.dateFrom && !f.dateTo) return null;
  const from = f.dateFrom ? boundDay(f.dateFrom, 'from') : null;
  const to = f.dateTo ? boundDay(f.dateTo, 'to') : null;
  const range = sql`daterange(${from}::date, ${to}::date, '[]')`;
  return sql`(range_merge(${segments.textDates}) && ${range} AND ${segments.textDates} && ${range})`;
}

/** Conditions on the document (`documents` and `collections` in scope): readability and every filter. */
function documentFilterSql(user: SessionUser, f: SearchFilters): SQL {
  const parts: SQL[] = [];
  const readable = readableBy(user);
  if (readable) parts.push(readable);
  if (f.collections?.length) parts.push(inArray(collections.name, f.collections));
  if (f.statuses?.length) parts.push(inArray(documents.status, f.statuses));
  if (f.documentId) parts.push(sql`${documents.id} = ${f.documentId}`);
  // One semi-join on the intersection of the tagged document sets (each read from a covering
  // index), so the planner meets the lines of only the documents that pass every tag filter.
  const tagged = (cond: SQL) => sql`SELECT ${mentions.documentId} FROM ${mentions} WHERE ${countedTag(f.includeSuggested)} AND ${cond}`;
  const sets: SQL[] = [];
  for (const id of f.entityIds ?? []) sets.push(tagged(sql`${mentions.entityId} = ${id}`));
  for (const kind of f.tagKinds ?? []) sets.push(tagged(sql`${mentions.kind} = ${kind}`));
  const range = dateRangeSql(f);
  // A date range is met by a tagged date or by a date the text writes (untagged lines too).
  // UNION ALL: IN and INTERSECT ignore repeats, so removing them first was a hash of every
  // dated document spent for nothing.
  if (range) {
    sets.push(sql`SELECT document_id FROM (${tagged(range)}
      UNION ALL SELECT ${segments.documentId} FROM ${segments} WHERE ${textDateSql(f)} AND ${segments.status} <> 'deleted') dated`);
  }
  if (sets.length) parts.push(sql`${documents.id} IN (${sql.join(sets, sql` INTERSECT `)})`);
  return parts.length ? sql.join(parts, sql` AND `) : sql`true`;
}

function filterSql(user: SessionUser, f: SearchFilters): SQL {
  return sql`${segments.status} <> 'deleted' AND ${documentFilterSql(user, f)}`;
}

/** Whether the filters alone pick lines (a query-less search from a chart or an entity page). */
export const filtersSelectLines = (f: SearchFilters) => !!(f.entityIds?.length || f.tagKinds?.length || f.dateFrom || f.dateTo);

/** Without a query: the lines that carry the tags the filters ask for, or write a date in the range. */
function taggedLinesMatch(f: SearchFilters): SQL {
  const alternatives: SQL[] = [];
  if (f.entityIds?.length) alternatives.push(inArray(mentions.entityId, f.entityIds));
  if (f.tagKinds?.length) alternatives.push(inArray(mentions.kind, f.tagKinds));
  const range = dateRangeSql(f);
  if (range) alternatives.push(sql`(${range})`);
  const tagged = sql`EXISTS (SELECT 1 FROM ${mentions} WHERE ${mentions.segmentId} = ${segments.id} AND ${countedTag(f.includeSuggested)} AND (${sql.join(alternatives, sql` OR `)}))`;
  const dated = textDateSql(f);
  return dated ? sql`(${tagged} OR ${dated})` : tagged;
}

const lineMatch = (q: QueryMatch | null, f: SearchFilters) => (q ? queryMatch(q) : taggedLinesMatch(f));

const fromJoined = sql`${segments}
  JOIN ${documents} ON ${documents.id} = ${segments.documentId}
  JOIN ${collections} ON ${collections.id} = ${documents.collectionId}`;

// ---------------------------------------------------------------------------------------------
// Results.

/** One matching line as the SQL returns it; api/search/highlight.ts turns the marked headlines into spans. */
export type SearchLineRow = {
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
  /** The translation with the matched words between `headlineMarks`, or null when the query has no English part. */
  hlEn: string | null;
};

/** Private-use characters around the words ts_headline marks (never in stored text). */
export const headlineMarks = { open: '\uE000', close: '\uE001' } as const;
const headlineOptions = `StartSel="${headlineMarks.open}", StopSel="${headlineMarks.close}", HighlightAll=true`;

/**
 * Ranking reads every candidate's vectors, so it is bounded: lines are ranked among the first
 * `rankWindow` matches (all of them for any selective query — a name, a phrase, a filtered
 * search). A very common word matches tens of thousands of lines that rank about equally; its
 * first page then comes from a window of them rather than a sort of all.
 */
export const rankWindow = 500;

/** The SQL of one page of matching lines (exported for EXPLAIN in the benchmark). */
export function searchLinesSql(
  user: SessionUser,
  q: QueryMatch | null,
  filters: SearchFilters,
  page: { limit: number; offset: number },
): SQL {
  const ar = q && combined(q, 'ar');
  const arExact = q && combinedExact(q);
  const arKey = q && combined(q, 'arKey');
  const en = q && combined(q, 'en');
  const rom = q && combined(q, 'rom');
  const rankParts = [
    ar && sql`ts_rank(${segments.searchAr}, ${ar}::tsquery)`,
    // The words as typed count again: a line with them ranks above one with another written form.
    arExact && sql`ts_rank(${segments.searchAr}, ${arExact}::tsquery)`,
    en && sql`ts_rank(${segments.searchEn}, ${en}::tsquery)`,
    // A romanized-key match is looser than an exact English one, and Arabic found by a Latin
    // spelling's key looser still: below every exact match.
    rom && sql`0.5 * ts_rank(${segments.searchRom}, ${rom}::tsquery)`,
    arKey && sql`0.3 * ts_rank(${segments.searchAr}, ${arKey}::tsquery)`,
  ].filter((x): x is SQL => !!x);
  const rank = rankParts.length ? sql.join(rankParts, sql` + `) : sql`0`;
  const lineColumns = sql`${segments.id} AS "segmentId", ${segments.documentId} AS "documentId", ${segments.pageId} AS "pageId",
        ${segments.lineOrder} AS line_order, ${segments.text} AS text, ${segments.translation} AS translation,
        (${rank})::float8 AS rank`;
  // The window of candidates comes from the line alone unless a filter needs the document row
  // (as for totals, matchingLinesSql): joined first, PostgreSQL walked the lines in document
  // order testing each (1.4 s for a place name on bench:search); the document and its collection
  // are read for the page's lines only. The candidates are a MATERIALIZED CTE, planned for all
  // its rows (bitmap scans of the text indexes) and read lazily, so the window's LIMIT stops the
  // scan without tempting the planner into a sequential walk that hopes to meet 500 matches early
  // (it met them after 100,000 lines: a name's estimate counts its tagged lines twice).
  const candidates =
    q && !needsDocumentRow(filters)
      ? sql`SELECT ${lineColumns} FROM ${segments} WHERE ${lineMatch(q, filters)} AND ${lineCollectionSql(user, filters)}`
      : sql`SELECT ${lineColumns} FROM ${fromJoined} WHERE ${lineMatch(q, filters)} AND ${filterSql(user, filters)}`;
  return sql`
    WITH w AS MATERIALIZED (${candidates})
    SELECT r.*, d.title AS title, d.archive_ref AS "archiveRef", c.name AS collection, d.status AS "documentStatus", p.page_no AS "pageNo",
      ${en ? sql`ts_headline('english'::regconfig, r.translation, ${en}::tsquery, ${headlineOptions})` : sql`NULL`} AS "hlEn",
      (SELECT count(*)::int FROM ${segments} s2 WHERE s2.page_id = r."pageId" AND s2.status <> 'deleted' AND s2.line_order <= r.line_order) AS "lineNo"
    FROM (SELECT * FROM (SELECT * FROM w LIMIT ${Math.max(rankWindow, page.offset + page.limit)}) w
      ORDER BY w.rank DESC, w."documentId" DESC, w."pageId", w.line_order
      LIMIT ${page.limit} OFFSET ${page.offset}
    ) r
    JOIN ${documents} d ON d.id = r."documentId" JOIN ${collections} c ON c.id = d.collection_id JOIN ${pages} p ON p.id = r."pageId"
    ORDER BY r.rank DESC, r."documentId" DESC, r."pageId", r.line_order`;
}

/** One page of matching lines, best first. */
export async function searchLines(
  db: Executor,
  user: SessionUser,
  q: QueryMatch | null,
  filters: SearchFilters,
  page: { limit: number; offset: number },
): Promise<SearchLineRow[]> {
  const res = await db.execute(searchLinesSql(user, q, filters, page));
  const rows = rowsOf<SearchLineRow & { line_order: number }>(res);
  return rows.map(({ line_order: _, ...r }) => ({ ...r, rank: Number(r.rank), pageNo: Number(r.pageNo) }));
}

/** Ids of the documents with a matching line that the user may read, lowest first, at most `max` (a ZIP of a search's documents). */
export async function searchDocumentIds(db: Executor, user: SessionUser, q: QueryMatch | null, filters: SearchFilters, max: number): Promise<number[]> {
  const res = await db.execute(sql`
    SELECT DISTINCT ${segments.documentId} AS id FROM ${fromJoined}
    WHERE ${lineMatch(q, filters)} AND ${filterSql(user, filters)}
    ORDER BY 1 LIMIT ${max}`);
  return rowsOf<{ id: number }>(res).map((r) => Number(r.id));
}

// ---------------------------------------------------------------------------------------------
// Totals and facets.

export type FacetCount = { value: string; label: string; labelAr: string | null; count: number };
export type SearchTotals = {
  lines: number;
  documents: number;
  /** true when more lines match than were counted (`countCap`): totals are "at least". */
  approximate: boolean;
  /** true when facets were counted over the first `facetSample` matching lines only. */
  facetsApproximate: boolean;
};

const facetTop = 20;

/** The counted tags of the matched documents (`m_docs`), read once for every count made of them. */
const matchedTagsCte = (f: SearchFilters) => sql`mt AS MATERIALIZED (
  SELECT mt.document_id, mt.kind, mt.entity_id, mt.normalized FROM m_docs
  JOIN ${mentions} mt ON mt.document_id = m_docs.document_id AND ${countedTag(f.includeSuggested, sql`mt.status`)}
)`;

/**
 * Documents per tagged period (the first `periodLength` characters of an ISO date: 4 a year,
 * 7 a month) and the `top` persons, units and places by documents, over the matched documents'
 * tags (`mt`). Tags are grouped once per kind and entity; names are looked up for the top only.
 * Rows: (facet, value, label, label_ar, n), the periods under `periodFacet`.
 */
function tagCounts(periodLength: 4 | 7, top: number, periodFacet: 'year' | 'time') {
  return {
    ctes: sql`per_entity AS (
      SELECT mt.kind::text AS kind, mt.entity_id, count(DISTINCT mt.document_id)::int AS n FROM mt
      WHERE mt.entity_id IS NOT NULL AND mt.kind IN ('person', 'unit', 'place') GROUP BY mt.kind, mt.entity_id
    ),
    top_entities AS (
      SELECT * FROM (SELECT per_entity.*, row_number() OVER (PARTITION BY kind ORDER BY n DESC, entity_id) AS r FROM per_entity) ranked
      WHERE r <= ${top}
    ),
    periods AS (
      SELECT DISTINCT substr(mt.normalized, 1, ${sql.raw(String(periodLength))}) AS period, mt.document_id FROM mt
      WHERE mt.kind = 'date' AND mt.normalized ~ '^[0-9]{4}' AND length(mt.normalized) >= ${sql.raw(String(periodLength))}
    )`,
    rows: sql`SELECT t.kind AS facet, e.id::text AS value, e.canonical_en AS label, e.canonical_ar AS label_ar, t.n
      FROM top_entities t JOIN ${entities} e ON e.id = t.entity_id
    UNION ALL SELECT ${sql.raw(`'${periodFacet}'`)}, period, period, NULL, count(*)::int FROM periods GROUP BY period`,
  };
}

/** Per-document facets over the matched documents (`m_docs`) and their tags (`mt`); the documents are joined once. */
function documentFacetsSql(): SQL {
  const tags = tagCounts(4, facetTop, 'year');
  return sql`
    md AS MATERIALIZED (
      SELECT d.status::text AS status, c.name AS collection FROM m_docs
      JOIN ${documents} d ON d.id = m_docs.document_id JOIN ${collections} c ON c.id = d.collection_id
    ),
    kinds AS (SELECT DISTINCT mt.kind::text AS kind, mt.document_id FROM mt),
    ${tags.ctes}
    SELECT 'status' AS facet, status AS value, status AS label, NULL::text AS label_ar, count(*)::int AS n FROM md GROUP BY status
    UNION ALL SELECT 'collection', collection, collection, NULL, count(*)::int FROM md GROUP BY collection
    UNION ALL SELECT 'tagType', kind, kind, NULL, count(*)::int FROM kinds GROUP BY kind
    UNION ALL ${tags.rows}`;
}

export const facetNames = ['status', 'collection', 'tagType', 'person', 'unit', 'place', 'year'] as const;

/**
 * Totals are counted over at most `countCap` matching lines (beyond that they are "at least",
 * `approximate: true`), facets over the documents of the first `facetSample` lines.
 * Counting every line of a word that occurs in half the archive would cost a heap visit per line
 * (GIN indexes cannot count by themselves) and tell a researcher nothing more; the research view
 * (searchAggregates) counts every matching document exactly. The cap is the facets' sample: on
 * bench:search the 8,000 lines counted beyond it were 10,000 heap pages, most of a common word's
 * search time, for a figure shown as "at least" anyway.
 */
export const countCap = 2_000;
/** Facets describe the documents of at most this many matching lines (`facetsApproximate`). */
export const facetSample = countCap;

/** Whether a filter needs the document row (status, tags, one document): then lines are looked for document by document. */
const needsDocumentRow = (f: SearchFilters) => !!(f.statuses?.length || f.documentId || filtersSelectLines(f));

/** Readability and the collection filter on the line itself (segments carry their collection). */
function lineCollectionSql(user: SessionUser, f: SearchFilters): SQL {
  const parts: SQL[] = [sql`${segments.status} <> 'deleted'`];
  const readable = inReadableCollection(user, segments.collectionId);
  if (readable) parts.push(readable);
  if (f.collections?.length) {
    parts.push(
      sql`${segments.collectionId} IN (SELECT ${collections.id} FROM ${collections} WHERE ${inArray(collections.name, f.collections)})`,
    );
  }
  return sql.join(parts, sql` AND `);
}

/**
 * `SELECT document_id` of every matching line the user may read. Unless a filter needs the
 * document row, lines come straight from the text indexes, checked on the line alone: joining
 * every matching line to its document first made PostgreSQL walk the lines in document order
 * testing every line's vectors (measured on the benchmark: 140 ms for a word in 7 % of the
 * lines, against 40 ms). When filters narrow the documents it is the other way round: the few
 * documents that pass are walked.
 */
function matchingLinesSql(user: SessionUser, q: QueryMatch | null, filters: SearchFilters): SQL {
  return q && !needsDocumentRow(filters)
    ? sql`SELECT ${segments.documentId} AS document_id FROM ${segments} WHERE ${lineMatch(q, filters)} AND ${lineCollectionSql(user, filters)}`
    : sql`SELECT ${segments.documentId} AS document_id FROM ${fromJoined} WHERE ${lineMatch(q, filters)} AND ${filterSql(user, filters)}`;
}

/**
 * The SQL of totals and facets (exported for EXPLAIN in the benchmark): counted over up to
 * `countCap` matching lines. The lines are a CTE planned for all its rows and read lazily up to
 * the cap (as for the page of lines: a bare LIMIT invites a sequential walk).
 */
export function searchFacetsSql(user: SessionUser, q: QueryMatch | null, filters: SearchFilters): SQL {
  const m = matchingLinesSql(user, q, filters);
  // The facets' documents are already the counted lines' documents, told apart once; counted again
  // only if the sample were smaller than the count.
  const countedDocuments = facetSample >= countCap ? sql`(SELECT count(*) FROM m_docs)` : sql`(SELECT count(DISTINCT document_id) FROM m)`;
  return sql`
    WITH matching AS MATERIALIZED (${m}),
    m AS MATERIALIZED (SELECT document_id FROM matching LIMIT ${countCap}),
    m_docs AS MATERIALIZED (SELECT DISTINCT document_id FROM (SELECT document_id FROM m LIMIT ${facetSample}) sample),
    ${matchedTagsCte(filters)},
    ${documentFacetsSql()}
    UNION ALL SELECT 'total', 'lines', 'lines', NULL, (SELECT count(*) FROM m)::int
    UNION ALL SELECT 'total', 'documents', 'documents', NULL, ${countedDocuments}::int`;
}

/** How many lines and documents match, and documents per status, collection, tag kind, person, unit, place and year. */
export async function searchFacets(
  db: Executor,
  user: SessionUser,
  q: QueryMatch | null,
  filters: SearchFilters,
): Promise<{ totals: SearchTotals; facets: Record<string, FacetCount[]> }> {
  const res = await db.execute(searchFacetsSql(user, q, filters));
  const rows = rowsOf<{ facet: string; value: string; label: string; label_ar: string | null; n: number }>(res);
  const facets: Record<string, FacetCount[]> = Object.fromEntries(facetNames.map((n) => [n, []]));
  const totals: SearchTotals = { lines: 0, documents: 0, approximate: false, facetsApproximate: false };
  for (const r of rows) {
    if (r.facet === 'total') {
      if (r.value === 'lines') totals.lines = Number(r.n);
      else totals.documents = Number(r.n);
    } else (facets[r.facet] ??= []).push({ value: r.value, label: r.label, labelAr: r.label_ar, count: Number(r.n) });
  }
  totals.approximate = totals.lines >= countCap; // the scan stopped at the cap: there may be more
  totals.facetsApproximate = totals.lines > facetSample;
  for (const [name, list] of Object.entries(facets)) {
    if (name === 'year') list.sort((a, b) => a.value.localeCompare(b.value));
    else list.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  }
  return { totals, facets };
}

// ---------------------------------------------------------------------------------------------
// Research view: documents over time (by tagged date), by unit, by person, by place.

export type Aggregates = {
  documents: number;
  overTime: Array<{ period: string; documents: number }>;
  byUnit: FacetCount[];
  byPerson: FacetCount[];
  byPlace: FacetCount[];
};

/**
 * Counts of documents for the research charts, over the documents that match the query (or,
 * without one, every readable document passing the filters). A document counts once per
 * period, unit or person however often it is tagged there.
 */
export async function searchAggregates(
  db: Executor,
  user: SessionUser,
  q: QueryMatch | null,
  filters: SearchFilters,
  opts: { interval: 'year' | 'month'; top: number },
): Promise<Aggregates> {
  const docs =
    q || filtersSelectLines(filters)
      ? sql`SELECT DISTINCT document_id FROM (${matchingLinesSql(user, q, filters)}) lines`
      : sql`SELECT ${documents.id} AS document_id FROM ${documents} JOIN ${collections} ON ${collections.id} = ${documents.collectionId} WHERE ${documentFilterSql(user, filters)}`;
  const tags = tagCounts(opts.interval === 'year' ? 4 : 7, opts.top, 'time');
  const res = await db.execute(sql`
    WITH m_docs AS MATERIALIZED (${docs}),
    ${matchedTagsCte(filters)},
    ${tags.ctes}
    SELECT 'total' AS facet, '' AS value, '' AS label, NULL::text AS label_ar, (SELECT count(*) FROM m_docs)::int AS n
    UNION ALL ${tags.rows}`);
  const rows = rowsOf<{ facet: string; value: string; label: string; label_ar: string | null; n: number }>(res);
  const out: Aggregates = { documents: 0, overTime: [], byUnit: [], byPerson: [], byPlace: [] };
  const entry = (r: (typeof rows)[number]) => ({ value: r.value, label: r.label, labelAr: r.label_ar, count: Number(r.n) });
  for (const r of rows) {
    if (r.facet === 'total') out.documents = Number(r.n);
    else if (r.facet === 'time') out.overTime.push({ period: r.value, documents: Number(r.n) });
    else if (r.facet === 'unit') out.byUnit.push(entry(r));
    else if (r.facet === 'person') out.byPerson.push(entry(r));
    else if (r.facet === 'place') out.byPlace.push(entry(r));
  }
  out.overTime.sort((a, b) => a.period.localeCompare(b.period));
  for (const list of [out.byUnit, out.byPerson, out.byPlace]) list.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return out;
}

// ---------------------------------------------------------------------------------------------
// "Did you mean" and fuzzy expansion, from the vocabulary's trigram index.

/** Known words close to `key` (a word as the vocabulary holds it: normalized Arabic, lower-case Latin), nearest first. */
export async function similarTerms(db: Executor, key: string, opts: { limit: number; minSimilarity: number }) {
  const res = await db.execute(sql`
    SELECT term, similarity(term, ${key}) AS sim FROM ${searchTerms}
    WHERE term % ${key} AND term <> ${key}
    ORDER BY sim DESC, term LIMIT ${opts.limit}`);
  return rowsOf<{ term: string; sim: number }>(res)
    .map((r) => ({ term: r.term, similarity: Number(r.sim) }))
    .filter((r) => r.similarity >= opts.minSimilarity);
}

/** Whether any line this user may read matches (so a suggestion never leads nowhere, nor leaks). */
export async function anyLineMatches(db: Executor, user: SessionUser, q: QueryMatch): Promise<boolean> {
  const res = await db.execute(sql`SELECT EXISTS (SELECT 1 FROM ${fromJoined} WHERE ${queryMatch(q)} AND ${filterSql(user, {})}) AS hit`);
  return Boolean(rowsOf<{ hit: boolean }>(res)[0]?.hit);
}

// ---------------------------------------------------------------------------------------------
// Maintenance (api/search/reindex.ts walks the segments with these).

/** Up to `limit` segments after `afterId`, in id order, with their stored search keys. */
export async function segmentsForReindex(db: Executor, afterId: number, limit: number) {
  return db
    .select({
      id: segments.id,
      text: segments.text,
      translation: segments.translation,
      textNorm: segments.textNorm,
      translationKey: segments.translationKey,
      textDates: segments.textDates,
    })
    .from(segments)
    .where(sql`${segments.id} > ${afterId}`)
    .orderBy(segments.id)
    .limit(limit);
}

export async function setSegmentSearchFields(db: Executor, id: number, fields: SegmentSearchFields) {
  await db
    .update(segments)
    .set(fields)
    .where(sql`${segments.id} = ${id}`);
}
