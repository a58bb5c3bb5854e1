import { A, createAsync, useSearchParams, type RoutePreloadFunc } from '@solidjs/router';
import { Show } from 'solid-js';
import { getDocuments, mayHoldSession } from '../api.ts';
import { LineProgress, OcrProgress, StatusBadge } from '../components/status.tsx';
import { UploadForm } from '../components/upload-form.tsx';
import { CollectionExportPanel } from '../components/exchange/collection-export.tsx';
import { formatDateTime, formatNumber, t } from '../i18n.ts';
import { createLiveProgress, withProgress } from '../lib/progress.ts';
import { usePermissions } from '../lib/permissions.ts';
import { usePageTitle } from '../lib/title.ts';
import { Pager } from '../components/pager.tsx';
import { DataTable } from '../components/table/data-table.tsx';
import { DocumentTitle } from '../components/table/document-title.tsx';

const PAGE_SIZE = 50;

function offsetFrom(value: string | string[] | undefined): number {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

export const preloadDocuments: RoutePreloadFunc = ({ location }) => {
  // Signed out, <RequireUser> sends the browser to sign in; asking would only log a 401.
  if (!mayHoldSession()) return;
  void getDocuments(offsetFrom(location.query.offset), PAGE_SIZE).catch(() => undefined);
};

export function DocumentsPage() {
  const [params, setParams] = useSearchParams();
  const offset = () => offsetFrom(params.offset);
  const list = createAsync(() => getDocuments(offset(), PAGE_SIZE));
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
        <Show when={(list()?.documents.length ?? 0) > 0} fallback={<p class="empty">{t('documents.empty')}</p>}>
          <DataTable
            rows={list()?.documents ?? []}
            columns={[
              {
                id: 'title',
                header: t('documents.col.title'),
                cell: (d) => <DocumentTitle id={d.id} title={d.title || d.originalName || ''} archiveRef={d.archiveRef} />,
              },
              { id: 'collection', header: t('documents.col.collection'), dir: 'auto', cell: (d) => d.collection },
              {
                id: 'status',
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
