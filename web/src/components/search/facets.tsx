import { For, Show } from 'solid-js';
import type { FacetCount } from '../../api.ts';
import { formatNumber, lang, t } from '../../i18n.ts';

/** How a facet value reads in the current language (statuses and tag kinds are translated). */
export function facetLabel(group: string, f: Pick<FacetCount, 'value' | 'label' | 'labelAr'>): string {
  if (group === 'status') return t(`status.document.${f.value}`);
  if (group === 'tagType') return t(`entities.kinds.${f.value}`);
  if (lang() === 'ar' && f.labelAr) return f.labelAr;
  return f.label || f.labelAr || f.value;
}

/** An entity's name: Arabic in the Arabic UI (and when there is no English form yet). */
export function EntityName(props: { ar: string; en: string; class?: string }) {
  const arabic = () => lang() === 'ar' || !props.en;
  return (
    <span class={props.class} lang={arabic() ? 'ar' : 'en'} dir={arabic() ? 'rtl' : 'ltr'}>
      {arabic() ? props.ar : props.en}
    </span>
  );
}

/**
 * One facet group: each value a toggle button with its count of documents. Pressed values are
 * the active filters; the API already narrowed the counts to them.
 */
export function FacetGroup(props: {
  group: string;
  values: readonly FacetCount[];
  selected: readonly string[];
  onToggle: (value: string) => void;
}) {
  const headingId = `facet-${props.group}`;
  return (
    <Show when={props.values.length > 0 || props.selected.length > 0}>
      <section class="facet" aria-labelledby={headingId}>
        <h3 id={headingId}>{t(`search.facet.${props.group}`)}</h3>
        <ul>
          <For each={props.values}>
            {(f) => (
              <li>
                <button
                  type="button"
                  class="facet-value"
                  aria-pressed={props.selected.includes(f.value)}
                  onClick={() => props.onToggle(f.value)}
                >
                  <span dir="auto" class="facet-label">
                    {facetLabel(props.group, f)}
                  </span>
                  <span class="facet-count" aria-label={t('search.documentsCount', { count: f.count, n: formatNumber(f.count) })}>
                    {formatNumber(f.count)}
                  </span>
                </button>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
