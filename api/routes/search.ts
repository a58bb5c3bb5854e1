import { createRoute, z } from '@hono/zod-openapi';
import { documentStatuses, entityKinds, type DocumentStatus, type EntityKind } from '../../db/schema';
import { filtersSelectLines, type SearchFilters } from '../../db/queries/search';
import { AppError } from '../lib/errors';
import { toCsv } from '../exchange/csv';
import { aggregateSearch, exportSearch, runSearch, runSearchFacets, runSearchLines } from '../search/search';
import { errorResponse, jsonContent } from './schemas';
import { protectedRouter } from './router';

const exportLimit = 10_000;

/** Comma-separated lists keep the query string flat for links, charts and the typed client. */
const list = (description: string, example?: string) => z.string().max(2000).optional().openapi({ description, example });
const isoDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'Use an ISO date: YYYY, YYYY-MM or YYYY-MM-DD.')
  .optional();

export const filterParams = {
  q: z.string().max(500).default('').openapi({
    description:
      'Arabic or English. Words are ANDed; `"a phrase"`, `prefix*`, `-exclude`, `a OR b`. Arabic is matched after folding hamza, ta marbuta, alef maqsura, diacritics, tatweel, digits and presentation forms, and through attached proclitics (و ف ب ك ل ال: `المطلوبين` finds `والمطلوبين`); numbers inside dates and references are words of their own; romanized names match variant spellings, untranslated Arabic (ranked below exact matches) and register entities. May be empty when `entity`, `tag` or a date range is given.',
    example: 'محمد الحلبي',
  }),
  collection: list('Collection names, comma-separated'),
  status: list(`Document statuses, comma-separated: ${documentStatuses.join(', ')}`, 'in_progress,certified'),
  document: z.coerce.number().int().positive().optional().openapi({ description: 'Only this document' }),
  entity: list('Entity ids (any kind); documents tagged with all of them', '12,40'),
  person: list('Person entity ids (same as entity)'),
  unit: list('Unit entity ids (same as entity)'),
  place: list('Place entity ids (same as entity)'),
  tag: list(`Tag kinds the document must carry, comma-separated: ${entityKinds.join(', ')}`, 'person,date'),
  from: isoDate.openapi({ description: 'Documents with a date on or after (ISO): a tagged date, or one a line writes', example: '2013-01-01' }),
  to: isoDate.openapi({ description: 'Documents with a date on or before (ISO): a tagged date, or one a line writes', example: '2014-12-31' }),
  fuzzy: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .openapi({ description: 'Also match known words a character or two away (OCR misreadings)' }),
  suggested: z.enum(['true', 'false', '1', '0']).optional().openapi({
    description:
      'Count the suggestion engine’s unconfirmed tags too (for names, entity/tag/date filters, facets and research counts). By default only tags a person accepted count.',
  }),
};

const SpanSchema = z.object({ start: z.number(), end: z.number() }).openapi('Span', { description: 'UTF-16 offsets, end exclusive' });
const FacetCountSchema = z
  .object({
    value: z.string().openapi({ description: 'The filter value to send back (an id for entities)' }),
    label: z.string(),
    labelAr: z.string().nullable(),
    count: z.number().openapi({ description: 'Documents' }),
  })
  .openapi('FacetCount');

const SearchHitSchema = z
  .object({
    segmentId: z.number(),
    documentId: z.number(),
    title: z.string(),
    archiveRef: z.string().nullable(),
    collection: z.string(),
    documentStatus: z.enum(documentStatuses),
    pageId: z.number(),
    pageNo: z.number(),
    lineNo: z.number().openapi({ description: '1-based position of the line on its page' }),
    text: z.string().openapi({ description: 'Current Arabic text, as stored' }),
    translation: z.string(),
    rank: z.number(),
    highlights: z.object({ text: z.array(SpanSchema), translation: z.array(SpanSchema) }),
    editorUrl: z
      .string()
      .openapi({ description: 'Web app path that opens the editor at this line', example: '/documents/3?page=1&segment=41' }),
  })
  .openapi('SearchHit');

const EntityRefSchema = z
  .object({ id: z.number(), kind: z.enum(entityKinds), canonicalAr: z.string(), canonicalEn: z.string(), aliasesAr: z.array(z.string()) })
  .openapi('SearchEntity');

const SearchResultSchema = z
  .object({
    query: z.string(),
    totals: z.object({
      lines: z.number(),
      documents: z.number(),
      approximate: z.boolean().openapi({ description: 'More lines match than were counted (10,000): totals are "at least"' }),
      facetsApproximate: z.boolean().openapi({ description: 'Facets were counted over the documents of the first 2,000 matching lines' }),
    }),
    hits: z.array(SearchHitSchema),
    facets: z.record(z.string(), z.array(FacetCountSchema)).openapi({
      description: 'Documents per value: status, collection, tagType, person, unit, place (top 20 each), year (of tagged dates)',
    }),
    didYouMean: z
      .object({ query: z.string(), replacements: z.array(z.object({ from: z.string(), to: z.string() })) })
      .nullable()
      .openapi({ description: 'When nothing matched: the query with each unmatched word replaced by the nearest word that occurs' }),
    expandedTerms: z.array(z.object({ from: z.string(), to: z.array(z.string()) })),
    entities: z.array(EntityRefSchema),
  })
  .openapi('SearchResult');

/** The filters plus a page window: what /api/search and /api/search/lines take. */
const pagedSearchQuery = z.object({
  ...filterParams,
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});

const searchRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['search'],
  summary: 'Search current transcriptions and translations the user may read; lines with highlights, facets, totals',
  request: {
    query: pagedSearchQuery,
  },
  responses: {
    200: jsonContent(SearchResultSchema, 'Matching lines, best first'),
    400: errorResponse('Invalid parameters, or neither a query nor a tag filter'),
    401: errorResponse('Not signed in'),
  },
});

const SearchLinesSchema = SearchResultSchema.pick({
  query: true,
  hits: true,
  didYouMean: true,
  expandedTerms: true,
  entities: true,
}).openapi('SearchLines');
const SearchFacetsSchema = SearchResultSchema.pick({ query: true, totals: true, facets: true }).openapi('SearchFacets');

const linesRoute = createRoute({
  method: 'get',
  path: '/lines',
  tags: ['search'],
  summary: 'The page of matching lines only (fast path); ask /api/search/facets at the same time for totals and facets',
  request: {
    query: pagedSearchQuery,
  },
  responses: {
    200: jsonContent(SearchLinesSchema, 'Matching lines, best first; didYouMean when the first page is empty'),
    400: errorResponse('Invalid parameters, or neither a query nor a tag filter'),
    401: errorResponse('Not signed in'),
  },
});

const facetsRoute = createRoute({
  method: 'get',
  path: '/facets',
  tags: ['search'],
  summary: 'Totals and facets of a search (the slower half of GET /api/search)',
  request: { query: z.object(filterParams) },
  responses: {
    200: jsonContent(SearchFacetsSchema, 'Totals and documents per facet value'),
    400: errorResponse('Invalid parameters, or neither a query nor a tag filter'),
    401: errorResponse('Not signed in'),
  },
});

const exportRoute = createRoute({
  method: 'get',
  path: '/export.csv',
  tags: ['search'],
  summary: `Every matching line (up to ${exportLimit}) as CSV (UTF-8 with BOM)`,
  request: { query: z.object(filterParams) },
  responses: {
    200: {
      content: { 'text/csv': { schema: z.string() } },
      description: 'document_id, title, archive_ref, collection, status, page, line, segment_id, arabic, english, link',
    },
    400: errorResponse('Invalid parameters'),
    401: errorResponse('Not signed in'),
  },
});

const AggregatesSchema = z
  .object({
    documents: z.number(),
    overTime: z.array(z.object({ period: z.string().openapi({ example: '2013-04' }), documents: z.number() })),
    byUnit: z.array(FacetCountSchema),
    byPerson: z.array(FacetCountSchema),
    byPlace: z.array(FacetCountSchema),
  })
  .openapi('SearchAggregates');

const aggregatesRoute = createRoute({
  method: 'get',
  path: '/aggregates',
  tags: ['search'],
  summary:
    'Research view: documents over time (by tagged date), by unit, person and place, for the query and filters (or all readable documents)',
  request: {
    query: z.object({
      ...filterParams,
      interval: z.enum(['year', 'month']).default('month'),
      top: z.coerce.number().int().min(1).max(100).default(20),
    }),
  },
  responses: {
    200: jsonContent(AggregatesSchema, 'Counts of documents'),
    400: errorResponse('Invalid parameters'),
    401: errorResponse('Not signed in'),
  },
});

export type FilterQuery = { [K in keyof typeof filterParams]?: z.infer<(typeof filterParams)[K]> };

function splitList(v: string | undefined) {
  return v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

function ids(v: string | undefined, name: string) {
  return splitList(v).map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n <= 0)
      throw new AppError(400, 'invalid_request', `${name}: "${s}" is not an id. Send ids separated by commas.`);
    return n;
  });
}

function oneOf<T extends string>(v: string | undefined, allowed: readonly T[], name: string): T[] {
  return splitList(v).map((s) => {
    if (!(allowed as readonly string[]).includes(s))
      throw new AppError(400, 'invalid_request', `${name}: "${s}" is not one of ${allowed.join(', ')}.`);
    return s as T;
  });
}

/** An ISO (possibly partial) date widened to the first or last day it covers. */
function dateBound(v: string | undefined, end: boolean) {
  if (!v) return undefined;
  if (v.length === 4) return end ? `${v}-12-31` : `${v}-01-01`;
  if (v.length === 7) return end ? `${v}-31` : `${v}-01`;
  return v;
}

/** A boolean query parameter (`true` or `1`). */
export const isOn = (v: string | undefined) => v === 'true' || v === '1';

export function toFilters(p: FilterQuery): SearchFilters {
  const entityIds = [...ids(p.entity, 'entity'), ...ids(p.person, 'person'), ...ids(p.unit, 'unit'), ...ids(p.place, 'place')];
  const filters: SearchFilters = {
    collections: splitList(p.collection),
    statuses: oneOf<DocumentStatus>(p.status, documentStatuses, 'status'),
    entityIds: [...new Set(entityIds)],
    tagKinds: oneOf<EntityKind>(p.tag, entityKinds, 'tag'),
    dateFrom: dateBound(p.from, false),
    dateTo: dateBound(p.to, true),
  };
  if (p.document) filters.documentId = p.document;
  if (isOn(p.suggested)) filters.includeSuggested = true;
  return filters;
}


function requireSomething(q: string, filters: SearchFilters) {
  if (!q.trim() && !filtersSelectLines(filters)) {
    throw new AppError(400, 'empty_query', 'Type a word or a name to search for, or choose a person, unit, place, tag kind or date range.');
  }
}

const withEditorUrl = <H extends { documentId: number; pageNo: number; segmentId: number }>(h: H) => ({
  ...h,
  editorUrl: `/documents/${h.documentId}?page=${h.pageNo}&segment=${h.segmentId}`,
});

export const searchRoutes = protectedRouter()
  .openapi(searchRoute, async (c) => {
    const p = c.req.valid('query');
    const filters = toFilters(p);
    requireSomething(p.q, filters);
    const result = await runSearch(c.var.deps.database.db, c.var.user, {
      q: p.q,
      filters,
      fuzzy: isOn(p.fuzzy),
      limit: p.limit,
      offset: p.offset,
    });
    return c.json(
      {
        ...result,
        hits: result.hits.map(withEditorUrl),
      },
      200,
    );
  })
  .openapi(linesRoute, async (c) => {
    const p = c.req.valid('query');
    const filters = toFilters(p);
    requireSomething(p.q, filters);
    const result = await runSearchLines(c.var.deps.database.db, c.var.user, {
      q: p.q,
      filters,
      fuzzy: isOn(p.fuzzy),
      limit: p.limit,
      offset: p.offset,
    });
    return c.json({ ...result, hits: result.hits.map(withEditorUrl) }, 200);
  })
  .openapi(facetsRoute, async (c) => {
    const p = c.req.valid('query');
    const filters = toFilters(p);
    requireSomething(p.q, filters);
    return c.json(await runSearchFacets(c.var.deps.database.db, c.var.user, { q: p.q, filters, fuzzy: isOn(p.fuzzy) }), 200);
  })
  .openapi(exportRoute, async (c) => {
    const p = c.req.valid('query');
    const hits = await exportSearch(
      c.var.deps.database.db,
      c.var.user,
      { q: p.q, filters: toFilters(p), fuzzy: isOn(p.fuzzy) },
      exportLimit,
    );
    const csv = toCsv(
      ['document_id', 'title', 'archive_ref', 'collection', 'status', 'page', 'line', 'segment_id', 'arabic', 'english', 'link'],
      hits.map((h) => [
        h.documentId,
        h.title,
        h.archiveRef ?? '',
        h.collection,
        h.documentStatus,
        h.pageNo,
        h.lineNo,
        h.segmentId,
        h.text,
        h.translation,
        `/documents/${h.documentId}?page=${h.pageNo}&segment=${h.segmentId}`,
      ]),
    );
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="sijill-search.csv"`,
      'cache-control': 'no-store',
    }) as never;
  })
  .openapi(aggregatesRoute, async (c) => {
    const p = c.req.valid('query');
    const result = await aggregateSearch(c.var.deps.database.db, c.var.user, {
      q: p.q,
      filters: toFilters(p),
      fuzzy: isOn(p.fuzzy),
      interval: p.interval,
      top: p.top,
    });
    return c.json(result, 200);
  });
