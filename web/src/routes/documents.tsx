import { A, createAsync, useSearchParams, type RoutePreloadFunc } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { getDocumentFilters, getDocuments, mayHoldSession, type DocumentListParams } from '../api.ts';
import { LineProgress, OcrProgress, StatusBadge } from '../components/status.tsx';
import { UploadForm } from '../components/upload-form.tsx';
import { CollectionExportPanel } from '../components/exchange/collection-export.tsx';
import { formatDateTime, formatNumber, t } from '../i18n.ts';
import { createLiveProgress, withProgress } from '../lib/progress.ts';
import { usePermissions } from '../lib/permissions.ts';
import { usePageTitle } from '../lib/title.ts';
import { Pager } from '../components/pager.tsx';
import { DataTable, type SortState } from '../components/table/data-table.tsx';
import { one } from '../lib/search-params.ts';
import { DocumentTitle } from '../components/table/document-title.tsx';
import { ParamSearchInput } from '../components/param-search-input.tsx';

const PAGE_SIZE = 50;

/** URL parameters of the list's search and filters; named as GET /api/documents names them. */
const filterKeys = ['q', 'collectionId', 'status', 'uploadedBy', 'dateFrom', 'dateTo', 'hasReturned'] as const;
/** Table column → the API's sort key, for the columns the server can sort by. */
const sortKeyOf: Record<string, DocumentListParams['sort']> = {
  title: 'title',
  collection: 'collection',
  status: 'status',
  progress: 'pages',
  uploaded: 'createdAt',
};

type Params = Partial<Record<string, string | string[] | undefined>>;

function offsetFrom(value: string | string[] | undefined): number {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** The list's API query from the page's URL parameters (only those with a value). */
function listQueryFrom(params: Params): DocumentListParams {
  const query: DocumentListParams = { limit: String(PAGE_SIZE), offset: String(offsetFrom(params.offset)) };
  for (const k of filterKeys) {
    const v = one(params[k]).trim();
    if (k === 'hasReturned') {
      if (v === 'true') query.hasReturned = v;
    } else if (v) query[k] = v;
  }
  const sort = one(params.sort);
  if (Object.values(sortKeyOf).includes(sort as DocumentListParams['sort'])) {
    query.sort = sort as DocumentListParams['sort'];
    const order = one(params.order);
    if (order === 'asc' || order === 'desc') query.order = order;
  }
  return query;
}

export const preloadDocuments: RoutePreloadFunc = ({ location }) => {
  // Signed out, <RequireUser> sends the browser to sign in; asking would only log a 401.
  if (!mayHoldSession()) return;
  void getDocuments(listQueryFrom(location.query)).catch(() => undefined);
};

export function DocumentsPage() {
  const [params, setParams] = useSearchParams();
  const offset = () => offsetFrom(params.offset);
  const list = createAsync(() => getDocuments(listQueryFrom(params)));
  const filters = createAsync(() => getDocumentFilters());
  /** A changed filter starts the list from its first page. */
  const setFilter = (key: (typeof filterKeys)[number], value: string) => setParams({ [key]: value.trim() || null, offset: null });
  /** A select's name, value and change handler bound to its query parameter (value read live, so the select follows the URL). */
  const paramBinding = (name: (typeof filterKeys)[number]) => ({
    name,
    get value() {
      return one(params[name]);
    },
    onChange: (value: string) => setFilter(name, value),
  });
  const sort = (): SortState | undefined => {
    const q = listQueryFrom(params);
    const column = Object.keys(sortKeyOf).find((c) => sortKeyOf[c] === q.sort);
    if (!column) return { column: 'uploaded', direction: 'descending' }; // the server's default order
    const asc = (q.order ?? (q.sort === 'createdAt' ? 'desc' : 'asc')) === 'asc';
    return { column, direction: asc ? 'ascending' : 'descending' };
  };
  const live = createLiveProgress(() => list()?.documents);
  const may = usePermissions();
  usePageTitle(() => t('documents.title'));

  return (
    <div class="documents-page">
      <h1>{t('documents.title')}</h1>
      <Show when={may('document.upload')}>
        <UploadForm />
      </Show>
      <section aria-labelledby="list-title">
        <h2 id="list-title">
          {t('documents.list')}
          <Show when={list()}>{(l) => <span class="count"> ({formatNumber(l().total)})</span>}</Show>
        </h2>
        <form class="list-filters" role="search" aria-label={t('documents.filters.label')} onSubmit={(e) => e.preventDefault()}>
          <label class="filter-q">
            {t('documents.filters.q')}
            <ParamSearchInput name="q" placeholder={t('documents.filters.qPlaceholder')} />
          </label>
          <FilterSelect
            label={t('documents.col.collection')}
            {...paramBinding('collectionId')}
            options={(filters()?.collections ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
          />
          <FilterSelect
            label={t('documents.col.status')}
            {...paramBinding('status')}
            options={(filters()?.statuses ?? []).map((s) => ({ value: s, label: t(`status.document.${s}`) }))}
          />
          <FilterSelect
            label={t('documents.filters.uploader')}
            {...paramBinding('uploadedBy')}
            options={(filters()?.uploaders ?? []).map((u) => ({ value: String(u.id), label: u.name }))}
          />
          <label>
            {t('documents.filters.dateFrom')}
            <input
              type="date"
              name="dateFrom"
              value={one(params.dateFrom)}
              onChange={(e) => setFilter('dateFrom', e.currentTarget.value)}
            />
          </label>
          <label>
            {t('documents.filters.dateTo')}
            <input type="date" name="dateTo" value={one(params.dateTo)} onChange={(e) => setFilter('dateTo', e.currentTarget.value)} />
          </label>
          <label class="filter-check">
            <input
              type="checkbox"
              name="hasReturned"
              checked={one(params.hasReturned) === 'true'}
              onChange={(e) => setFilter('hasReturned', e.currentTarget.checked ? 'true' : '')}
            />
            {t('documents.filters.hasReturned')}
          </label>
        </form>
        <Show
          when={(list()?.documents.length ?? 0) > 0}
          fallback={<p class="empty">{t(filterKeys.some((k) => one(params[k])) ? 'documents.filters.none' : 'documents.empty')}</p>}
        >
          <DataTable
            rows={list()?.documents ?? []}
            class="documents-table"
            sort={sort()}
            onSort={(s) =>
              setParams({ sort: sortKeyOf[s.column] ?? null, order: s.direction === 'ascending' ? 'asc' : 'desc', offset: null })
            }
            columns={[
              {
                id: 'title',
                sortable: true,
                header: t('documents.col.title'),
                cell: (d) => <DocumentTitle id={d.id} title={d.title || d.originalName || ''} archiveRef={d.archiveRef} />,
              },
              {
                id: 'collection',
                width: '11rem',
                sortable: true,
                header: t('documents.col.collection'),
                dir: 'auto',
                cell: (d) => d.collection,
              },
              {
                id: 'status',
                width: '12rem',
                sortable: true,
                header: t('documents.col.status'),
                cell: (d) => (
                  <>
                    <StatusBadge status={withProgress(d, live()).status} />
                    {/* Returned work shows where the translator starts, with the way to it. */}
                    <Show when={d.openReturns > 0}>
                      {' '}
                      <A href={`/documents/${d.id}`} class="badge seg-returned-badge open-returns">
                        {t('review.openReturns', { n: formatNumber(d.openReturns) })}
                      </A>
                    </Show>
                  </>
                ),
              },
              {
                id: 'progress',
                width: '13rem',
                sortable: true,
                firstSort: 'descending',
                header: t('documents.col.progress'),
                cell: (raw) => {
                  const doc = () => withProgress(raw, live());
                  return (
                    <>
                      <OcrProgress pageCount={doc().pageCount} pagesDone={doc().pagesDone} pagesFailed={doc().pagesFailed} />
                      <LineProgress lines={raw.lines} />
                    </>
                  );
                },
              },
              {
                id: 'uploaded',
                width: '11rem',
                sortable: true,
                firstSort: 'descending',
                header: t('documents.col.uploaded'),
                cell: (d) => <time datetime={d.createdAt}>{formatDateTime(d.createdAt)}</time>,
              },
            ]}
          />
        </Show>
        <Pager
          label={t('documents.pager')}
          offset={offset()}
          pageSize={PAGE_SIZE}
          total={list()?.total ?? 0}
          onOffset={(o) => setParams({ offset: o })}
        />
      </section>
      <Show when={(list()?.total ?? 0) > 0}>
        <CollectionExportPanel />
      </Show>
    </div>
  );
}

/** One filter of the list: a labelled select whose first option, "All", clears it. */
function FilterSelect(props: { label: string; name: string; value: string; options: { value: string; label: string }[]; onChange: (value: string) => void }) {
  return (
    <label>
      {props.label}
      <select name={props.name} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{t('documents.filters.all')}</option>
        <For each={props.options}>
          {(o) => (
            <option value={o.value} selected={props.value === o.value}>
              {o.label}
            </option>
          )}
        </For>
      </select>
    </label>
  );
}
