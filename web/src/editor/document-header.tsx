// The editor's header: the document's title, status, OCR and line progress (live: it counts
// the lines as this editor has them), the saving state, and the document-wide actions the
// role may take.
import { A } from '@solidjs/router';
import { revalidate } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { getPretranslationJob, getSegments, pretranslateDocument, submitForReview, type DocumentDetail } from '../api.ts';
import { ExportMenu } from '../components/exchange/export-menu.tsx';
import { LineProgress, OcrProgress, StatusBadge } from '../components/status.tsx';
import { formatNumber, t } from '../i18n.ts';
import type { Announcer } from './announcer.tsx';
import type { PresentElsewhere } from './live-document.ts';
import type { LineEditors } from './line-editors.ts';
import type { LineCounts } from './live-progress.ts';
import type { Panels } from './panels.ts';
import { OpenReturns, type ReviewPanel } from './review-panel.tsx';
import { SaveSummary } from './save-summary.tsx';
import { XliffExchange } from './xliff-exchange.tsx';
import { shortcutLabel } from './shortcuts.ts';

export function DocumentHeader(props: {
  document: DocumentDetail['document'];
  lineCounts: LineCounts | undefined;
  lines: LineEditors;
  review: ReviewPanel;
  panels: Panels;
  announcer: Announcer;
  can: (permission: string) => boolean;
  /** Who else has the document open, and where. */
  others: PresentElsewhere[];
}) {
  const d = () => props.document;
  const [pretranslating, setPretranslating] = createSignal<string | null>(null);
  /** Pre-translation runs on the server; its progress is shown here until it is done. */
  const pretranslate = async () => {
    try {
      let job = await pretranslateDocument(d().id);
      while (job.status === 'queued' || job.status === 'running') {
        setPretranslating(t('translation.progress', { processed: job.processed, total: job.total }));
        await new Promise((r) => setTimeout(r, 500));
        job = await getPretranslationJob(job.id);
      }
      await revalidate(getSegments.keyFor(d().id));
      props.announcer.announce(t('translation.pretranslated', { count: job.filled }));
    } catch (err) {
      props.announcer.fail(err);
    } finally {
      setPretranslating(null);
    }
  };
  return (
    <header class="doc-header">
      <div class="doc-title-row">
        <A href="/" class="back-link">
          {t('nav.backToDocuments')}
        </A>
        <h1 dir="auto">{d().title || d().originalName}</h1>
        <StatusBadge status={d().status} />
        <OcrProgress pageCount={d().pageCount} pagesDone={d().pagesDone} pagesFailed={d().pagesFailed} />
        <LineProgress lines={props.lineCounts ?? d().lines} />
      </div>
      <div class="doc-actions">
        <SaveSummary
          unsaved={props.lines.unsaved().length}
          conflicts={props.lines.conflicts()}
          saving={props.lines.saving()}
          offline={props.lines.offline()}
        />
        <Show when={d().status === 'in_progress' && props.can('review.submit')}>
          <button
            type="button"
            onClick={() =>
              void submitForReview(d().id).then(() => props.announcer.announce(t('review.submitted')), props.announcer.fail)
            }
          >
            {t('review.submit')}
          </button>
        </Show>
        <Show when={props.can('translation.pretranslate')}>
          <button type="button" class="secondary" disabled={pretranslating() !== null} onClick={() => void pretranslate()}>
            {pretranslating() ?? t('translation.pretranslate')}
          </button>
        </Show>
        <Show when={props.can('document.certify')}>
          <A href={`/documents/${d().id}/certify`}>{t('reviewQueue.certify')}</A>
        </Show>
        <Show when={props.can('custody.read')}>
          <A href={`/documents/${d().id}/custody`}>{t('reviewQueue.custody')}</A>
        </Show>
        <ExportMenu documentId={d().id} />
        <XliffExchange documentId={d().id} canEdit={props.can('segment.edit')} />
        <button type="button" class="link-button" onClick={() => props.panels.setHelpOpen(true)}>
          {t('shortcuts.open')} <kbd dir="ltr">{shortcutLabel('help')}</kbd>
        </button>
      </div>
      <Show when={props.others.length > 0}>
        <p class="doc-presence" role="status">
          <span>{t('live.alsoHere')}</span>{' '}
          <For each={props.others}>
            {(p, i) => (
              <>
                {i() > 0 ? t('live.nameSeparator') : ''}
                <span class="doc-presence-person">
                  <bdi>{p.name}</bdi>
                  <Show when={p.at}>
                    {(at) => (
                      <span class="doc-presence-where">
                        {' '}
                        {t('live.where', { page: formatNumber(at().page), line: formatNumber(at().line) })}
                      </span>
                    )}
                  </Show>
                </span>
              </>
            )}
          </For>
        </p>
      </Show>
      <OpenReturns documentId={d().id} notes={props.review.openReturns()} />
    </header>
  );
}
