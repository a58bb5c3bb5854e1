// Matching lines: where each is (document, page, line), the Arabic and English with the
// matched words highlighted; a click anywhere on a hit opens the editor at that line.
import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { SearchHit } from '../../api.ts';
import { formatNumber, t } from '../../i18n.ts';
import { StatusBadge } from '../status.tsx';
import { Highlighted } from './highlight.tsx';

export function SearchHits(props: { hits: readonly SearchHit[]; start: number; onOpen: (hit: SearchHit, ev: MouseEvent) => void }) {
  return (
    <ol class="hits" start={props.start}>
      <For each={props.hits}>
        {(hit) => (
          <li class="hit" onClick={(e) => props.onOpen(hit, e)} data-segment-id={hit.segmentId}>
            <div class="hit-head">
              <A href={hit.editorUrl} class="hit-link">
                <bdi>{hit.title}</bdi>
                <span class="hit-loc">
                  {' · '}
                  {t('search.pageLine', { page: formatNumber(hit.pageNo), line: formatNumber(hit.lineNo) })}
                </span>
              </A>
              <Show when={hit.archiveRef}>
                <span class="muted" dir="auto">
                  {hit.archiveRef}
                </span>
              </Show>
              <span class="muted" dir="auto">
                {hit.collection}
              </span>
              <StatusBadge status={hit.documentStatus} />
            </div>
            <div class="hit-lines">
              <Highlighted class="hit-ar" lang="ar" text={hit.text} spans={hit.highlights.text} />
              <Show when={hit.translation} fallback={<p class="hit-en muted">{t('search.noTranslation')}</p>}>
                <Highlighted class="hit-en" lang="en" text={hit.translation} spans={hit.highlights.translation} />
              </Show>
            </div>
          </li>
        )}
      </For>
    </ol>
  );
}
