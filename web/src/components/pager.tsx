import { Show } from 'solid-js';
import { formatNumber, t } from '../i18n.ts';

/** Previous / "from–to of total" / next, for every paged list; nothing when it all fits on one page. `null` means the first page. */
export function Pager(props: {
  label: string;
  offset: number;
  pageSize: number;
  total: number;
  onOffset: (offset: number | null) => void;
}) {
  return (
    <Show when={props.total > props.pageSize}>
      <nav class="pager" aria-label={props.label}>
        <button
          type="button"
          disabled={props.offset === 0}
          onClick={() => props.onOffset(Math.max(0, props.offset - props.pageSize) || null)}
        >
          {t('common.previous')}
        </button>
        <span>
          {t('common.range', {
            from: formatNumber(props.offset + 1),
            to: formatNumber(Math.min(props.offset + props.pageSize, props.total)),
            total: formatNumber(props.total),
          })}
        </span>
        <button
          type="button"
          disabled={props.offset + props.pageSize >= props.total}
          onClick={() => props.onOffset(props.offset + props.pageSize)}
        >
          {t('common.next')}
        </button>
      </nav>
    </Show>
  );
}
