// Search (issue 6): a query box in Arabic or English, filters with counts, matching lines with
// the words highlighted, one click to the editor at that line, CSV export. Query and filters
// live in the URL (links from the research charts and entity pages land here).
import { A, createAsync, useNavigate, useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show } from 'solid-js';
import {
  getSearchFacets,
  getSearchLines,
  searchExportUrl,
  type SearchFacets,
  type SearchFacetsQuery,
  type SearchHit,
  type SearchLines,
} from '../api.ts';
import { Pager } from '../components/pager.tsx';
import { ActiveFilters, type FilterChip } from '../components/search/active-filters.tsx';
import { EntityName, facetLabel } from '../components/search/facets.tsx';
import { SearchFilters } from '../components/search/search-filters.tsx';
import { SearchHits } from '../components/search/search-hits.tsx';
import { SearchExport } from '../components/exchange/collection-export.tsx';
import '../components/search/search.css';
import { formatNumber, t } from '../i18n.ts';
import { facetParam, filtersFrom, listOf, one, searchQueryFrom, toggled, type FilterKey } from '../lib/search-params.ts';
import { usePageTitle } from '../lib/title.ts';

const PAGE_SIZE = 20;
/** Long enough to skip most intermediate keystrokes, short enough to stay under 300 ms. */
const TYPING_PAUSE_MS = 90;

export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  usePageTitle(() => t('search.title'));

  // The URL changes often without changing the search; a new query object only when it does.
  const sameSearch = { equals: (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b) };
  const apiQuery = createMemo(() => searchQueryFrom(params, PAGE_SIZE), undefined, sameSearch);
  /** Totals and facets do not depend on the page of results: paging asks for lines only. */
  const facetsQuery = createMemo(
    (): SearchFacetsQuery | null => {
      const q = apiQuery();
      if (!q) return null;
      const { limit: _limit, offset: _offset, ...rest } = q;
      return rest;
    },
    undefined,
    sameSearch,
  );
  const result = createAsync(async () => {
    const q = apiQuery();
    return q ? getSearchLines(q) : null;
  });
  const facetsResult = createAsync(async () => {
    const q = facetsQuery();
    return q ? { query: q, counts: await getSearchFacets(q) } : null;
  });
  /** The last lines shown; kept while the next ones load so the list does not flicker. */
  const shown = (): SearchLines | null | undefined => result.latest;
  /** The last facets (drawn while newer ones load); `counts` only when they belong to the current query. */
  const shownFacets = (): SearchFacets | undefined => facetsResult.latest?.counts;
  const counts = (): SearchFacets | undefined => {
    const f = facetsResult.latest;
    return f && f.query === facetsQuery() ? f.counts : undefined; // the memo keeps one object per query
  };

  // ——— the query box: debounced into the URL, timed from keystroke to rendered list ———
  let input!: HTMLInputElement;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let typedAt: { q: string; at: number } | undefined;
  const [renderMs, setRenderMs] = createSignal<number>();
  onCleanup(() => clearTimeout(timer));
  onMount(() => {
    input.value = one(params.q);
    if (!one(params.q) && !Object.keys(filtersFrom(params)).length) input.focus();
  });

  function setQuery(q: string, now = false) {
    clearTimeout(timer);
    typedAt = { q: q.trim(), at: performance.now() };
    const apply = () => setParams({ q: q.trim() || null, offset: null }, { replace: true });
    if (now) apply();
    else timer = setTimeout(apply, TYPING_PAUSE_MS);
  }

  createEffect(
    on(result, (r) => {
      if (!r || !typedAt || r.query.trim() !== typedAt.q) return;
      const started = typedAt.at;
      typedAt = undefined;
      // After the browser has laid out and painted the new list.
      requestAnimationFrame(() => setTimeout(() => setRenderMs(Math.round(performance.now() - started)), 0));
    }),
  );

  // ——— filters ———
  function setFilter(key: FilterKey, value: string | null) {
    setParams({ [key]: value, offset: null });
  }
  /** Active filters as removable chips. */
  const chips = createMemo(() => {
    const r = shown();
    const facets = shownFacets()?.facets;
    const out: FilterChip[] = [];
    for (const [group, key] of Object.entries(facetParam)) {
      for (const value of listOf(params[key])) {
        const f = facets?.[group]?.find((x) => x.value === value);
        const e = r?.entities.find((x) => String(x.id) === value);
        const label = f ? facetLabel(group, f) : e ? e.canonicalEn || e.canonicalAr : value;
        out.push({ key, value, label });
      }
    }
    for (const value of listOf(params.entity)) {
      const e = r?.entities.find((x) => String(x.id) === value);
      out.push({ key: 'entity', value, label: e ? e.canonicalEn || e.canonicalAr : `#${value}` });
    }
    return out;
  });

  const offset = () => Number(apiQuery()?.offset ?? 0);

  function openHit(hit: SearchHit, ev: MouseEvent) {
    // A click anywhere on the result opens it; links and selections keep their own behaviour.
    if ((ev.target as HTMLElement).closest('a, button') || window.getSelection()?.toString()) return;
    navigate(hit.editorUrl);
  }

  return (
    <div class="search-page">
      <div class="search-head">
        <h1>{t('search.title')}</h1>
        <form
          class="search-form"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setQuery(input.value, true);
          }}
        >
          <label for="search-q">{t('search.label')}</label>
          <div class="search-box">
            <input
              id="search-q"
              ref={input}
              type="search"
              dir="auto"
              autocomplete="off"
              spellcheck={false}
              placeholder={t('search.placeholder')}
              aria-describedby="search-help"
              onInput={(e) => setQuery(e.currentTarget.value)}
            />
            <button type="submit" class="primary">
              {t('search.submit')}
            </button>
          </div>
          <p id="search-help" class="hint">
            {t('search.help')}
          </p>
          <label class="check">
            <input
              type="checkbox"
              checked={one(params.fuzzy) === '1'}
              onChange={(e) => setParams({ fuzzy: e.currentTarget.checked ? '1' : null, offset: null })}
            />
            {t('search.fuzzy')}
          </label>
        </form>
      </div>

      <div class="search-layout">
        <SearchFilters
          params={params}
          facets={shownFacets()}
          current={!!counts()}
          onFilter={setFilter}
          onToggle={(group, value) => {
            const key = facetParam[group];
            if (key) setFilter(key, toggled(listOf(params[key]), value));
          }}
          onYear={(year) => {
            const selected = one(params.from) === year && one(params.to) === year;
            setParams({ from: selected ? null : year, to: selected ? null : year, offset: null });
          }}
        />

        <section class="search-results" aria-labelledby="results-title">
          <ActiveFilters
            chips={chips()}
            onRemove={(c) => setFilter(c.key, toggled(listOf(params[c.key]), c.value))}
            onClear={() =>
              setParams({
                collection: null,
                status: null,
                entity: null,
                person: null,
                unit: null,
                place: null,
                tag: null,
                from: null,
                to: null,
                offset: null,
              })
            }
          />

          <Show
            when={apiQuery() && shown()}
            fallback={
              <p class="empty" id="results-title">
                {t('search.start')}
              </p>
            }
          >
            {(r) => (
              <>
                <div class="results-bar">
                  <h2 id="results-title" aria-live="polite">
                    <Show when={counts()?.totals} fallback={t('search.counting')}>
                      {(totals) =>
                        t(totals().approximate ? 'search.totalsAtLeast' : 'search.totals', {
                          lines: t('search.lines', { n: formatNumber(totals().lines), count: totals().lines }),
                          documents: t('search.documents', { n: formatNumber(totals().documents), count: totals().documents }),
                          nLines: formatNumber(totals().lines),
                          nDocuments: formatNumber(totals().documents),
                        })
                      }
                    </Show>
                  </h2>
                  <Show when={renderMs() !== undefined}>
                    <span class="muted render-time" data-render-ms={renderMs()}>
                      {t('search.renderTime', { ms: formatNumber(renderMs()!) })}
                    </span>
                  </Show>
                  <span class="results-actions">
                    <A
                      href={`/research?${new URLSearchParams(Object.entries({ q: one(params.q), ...filtersFrom(params) }).filter((kv) => kv[1]) as [string, string][])}`}
                    >
                      {t('search.toResearch')}
                    </A>
                    <Show when={r().hits.length > 0}>
                      <a href={searchExportUrl(apiQuery()!)} download="sijill-search.csv">
                        {t('search.exportCsv')}
                      </a>
                      <SearchExport search={() => apiQuery() as Record<string, string>} />
                    </Show>
                  </span>
                </div>

                <Show when={r().didYouMean}>
                  {(d) => (
                    <p class="did-you-mean">
                      {t('search.didYouMean')}{' '}
                      <button
                        type="button"
                        class="link-button"
                        dir="auto"
                        onClick={() => {
                          input.value = d().query;
                          setQuery(d().query, true);
                        }}
                      >
                        {d().query}
                      </button>
                    </p>
                  )}
                </Show>
                <Show when={r().expandedTerms.length > 0}>
                  <p class="hint expanded">
                    {t('search.expanded')}{' '}
                    <For each={r().expandedTerms}>
                      {(e, i) => (
                        <>
                          {i() > 0 && '; '}
                          <bdi>{e.from}</bdi> → <bdi>{e.to.join(' · ')}</bdi>
                        </>
                      )}
                    </For>
                  </p>
                </Show>
                <Show when={r().entities.length > 0}>
                  <p class="hint">
                    {t('search.entitiesMatched')}{' '}
                    <For each={r().entities}>
                      {(e, i) => (
                        <>
                          {i() > 0 && ' · '}
                          <A href={`/entities/${e.id}`}>
                            <EntityName ar={e.canonicalAr} en={e.canonicalEn} />
                          </A>
                        </>
                      )}
                    </For>
                  </p>
                </Show>

                <Show when={r().hits.length > 0} fallback={<p class="empty">{t('search.none')}</p>}>
                  <SearchHits hits={r().hits} start={offset() + 1} onOpen={openHit} />
                </Show>

                <Pager
                  label={t('search.pager')}
                  offset={offset()}
                  pageSize={PAGE_SIZE}
                  total={counts()?.totals.lines ?? 0}
                  onOffset={(o) => setParams({ offset: o })}
                />
              </>
            )}
          </Show>
        </section>
      </div>
    </div>
  );
}
