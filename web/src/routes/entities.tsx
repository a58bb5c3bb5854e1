// The entity register (issue 5): people, units and places, found by any Arabic or English
// spelling, each with how often it is tagged.
import { A, createAsync, useSearchParams } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { getEntities, type EntityKind } from '../api.ts';
import '../components/entities/entities.css';
import { formatNumber, t } from '../i18n.ts';
import { one } from '../lib/search-params.ts';
import { usePageTitle } from '../lib/title.ts';
import { Pager } from '../components/pager.tsx';
import { DataTable } from '../components/table/data-table.tsx';
import { ParamSearchInput } from '../components/param-search-input.tsx';

const PAGE_SIZE = 50;
const KINDS = ['person', 'unit', 'place', 'other'] as const satisfies readonly EntityKind[];

export function EntitiesPage() {
  const [params, setParams] = useSearchParams();
  usePageTitle(() => t('entities.title'));
  const kind = () => ((KINDS as readonly string[]).includes(one(params.kind)) ? (one(params.kind) as EntityKind) : undefined);
  const offset = () => Math.max(0, Number(one(params.offset)) || 0);
  const list = createAsync(() => getEntities({ kind: kind(), q: one(params.q), offset: offset(), limit: PAGE_SIZE }));

  return (
    <div class="entities-page">
      <h1>{t('entities.title')}</h1>
      <div class="register-filters">
        <label>
          {t('entities.find')}
          <ParamSearchInput placeholder={t('entities.findPlaceholder')} />
        </label>
        <div role="group" aria-label={t('entities.kindFilter')} class="kind-filter">
          <button type="button" aria-pressed={!kind()} onClick={() => setParams({ kind: null, offset: null })}>
            {t('entities.allKinds')}
          </button>
          <For each={KINDS}>
            {(k) => (
              <button type="button" aria-pressed={kind() === k} onClick={() => setParams({ kind: k, offset: null })}>
                {t(`entities.kinds.${k}`)}
              </button>
            )}
          </For>
        </div>
      </div>
      <Show when={list()}>
        {(l) => (
          <>
            <p class="muted">{t('entities.total', { n: formatNumber(l().total), count: l().total })}</p>
            <Show when={l().entities.length > 0} fallback={<p class="empty">{t('entities.none')}</p>}>
              <DataTable
                class="entity-table"
                rows={l().entities}
                columns={[
                  {
                    id: 'arabic',
                    header: t('entities.col.arabic'),
                    cell: (e) => (
                      <A href={`/entities/${e.id}`} lang="ar" dir="rtl">
                        {e.canonicalAr}
                      </A>
                    ),
                  },
                  {
                    id: 'english',
                    header: t('entities.col.english'),
                    cell: (e) => (
                      <A
                        href={`/entities/${e.id}`}
                        lang="en"
                        dir="ltr"
                        aria-label={t('entities.open', { name: e.canonicalEn || e.canonicalAr })}
                      >
                        <Show when={e.canonicalEn} fallback={<span class="muted">—</span>}>
                          {e.canonicalEn}
                        </Show>
                      </A>
                    ),
                  },
                  {
                    id: 'kind',
                    header: t('entities.col.kind'),
                    cell: (e) => <span class={`kind kind-${e.kind}`}>{t(`entities.kinds.${e.kind}`)}</span>,
                  },
                  {
                    id: 'aliases',
                    header: t('entities.col.aliases'),
                    class: 'aliases',
                    cell: (e) => (
                      <>
                        <span lang="ar" dir="rtl">
                          {e.aliasesAr.join('، ')}
                        </span>
                        <Show when={e.aliasesEn.length}>
                          <span lang="en" dir="ltr" class="muted">
                            {' '}
                            {e.aliasesEn.join(', ')}
                          </span>
                        </Show>
                      </>
                    ),
                  },
                  { id: 'mentions', header: t('entities.col.mentions'), numeric: true, cell: (e) => formatNumber(e.mentionCount ?? 0) },
                ]}
              />
            </Show>
            <Pager
              label={t('entities.pager')}
              offset={offset()}
              pageSize={PAGE_SIZE}
              total={l().total}
              onOffset={(o) => setParams({ offset: o })}
            />
          </>
        )}
      </Show>
    </div>
  );
}
