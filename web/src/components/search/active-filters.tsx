// The search's active filters as chips, each removable, and "clear all".
import { For, Show } from 'solid-js';
import { t } from '../../i18n.ts';
import type { FilterKey } from '../../lib/search-params.ts';

export interface FilterChip {
  key: FilterKey;
  value: string;
  label: string;
}

export function ActiveFilters(props: { chips: readonly FilterChip[]; onRemove: (chip: FilterChip) => void; onClear: () => void }) {
  return (
    <Show when={props.chips.length > 0}>
      <ul class="chips" aria-label={t('search.activeFilters')}>
        <For each={props.chips}>
          {(c) => (
            <li class="chip">
              <span dir="auto">{c.label}</span>
              <button
                type="button"
                class="chip-remove"
                aria-label={t('search.removeFilter', { label: c.label })}
                onClick={() => props.onRemove(c)}
              >
                ×
              </button>
            </li>
          )}
        </For>
        <li>
          <button type="button" class="link-button" onClick={() => props.onClear()}>
            {t('search.clearFilters')}
          </button>
        </li>
      </ul>
    </Show>
  );
}
