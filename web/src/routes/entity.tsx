// An entity page (issue 5): the entity with its names and aliases, counts of its mentions by
// document and by month, every mention with its line in context (one click to the editor),
// translations that render it differently from its English form, rename and merge.
import { A, createAsync, useParams, useSearchParams } from '@solidjs/router';
import { createMemo, For, Show } from 'solid-js';
import { getEntity, getEntityMentions, getEntityTranslations, type EntityMention } from '../api.ts';
import '../components/entities/entities.css';
import { MergeForm } from '../components/entities/merge-form.tsx';
import { RenameForm } from '../components/entities/rename-form.tsx';
import { Highlighted } from '../components/search/highlight.tsx';
import '../components/search/search.css';
import { formatNumber, t } from '../i18n.ts';
import { usePermissions } from '../lib/permissions.ts';
import { one } from '../lib/search-params.ts';
import { usePageTitle } from '../lib/title.ts';
import { Pager } from '../components/pager.tsx';
import { DataTable } from '../components/table/data-table.tsx';
import { DocumentTitle } from '../components/table/document-title.tsx';

const PAGE_SIZE = 50;

function idFrom(v: string | undefined) {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : NaN;
}

const editorUrl = (m: Pick<EntityMention, 'documentId' | 'pageNo' | 'segmentId'>) =>
  `/documents/${m.documentId}?page=${m.pageNo}&segment=${m.segmentId}`;

export function EntityPage() {
  const params = useParams<{ id: string }>();
  const [search, setSearch] = useSearchParams();
  const may = usePermissions();
  const id = () => idFrom(params.id);
  const offset = () => Math.max(0, Number(one(search.offset)) || 0);

  const page = createAsync(() => getEntity(id()));
  const mentions = createAsync(() => getEntityMentions(id(), offset(), PAGE_SIZE));
  const translations = createAsync(() => getEntityTranslations(id()));
  const entity = () => page()?.entity;
  usePageTitle(() => entity() && (entity()!.canonicalEn || entity()!.canonicalAr));

  const maxMonth = createMemo(() => Math.max(1, ...(page()?.counts.byMonth ?? []).map((m) => m.mentions)));
  const movedCount = () => Number(one(search.merged));

  return (
    <div class="entity-page">
      <A href="/entities" class="back-link">
        {t('entities.back')}
      </A>
      <Show when={entity()}>
        {(e) => (
          <>
            <header class="entity-header">
              <h1>
                <span lang="ar" dir="rtl" class="entity-ar">
                  {e().canonicalAr}
                </span>
                <Show when={e().canonicalEn}>
                  <span class="entity-sep"> · </span>
                  <span lang="en" dir="ltr">
                    {e().canonicalEn}
                  </span>
                </Show>
              </h1>
              <span class={`kind kind-${e().kind}`}>{t(`entities.kinds.${e().kind}`)}</span>
              <Show when={e().seeded}>
                <span class="badge">{t('entities.seeded')}</span>
              </Show>
            </header>
            <Show when={e().mergedIntoId}>
              {(into) => (
                <p class="notice notice-warn">
                  {t('entities.wasMerged')} <A href={`/entities/${into()}`}>{t('entities.openSurvivor')}</A>
                </p>
              )}
            </Show>
            <Show when={movedCount() > 0}>
              <p class="notice notice-ok" role="status">
                {t('entities.merged', { n: formatNumber(movedCount()), count: movedCount() })}
              </p>
            </Show>

            <dl class="entity-facts">
              <div>
                <dt>{t('entities.aliasesAr')}</dt>
                <dd lang="ar" dir="rtl" class="aliases-ar">
                  {e().aliasesAr.length ? e().aliasesAr.join('، ') : '—'}
                </dd>
              </div>
              <div>
                <dt>{t('entities.aliasesEn')}</dt>
                <dd lang="en" dir="ltr" class="aliases-en">
                  {e().aliasesEn.length ? e().aliasesEn.join(', ') : '—'}
                </dd>
              </div>
              <For each={Object.entries(e().attributes).filter(([, v]) => !/^(unit|place|person):/.test(String(v)))}>
                {([k, v]) => (
                  <div>
                    <dt>{t(`entities.attr.${k}`, { defaultValue: k })}</dt>
                    <dd dir="auto">{String(v)}</dd>
                  </div>
                )}
              </For>
            </dl>
            <p>
              <A href={`/search?entity=${e().id}`}>{t('entities.searchFor')}</A>
              {' · '}
              <A href={`/research?entity=${e().id}`}>{t('entities.researchFor')}</A>
            </p>

            <div class="entity-grid">
              <section aria-labelledby="by-doc">
                <h2 id="by-doc">
                  {t('entities.byDocument')}{' '}
                  <span class="count">
                    ({t('entities.mentionsShort', { n: formatNumber(page()!.counts.total), count: page()!.counts.total })})
                  </span>
                </h2>
                <Show when={page()!.counts.byDocument.length} fallback={<p class="empty">{t('entities.noMentions')}</p>}>
                  <DataTable
                    rows={page()!.counts.byDocument}
                    columns={[
                      {
                        id: 'document',
                        header: t('entities.col.document'),
                        cell: (d) => <DocumentTitle id={d.documentId} title={d.title} archiveRef={d.archiveRef} />,
                      },
                      { id: 'date', header: t('entities.col.date'), dir: 'ltr', cell: (d) => d.documentDate ?? '—' },
                      { id: 'mentions', header: t('entities.col.mentions'), numeric: true, cell: (d) => formatNumber(d.mentions) },
                    ]}
                  />
                </Show>
              </section>
              <section aria-labelledby="by-month">
                <h2 id="by-month">{t('entities.byMonth')}</h2>
                <Show when={page()!.counts.byMonth.length} fallback={<p class="empty">{t('entities.noMentions')}</p>}>
                  <table class="month-bars">
                    <thead>
                      <tr>
                        <th scope="col">{t('entities.col.month')}</th>
                        <th scope="col">{t('entities.col.documents')}</th>
                        <th scope="col">{t('entities.col.mentions')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={page()!.counts.byMonth}>
                        {(m) => (
                          <tr>
                            <th scope="row" dir="ltr">
                              {m.month ?? t('entities.undated')}
                            </th>
                            <td class="num">{formatNumber(m.documents)}</td>
                            <td>
                              <span class="bar" style={{ 'inline-size': `${(m.mentions / maxMonth()) * 100}%` }} aria-hidden="true" />
                              <span class="num">{formatNumber(m.mentions)}</span>
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </Show>
              </section>
            </div>

            <section aria-labelledby="mentions-title">
              <h2 id="mentions-title">
                {t('entities.mentions')}
                <Show when={mentions()}>{(m) => <span class="count"> ({formatNumber(m().total)})</span>}</Show>
              </h2>
              <Show when={mentions()}>
                {(m) => (
                  <>
                    <ol class="hits mentions">
                      <For each={m().mentions}>
                        {(mention) => (
                          <li class="hit mention" data-mention-id={mention.id}>
                            <div class="hit-head">
                              <A href={editorUrl(mention)} class="hit-link">
                                <bdi>{mention.documentTitle}</bdi>
                                <span class="hit-loc"> · {t('entities.pageNo', { page: formatNumber(mention.pageNo) })}</span>
                              </A>
                              <span class={`badge mention-${mention.status}`}>{t(`entities.status.${mention.status}`)}</span>
                            </div>
                            <div class="hit-lines">
                              <Highlighted
                                class="hit-ar"
                                lang="ar"
                                text={mention.line.text}
                                spans={mention.field === 'text' ? [mention] : []}
                              />
                              <Show when={mention.line.translation} fallback={<p class="hit-en muted">{t('search.noTranslation')}</p>}>
                                <Highlighted
                                  class="hit-en"
                                  lang="en"
                                  text={mention.line.translation}
                                  spans={mention.field === 'translation' ? [mention] : []}
                                />
                              </Show>
                            </div>
                          </li>
                        )}
                      </For>
                    </ol>
                    <Pager
                      label={t('entities.pager')}
                      offset={offset()}
                      pageSize={PAGE_SIZE}
                      total={m().total}
                      onOffset={(o) => setSearch({ offset: o })}
                    />
                  </>
                )}
              </Show>
            </section>

            <section aria-labelledby="translations-title">
              <h2 id="translations-title">{t('entities.translations')}</h2>
              <Show when={translations()}>
                {(tr) => (
                  <>
                    <p class="hint">
                      {t('entities.translationsIntro', { checked: formatNumber(tr().checked), count: tr().checked })}{' '}
                      <span lang="en" dir="ltr">
                        {tr().expected.join(' · ') || '—'}
                      </span>
                    </p>
                    <Show when={tr().differing.length} fallback={<p class="empty">{t('entities.translationsNone')}</p>}>
                      <ul class="renderings">
                        <For each={tr().renderings}>
                          {(r) => (
                            <li>
                              <Show when={r.rendering} fallback={<em>{t('entities.renderingMissing')}</em>}>
                                <q lang="en" dir="ltr">
                                  {r.rendering}
                                </q>
                              </Show>{' '}
                              <span class="muted">({t('entities.linesShort', { n: formatNumber(r.lines), count: r.lines })})</span>
                            </li>
                          )}
                        </For>
                      </ul>
                      <ol class="hits">
                        <For each={tr().differing}>
                          {(d) => (
                            <li class="hit">
                              <div class="hit-head">
                                <A href={editorUrl(d)} class="hit-link">
                                  <bdi>{d.documentTitle}</bdi>
                                  <span class="hit-loc"> · {t('entities.pageNo', { page: formatNumber(d.pageNo) })}</span>
                                </A>
                              </div>
                              <p lang="en" dir="ltr" class="hit-en">
                                {d.translation}
                              </p>
                            </li>
                          )}
                        </For>
                      </ol>
                    </Show>
                  </>
                )}
              </Show>
            </section>

            <Show when={e().mergedIntoId === null && (may('entity.edit') || may('entity.merge'))}>
              <section class="entity-actions" aria-label={t('entities.actions')}>
                <Show when={may('entity.edit')}>
                  <RenameForm entity={e()} />
                </Show>
                <Show when={may('entity.merge')}>
                  <MergeForm entity={e()} />
                </Show>
              </section>
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
