import type { Executor } from '../../db/client';
import {
  anyLineMatches,
  facetNames,
  filtersSelectLines,
  hasMatchableTerms,
  searchAggregates,
  searchFacets,
  searchDocumentIds,
  searchLines,
  similarTerms,
  type FacetCount,
  type SearchFilters,
  type SearchTotals,
} from '../../db/queries/search';
import type { SessionUser } from '../../db/queries/users';
import { containsArabic, normalizeArabic } from '../text/arabic';
import { compileQuery, type CompiledQuery, type EntityMatch } from './compile';
import { toHits, type SearchHit } from './highlight';
import { hasPositiveTerms, parseSearchQuery, type ParsedQuery, type SearchClause } from './query';

export type SearchRequest = {
  q: string;
  filters: SearchFilters;
  /** Also match known words within a small edit distance of each query word (OCR errors). */
  fuzzy?: boolean;
  limit: number;
  offset: number;
};

export type DidYouMean = { query: string; replacements: Array<{ from: string; to: string }> };

export type SearchResponse = {
  query: string;
  totals: SearchTotals;
  hits: SearchHit[];
  facets: Record<string, FacetCount[]>;
  didYouMean: DidYouMean | null;
  /** Words the fuzzy option added, per query word. */
  expandedTerms: Array<{ from: string; to: string[] }>;
  /** Register entities the query was recognised as; their Arabic forms and tags were searched too. */
  entities: EntityMatch[];
};

const emptyFacets = () => Object.fromEntries(facetNames.map((n) => [n, [] as FacetCount[]]));

/** A query, or null when the filters alone select lines; 'empty' when there is nothing to search for. */
async function prepare(db: Executor, q: string, filters: SearchFilters, fuzzy: boolean) {
  const parsed = parseSearchQuery(q);
  if (parsed.clauses.length === 0) return { compiled: filtersSelectLines(filters) ? null : ('empty' as const), parsed, expandedTerms: [] };
  const expandedTerms = fuzzy ? await expandFuzzy(db, parsed) : [];
  const compiled = await compileQuery(db, parsed, { includeSuggested: filters.includeSuggested });
  if (!hasPositiveTerms(parsed) || !hasMatchableTerms(compiled)) return { compiled: 'empty' as const, parsed, expandedTerms };
  return { compiled, parsed, expandedTerms };
}

const fuzzyNeighbours = { limit: 4, minSimilarity: 0.45 };
const suggestionNeighbours = { limit: 6, minSimilarity: 0.3 };

/**
 * Parses, compiles and runs a search: one page of lines, totals, facets, and a suggestion when
 * nothing matched. With an empty query, entity/tag/date filters select the tagged lines.
 */
export async function runSearch(db: Executor, user: SessionUser, req: SearchRequest): Promise<SearchResponse> {
  const { compiled, parsed, expandedTerms } = await prepare(db, req.q, req.filters, req.fuzzy ?? false);
  if (compiled === 'empty') {
    return { query: req.q, totals: { lines: 0, documents: 0, approximate: false, facetsApproximate: false }, hits: [], facets: emptyFacets(), didYouMean: null, expandedTerms, entities: [] };
  }
  const [hits, { totals, facets }] = await Promise.all([
    pageOfHits(db, user, compiled, req.filters, { limit: req.limit, offset: req.offset }),
    searchFacets(db, user, compiled, req.filters),
  ]);
  const didYouMean = totals.lines === 0 && compiled ? await suggest(db, user, parsed) : null;
  return { query: req.q, totals, hits, facets, didYouMean, expandedTerms, entities: compiled?.entities ?? [] };
}

export type SearchLinesResponse = Pick<SearchResponse, 'query' | 'hits' | 'didYouMean' | 'expandedTerms' | 'entities'>;
export type SearchFacetsResponse = Pick<SearchResponse, 'query' | 'totals' | 'facets'>;

/**
 * Only the page of lines (what a person waits for after a keystroke); totals and facets come
 * from `runSearchFacets`, which the client can ask for at the same time and draw when it arrives.
 * "Did you mean" is filled when the first page is empty (then nothing matched at all).
 */
export async function runSearchLines(db: Executor, user: SessionUser, req: SearchRequest): Promise<SearchLinesResponse> {
  const { compiled, parsed, expandedTerms } = await prepare(db, req.q, req.filters, req.fuzzy ?? false);
  if (compiled === 'empty') return { query: req.q, hits: [], didYouMean: null, expandedTerms, entities: [] };
  const hits = await pageOfHits(db, user, compiled, req.filters, { limit: req.limit, offset: req.offset });
  const didYouMean = hits.length === 0 && req.offset === 0 && compiled ? await suggest(db, user, parsed) : null;
  return { query: req.q, hits, didYouMean, expandedTerms, entities: compiled?.entities ?? [] };
}

/** Totals and facets alone (the other half of `runSearch`). */
export async function runSearchFacets(db: Executor, user: SessionUser, req: Omit<SearchRequest, 'limit' | 'offset'>): Promise<SearchFacetsResponse> {
  const { compiled } = await prepare(db, req.q, req.filters, req.fuzzy ?? false);
  if (compiled === 'empty') return { query: req.q, totals: { lines: 0, documents: 0, approximate: false, facetsApproximate: false }, facets: emptyFacets() };
  const { totals, facets } = await searchFacets(db, user, compiled, req.filters);
  return { query: req.q, totals, facets };
}

/** Every matching line, up to `limit`, for CSV export. */
export async function exportSearch(db: Executor, user: SessionUser, req: Omit<SearchRequest, 'limit' | 'offset'>, limit: number) {
  const { compiled } = await prepare(db, req.q, req.filters, req.fuzzy ?? false);
  // One query, so the order is one ranking.
  return compiled === 'empty' ? [] : pageOfHits(db, user, compiled, req.filters, { limit, offset: 0 });
}

/** The documents with a matching line, lowest id first, up to `max` (a collection export of a search result). */
export async function searchDocuments(db: Executor, user: SessionUser, req: Omit<SearchRequest, 'limit' | 'offset'>, max: number): Promise<number[]> {
  const { compiled } = await prepare(db, req.q, req.filters, req.fuzzy ?? false);
  return compiled === 'empty' ? [] : searchDocumentIds(db, user, compiled, req.filters, max);
}

/** The research view's counts (documents over time by tagged date, by unit, person, place). */
export async function aggregateSearch(
  db: Executor,
  user: SessionUser,
  req: Omit<SearchRequest, 'limit' | 'offset'> & { interval: 'year' | 'month'; top: number },
) {
  const parsed = parseSearchQuery(req.q);
  if (parsed.clauses.length === 0) return searchAggregates(db, user, null, req.filters, req);
  const { compiled } = await prepare(db, req.q, req.filters, req.fuzzy ?? false);
  if (compiled === 'empty') return { documents: 0, overTime: [], byUnit: [], byPerson: [], byPlace: [] };
  return searchAggregates(db, user, compiled, req.filters, req);
}

async function pageOfHits(db: Executor, user: SessionUser, q: CompiledQuery | null, filters: SearchFilters, page: { limit: number; offset: number }): Promise<SearchHit[]> {
  return toHits(await searchLines(db, user, q, filters, page), q);
}

/** The word as the vocabulary holds it: normalized Arabic, lower-case Latin. */
const vocabularyKey = (word: string) => (containsArabic(word) ? normalizeArabic(word) : word.toLowerCase());

/** Whether any line this user may read contains the word (so a suggestion never leads nowhere, nor leaks). */
async function termHasHits(db: Executor, user: SessionUser, word: string): Promise<boolean> {
  const compiled = await compileQuery(db, { clauses: [{ negate: false, any: [{ kind: 'word', text: word }] }] });
  return hasMatchableTerms(compiled) && anyLineMatches(db, user, compiled);
}

/** Adds known near neighbours of each plain word as alternatives (mutates `parsed`). */
async function expandFuzzy(db: Executor, parsed: ParsedQuery) {
  const added: Array<{ from: string; to: string[] }> = [];
  for (const clause of parsed.clauses) {
    if (clause.negate) continue;
    const words = clause.any.filter((t) => t.kind === 'word' && !t.text.includes(' '));
    for (const w of words) {
      const near = await similarTerms(db, vocabularyKey(w.text), fuzzyNeighbours);
      if (near.length === 0) continue;
      clause.any.push(...near.map((n) => ({ kind: 'word' as const, text: n.term })));
      added.push({ from: w.text, to: near.map((n) => n.term) });
    }
  }
  return added;
}

/**
 * "Did you mean": for each word of a query that found nothing, the nearest known word that
 * occurs in a line this user may read. Only words are replaced; phrases and prefixes stay.
 */
async function suggest(db: Executor, user: SessionUser, parsed: ParsedQuery): Promise<DidYouMean | null> {
  const replacements: Array<{ from: string; to: string }> = [];
  const positives: SearchClause[] = parsed.clauses.filter((c) => !c.negate);
  for (const clause of positives) {
    for (const term of clause.any) {
      if (term.kind !== 'word') continue;
      if (await termHasHits(db, user, term.text)) continue;
      for (const candidate of await similarTerms(db, vocabularyKey(term.text), suggestionNeighbours)) {
        if (await termHasHits(db, user, candidate.term)) {
          replacements.push({ from: term.text, to: candidate.term });
          break;
        }
      }
    }
  }
  if (replacements.length === 0) return null;
  const query = parsed.clauses
    .map((c) => {
      const body = c.any
        .map((t) => {
          const r = t.kind === 'word' ? replacements.find((x) => x.from === t.text) : undefined;
          const text = r ? r.to : t.text;
          return t.kind === 'phrase' ? `"${text}"` : t.kind === 'prefix' ? `${text}*` : text;
        })
        .join(' OR ');
      return c.negate ? `-${body}` : body;
    })
    .join(' ');
  return { query, replacements };
}
