import { createAsync, useSearchParams, type RoutePreloadFunc } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { getDocuments } from '../api.ts';
import { LineProgress, OcrProgress, StatusBadge } from '../components/status.tsx';
import { UploadForm } from '../components/upload-form.tsx';
import { formatDateTime, formatNumber, t } from '../i18n.ts';
import { createLiveProgress, withProgress } from '../lib/progress.ts';
import { usePageTitle } from '../lib/title.ts';
import { Pager } from '../components/pager.tsx';
import { DocumentCell } from '../components/document-cell.tsx';

const PAGE_SIZE = 50;

function offsetFrom(value: string | string[] | undefined): number {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

export const preloadDocuments: RoutePreloadFunc = ({ location }) => {
  void getDocuments(offsetFrom(location.query.offset), PAGE_SIZE).catch(() => undefined);
};

export function DocumentsPage() {
  const [params, setParams] = useSearchParams();
  const offset = () => offsetFrom(params.offset);
  const list = createAsync(() => getDocuments(offset(), PAGE_SIZE));
  const live = createLiveProgress(() => list()?.documents);
  usePageTitle(() => t('documents.title'));

  return (
    <div class="documents-page">
      <h1>{t('documents.title')}</h1>
      <UploadForm />
      <section aria-labelledby="list-title">
        <h2 id="list-title">
          {t('documents.list')}
          <Show when={list()}>{(l) => <span class="count"> ({formatNumber(l().total)})</span>}</Show>
        </h2>
        <Show when={(list()?.documents.length ?? 0) > 0} fallback={<p class="empty">{t('documents.empty')}</p>}>
          <table class="doc-table">
            <thead>
              <tr>
                <th scope="col">{t('documents.col.title')}</th>
                <th scope="col">{t('documents.col.collection')}</th>
                <th scope="col">{t('documents.col.status')}</th>
                <th scope="col">{t('documents.col.progress')}</th>
                <th scope="col">{t('documents.col.uploaded')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={list()?.documents}>
                {(raw) => {
                  const doc = () => withProgress(raw, live());
                  return (
                    <tr>
                      <DocumentCell id={raw.id} title={raw.title || raw.originalName || ''} archiveRef={raw.archiveRef} />
                      <td dir="auto">{raw.collection}</td>
                      <td>
                        <StatusBadge status={doc().status} />
                      </td>
                      <td>
                        <OcrProgress pageCount={doc().pageCount} pagesDone={doc().pagesDone} pagesFailed={doc().pagesFailed} />
                        <LineProgress lines={raw.lines} />
                      </td>
                      <td>
                        <time datetime={raw.createdAt}>{formatDateTime(raw.createdAt)}</time>
                      </td>
                    </tr>
                  );
                }}
              </For>
            </tbody>
          </table>
        </Show>
        <Pager
          label={t('documents.pager')}
          offset={offset()}
          pageSize={PAGE_SIZE}
          total={list()?.total ?? 0}
          onOffset={(o) => setParams({ offset: o })}
        />
      </section>
    </div>
  );
}
