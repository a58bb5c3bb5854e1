// The review queue (issue 7): documents in review that the user may read, oldest change first,
// with how many lines are still unreviewed and how many QA errors and warnings it has, and links to review, certify and the custody chain.
import { A, createAsync } from '@solidjs/router';
import { Show } from 'solid-js';
import { getReviewQueue } from '../api.ts';
import '../components/legal/legal.css';
import { StatusBadge } from '../components/status.tsx';
import { formatDateTime, formatNumber, t } from '../i18n.ts';
import { usePermissions } from '../lib/permissions.ts';
import { usePageTitle } from '../lib/title.ts';
import { DataTable } from '../components/table/data-table.tsx';
import { DocumentTitle } from '../components/table/document-title.tsx';

export function ReviewQueuePage() {
  const may = usePermissions();
  const queue = createAsync(() => getReviewQueue());
  usePageTitle(() => t('reviewQueue.title'));

  return (
    <div class="legal-page review-queue-page">
      <h1>{t('reviewQueue.title')}</h1>
      <p class="hint">{t('reviewQueue.intro')}</p>
      <Show when={queue()}>
        {(q) => (
          <Show when={q().documents.length > 0} fallback={<p class="empty">{t('reviewQueue.empty')}</p>}>
            <DataTable
              rows={q().documents}
              columns={[
                {
                  id: 'document',
                  header: t('reviewQueue.col.document'),
                  cell: (d) => <DocumentTitle id={d.id} title={d.title} archiveRef={d.archiveRef} />,
                },
                { id: 'collection', header: t('reviewQueue.col.collection'), dir: 'auto', cell: (d) => d.collection },
                { id: 'status', header: t('reviewQueue.col.status'), cell: (d) => <StatusBadge status={d.status} /> },
                {
                  id: 'progress',
                  header: t('reviewQueue.col.progress'),
                  cell: (d) => (
                    <>
                      <progress
                        max={Math.max(d.lines, 1)}
                        value={d.lines - d.unreviewed}
                        aria-label={t('reviewQueue.progress', {
                          reviewed: formatNumber(d.lines - d.unreviewed),
                          total: formatNumber(d.lines),
                        })}
                      />{' '}
                      {t('reviewQueue.progress', { reviewed: formatNumber(d.lines - d.unreviewed), total: formatNumber(d.lines) })}
                    </>
                  ),
                },
                {
                  // What the certification preview will list: errors need correcting or an audited override.
                  id: 'qa',
                  header: t('reviewQueue.col.qa'),
                  cell: (d) => (
                    <Show when={d.qaErrors + d.qaWarnings > 0} fallback={<span class="muted">{t('reviewQueue.qaNone')}</span>}>
                      <span class="queue-qa">
                        <Show when={d.qaErrors > 0}>
                          <span class="qa-error">{t('reviewQueue.qaErrors', { count: d.qaErrors, n: formatNumber(d.qaErrors) })}</span>
                        </Show>
                        <Show when={d.qaWarnings > 0}>
                          <span class="qa-warning">{t('reviewQueue.qaWarnings', { count: d.qaWarnings, n: formatNumber(d.qaWarnings) })}</span>
                        </Show>
                      </span>
                    </Show>
                  ),
                },
                {
                  id: 'changed',
                  header: t('reviewQueue.col.changed'),
                  cell: (d) => <time datetime={d.updatedAt}>{formatDateTime(d.updatedAt)}</time>,
                },
                {
                  id: 'actions',
                  header: t('reviewQueue.col.actions'),
                  class: 'row-actions',
                  cell: (d) => (
                    <>
                      <A href={`/documents/${d.id}`}>{may('review.decide') ? t('reviewQueue.review') : t('reviewQueue.open')}</A>
                      <Show when={may('document.certify')}>
                        <A href={`/documents/${d.id}/certify`}>{t('reviewQueue.certify')}</A>
                      </Show>
                      <Show when={may('custody.read')}>
                        <A href={`/documents/${d.id}/custody`}>{t('reviewQueue.custody')}</A>
                      </Show>
                    </>
                  ),
                },
              ]}
            />
          </Show>
        )}
      </Show>
    </div>
  );
}
