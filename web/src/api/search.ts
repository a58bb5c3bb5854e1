// Search and research: matching lines, facets, CSV export, counts over time.
import { query, revalidate } from '@solidjs/router';
import type { InferRequestType, InferResponseType } from 'hono/client';
import { client, ok, type Api } from './client.ts';

export type SearchQuery = InferRequestType<Api['search']['lines']['$get']>['query'];
export type SearchFacetsQuery = InferRequestType<Api['search']['facets']['$get']>['query'];
export type SearchLines = InferResponseType<Api['search']['lines']['$get'], 200>;
export type SearchFacets = InferResponseType<Api['search']['facets']['$get'], 200>;
export type SearchHit = SearchLines['hits'][number];
export type FacetCount = SearchFacets['facets'][string][number];
export type SearchAggregates = InferResponseType<Api['search']['aggregates']['$get'], 200>;
export type AggregatesQuery = InferRequestType<Api['search']['aggregates']['$get']>['query'];

/**
 * Typing fires a search per pause; a request that a newer one of the same kind has replaced is
 * cancelled so the server and the connection only work for the words on screen.
 */
function latestOnly<P, R>(name: string, fetcher: (params: P, signal: AbortSignal) => Promise<R>) {
  let inFlight: { key: string; controller: AbortController } | undefined;
  const cached = query(async (params: P): Promise<R> => {
    const key = cached.keyFor(params);
    if (inFlight && inFlight.key !== key) {
      inFlight.controller.abort();
      // The cancelled entry must not be served from the cache when the user types back to it.
      void revalidate(inFlight.key, true);
    }
    const controller = new AbortController();
    inFlight = { key, controller };
    try {
      return await fetcher(params, controller.signal);
    } finally {
      if (inFlight?.controller === controller) inFlight = undefined;
    }
  }, name);
  return cached;
}

/**
 * The page of matching lines with highlights and "did you mean": what a person waits for after a
 * keystroke. Totals and facets come from `getSearchFacets`, asked at the same time and drawn when
 * they arrive (a new page of results does not ask for them again).
 */
export const getSearchLines = latestOnly('searchLines', async (params: SearchQuery, signal): Promise<SearchLines> =>
  (await ok(client.api.search.lines.$get({ query: params }, { init: { signal } }))).json(),
);

/** Totals and documents per facet value for a query and its filters. */
export const getSearchFacets = latestOnly('searchFacets', async (params: SearchFacetsQuery, signal): Promise<SearchFacets> =>
  (await ok(client.api.search.facets.$get({ query: params }, { init: { signal } }))).json(),
);

/** Where the browser downloads every matching line as CSV (the session cookie goes along). */
export function searchExportUrl(params: SearchQuery): string {
  const flat = Object.entries(params).filter((kv): kv is [string, string] => typeof kv[1] === 'string' && kv[1] !== '');
  return `/api/search/export.csv?${new URLSearchParams(flat)}`;
}

/** Counts for the research view: documents over time, by unit, person and place. */
export const getAggregates = query(
  async (params: AggregatesQuery): Promise<SearchAggregates> => (await ok(client.api.search.aggregates.$get({ query: params }))).json(),
  'searchAggregates',
);
