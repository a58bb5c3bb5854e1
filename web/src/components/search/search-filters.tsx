// The search's filters: a date range typed as a year, year-month or full date, and the facet
// groups (year, person, unit, place, tag type, status, collection), each value with its count.
import { For, Show } from 'solid-js';
import type { SearchFacets } from '../../api.ts';
import { t } from '../../i18n.ts';
import { facetParam, listOf, one, type FilterKey } from '../../lib/search-params.ts';
import { FacetGroup } from './facets.tsx';

const ISO_PARTIAL = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const facetGroups = ['person', 'unit', 'place', 'tagType', 'status', 'collection'] as const;

export function SearchFilters(props: {
  params: Partial<Record<string, string | string[]>>;
  /** The last facets shown (kept while newer ones load). */
  facets: SearchFacets | undefined;
  /** False while the facets shown belong to an earlier query (drawn faded). */
  current: boolean;
  onFilter: (key: FilterKey, value: string | null) => void;
  onToggle: (group: string, value: string) => void;
  onYear: (year: string) => void;
}) {
  function applyDate(key: 'from' | 'to', raw: string, el: HTMLInputElement) {
    const v = raw.trim();
    if (v && !ISO_PARTIAL.test(v)) {
      el.setCustomValidity(t('search.dateFormat'));
      el.reportValidity();
      return;
    }
    el.setCustomValidity('');
    props.onFilter(key, v || null);
  }
  const yearSelected = () => {
    const from = one(props.params.from);
    return from && from === one(props.params.to) && /^\d{4}$/.test(from) ? [from] : [];
  };

  return (
    <aside class="search-filters" aria-label={t('search.filters')}>
      <h2>{t('search.filters')}</h2>
      <fieldset class="facet date-range">
        <legend>{t('search.dateRange')}</legend>
        <label>
          {t('search.from')}
          <input
            type="text"
            inputmode="numeric"
            dir="ltr"
            placeholder={t('search.datePlaceholder')}
            value={one(props.params.from)}
            onChange={(e) => applyDate('from', e.currentTarget.value, e.currentTarget)}
          />
        </label>
        <label>
          {t('search.to')}
          <input
            type="text"
            inputmode="numeric"
            dir="ltr"
            placeholder={t('search.datePlaceholder')}
            value={one(props.params.to)}
            onChange={(e) => applyDate('to', e.currentTarget.value, e.currentTarget)}
          />
        </label>
      </fieldset>
      <Show when={props.facets}>
        {(r) => (
          <div classList={{ stale: !props.current }}>
            <Show when={r().totals.facetsApproximate}>
              <p class="hint">{t('search.facetsApprox')}</p>
            </Show>
            <FacetGroup group="year" values={r().facets.year ?? []} selected={yearSelected()} onToggle={props.onYear} />
            <For each={facetGroups}>
              {(group) => (
                <FacetGroup
                  group={group}
                  values={r().facets[group] ?? []}
                  selected={listOf(props.params[facetParam[group]!])}
                  onToggle={(v) => props.onToggle(group, v)}
                />
              )}
            </For>
          </div>
        )}
      </Show>
    </aside>
  );
}
