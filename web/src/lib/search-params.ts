// The search and research pages keep their query and filters in the URL, so a result list or
// a chart can be linked, reloaded and reached by clicking a bar. This is the one mapping from
// URL parameters to the API's search query.
import type { SearchQuery } from '../api.ts';

/** URL parameters the search API understands as filters (besides `q`). */
export const filterKeys = ['collection', 'status', 'entity', 'person', 'unit', 'place', 'tag', 'from', 'to'] as const;
export type FilterKey = (typeof filterKeys)[number];

/** Facet groups as the API names them → the URL parameter that filters by their values. */
export const facetParam: Record<string, FilterKey> = {
  status: 'status',
  collection: 'collection',
  tagType: 'tag',
  person: 'person',
  unit: 'unit',
  place: 'place',
};

type Params = Partial<Record<string, string | string[] | undefined>>;

export function one(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

export function listOf(v: string | string[] | undefined): string[] {
  return one(v)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The filters (without q/offset) found in the URL, only those with a value. */
export function filtersFrom(params: Params): Partial<Record<FilterKey, string>> {
  const out: Partial<Record<FilterKey, string>> = {};
  for (const k of filterKeys) {
    const v = one(params[k]).trim();
    if (v) out[k] = v;
  }
  return out;
}

export function hasFilters(params: Params): boolean {
  return Object.keys(filtersFrom(params)).length > 0;
}

/** The API query for the URL, or null when there is nothing to search for yet. */
export function searchQueryFrom(params: Params, limit: number): SearchQuery | null {
  const q = one(params.q).trim();
  const filters = filtersFrom(params);
  // Only a date range or tag filters may stand without words (the API refuses the rest).
  if (!q && !filters.entity && !filters.person && !filters.unit && !filters.place && !filters.tag && !filters.from && !filters.to) {
    return null;
  }
  const query: SearchQuery = { q, ...filters, limit: String(limit) };
  const offset = Number(one(params.offset));
  if (Number.isInteger(offset) && offset > 0) query.offset = String(offset);
  if (one(params.fuzzy) === '1') query.fuzzy = '1';
  return query;
}

/** A period from the research chart ("2013" or "2013-04") as an inclusive from/to pair. */
export function periodRange(period: string): { from: string; to: string } {
  return { from: period, to: period };
}

/** Toggles one value in a comma-separated list parameter. */
export function toggled(list: string[], value: string): string | null {
  const next = list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  return next.length ? next.join(',') : null;
}
