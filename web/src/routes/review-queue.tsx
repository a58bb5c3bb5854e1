// The review queue (issue 7): documents in review that the user may read, oldest change first,
// with how many lines are still unreviewed, and links to review, certify and the custody chain.
import { A, createAsync } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { getReviewQueue } from '../api.ts';
import '../components/legal/legal.css';
import { StatusBadge } from '../components/status.tsx';
import { formatDateTime, formatNumber, t } from '../i18n.ts';
import { usePermissions } from '../lib/permissions.ts';
import { usePageTitle } from '../lib/title.ts';
import { DocumentCell } from '../components/document-cell.tsx';

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
            <table class="doc-table">
              <thead>
                <tr>
                  <th scope="col">{t('reviewQueue.col.document')}</th>
                  <th scope="col">{t('reviewQueue.col.collection')}</th>
                  <th scope="col">{t('reviewQueue.col.status')}</th>
                  <th scope="col">{t('reviewQueue.col.progress')}</th>
                  <th scope="col">{t('reviewQueue.col.changed')}</th>
                  <th scope="col">{t('reviewQueue.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={q().documents}>
                  {(d) => (
                    <tr>
                      <DocumentCell id={d.id} title={d.title} archiveRef={d.archiveRef} />
                      <td dir="auto">{d.collection}</td>
                      <td>
                        <StatusBadge status={d.status} />
                      </td>
                      <td>
                        <progress
                          max={Math.max(d.lines, 1)}
                          value={d.lines - d.unreviewed}
                          aria-label={t('reviewQueue.progress', {
                            reviewed: formatNumber(d.lines - d.unreviewed),
                            total: formatNumber(d.lines),
                          })}
                        />{' '}
                        {t('reviewQueue.progress', { reviewed: formatNumber(d.lines - d.unreviewed), total: formatNumber(d.lines) })}
                      </td>
                      <td>
                        <time datetime={d.updatedAt}>{formatDateTime(d.updatedAt)}</time>
                      </td>
                      <td class="row-actions">
                        <A href={`/documents/${d.id}`}>{t('reviewQueue.review')}</A>
                        <Show when={may('document.certify')}>
                          <A href={`/documents/${d.id}/certify`}>{t('reviewQueue.certify')}</A>
                        </Show>
                        <Show when={may('custody.read')}>
                          <A href={`/documents/${d.id}/custody`}>{t('reviewQueue.custody')}</A>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </Show>
    </div>
  );
}
