// Collection export (issue 16): start a ZIP of a collection or of a search's documents in one
// format, follow the server's job to the end and offer the download. Jobs are the server's, so
// a page reload (or another tab) finds them again in "My exports".
import { createAsync } from '@solidjs/router';
import { createSignal, For, onCleanup, Show } from 'solid-js';
import {
  exportFormats,
  getDocumentFilters,
  getExportJob,
  getExportJobs,
  isExportRunning,
  startExport,
  type ExportFormat,
  type ExportJob,
  type ExportRequest,
} from '../../api.ts';
import { formatDateTime, formatNumber, t } from '../../i18n.ts';
import { formatBytes } from '../../lib/bytes.ts';
import { ErrorNotice } from '../error-notice.tsx';
import './exchange.css';

const POLL_MS = 700;

/** Starts a job and follows it until it has finished; `job()` is its latest state. */
function createExportJob() {
  const [job, setJob] = createSignal<ExportJob>();
  const [error, setError] = createSignal<unknown>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  const follow = (id: number) => {
    timer = setTimeout(async () => {
      try {
        const next = await getExportJob(id);
        setJob(next);
        if (isExportRunning(next)) follow(id);
      } catch (err) {
        setError(() => err);
      }
    }, POLL_MS);
  };
  return {
    job,
    error,
    async start(body: ExportRequest) {
      clearTimeout(timer);
      setError(undefined);
      setJob(undefined);
      try {
        const queued = await startExport(body);
        setJob(queued);
        follow(queued.id);
      } catch (err) {
        setError(() => err);
      }
    },
  };
}

/** What a job has come to: progress while it runs, the download when done, the reason when it failed. */
export function ExportJobProgress(props: { job: ExportJob }) {
  const label = () =>
    t('collectionExport.progress', { done: formatNumber(props.job.done), total: formatNumber(props.job.total), count: props.job.total });
  return (
    <div class="export-job" data-status={props.job.status} data-job={props.job.id}>
      <Show when={isExportRunning(props.job)}>
        <div class="progress">
          <progress max={Math.max(props.job.total, 1)} value={props.job.done} aria-label={label()} />
          <span class="progress-text">{props.job.status === 'queued' ? t('collectionExport.queued') : label()}</span>
        </div>
      </Show>
      <Show when={props.job.status === 'done' && props.job.downloadUrl}>
        {(url) => (
          <p class="export-ready">
            <a class="button primary" href={url()} download={props.job.fileName ?? ''}>
              {t('collectionExport.download')}
            </a>{' '}
            <bdi dir="ltr" class="file-name">{props.job.fileName}</bdi>{' '}
            <span class="muted">
              {t('collectionExport.summary', {
                size: formatBytes(props.job.sizeBytes ?? 0),
                n: formatNumber(props.job.done - props.job.skipped),
                count: props.job.done - props.job.skipped,
              })}
              <Show when={props.job.skipped > 0}> {t('collectionExport.skipped', { n: formatNumber(props.job.skipped), count: props.job.skipped })}</Show>
            </span>
          </p>
        )}
      </Show>
      <Show when={props.job.status === 'failed'}>
        <p class="notice notice-error" role="alert">
          {props.job.error || t('collectionExport.failed')}
        </p>
      </Show>
    </div>
  );
}

/** The started job's error or progress, announced as it changes. */
function ExportRunStatus(props: { run: ReturnType<typeof createExportJob> }) {
  return (
    <div aria-live="polite">
      <Show when={props.run.error() !== undefined}>
        <ErrorNotice error={props.run.error()} />
      </Show>
      <Show when={props.run.job()}>{(j) => <ExportJobProgress job={j()} />}</Show>
    </div>
  );
}

function FormatSelect(props: { id: string; value: ExportFormat; onChange: (f: ExportFormat) => void }) {
  return (
    <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as ExportFormat)}>
      <For each={exportFormats}>{(f) => <option value={f}>{t(`exchange.format.${f}`)}</option>}</For>
    </select>
  );
}

/** On the document list: a collection the user may read, a format, and the user's recent exports. */
export function CollectionExportPanel() {
  const filters = createAsync(() => getDocumentFilters());
  const collections = () => filters()?.collections;
  const jobs = createAsync(() => getExportJobs());
  const run = createExportJob();
  const [collectionId, setCollectionId] = createSignal<number>();
  const [format, setFormat] = createSignal<ExportFormat>('txt');
  const chosen = () => collectionId() ?? collections()?.[0]?.id;
  const earlier = () => (jobs() ?? []).filter((j) => j.id !== run.job()?.id).slice(0, 5);

  return (
    <section class="collection-export" aria-labelledby="collection-export-title">
      <h2 id="collection-export-title">{t('collectionExport.title')}</h2>
      <p class="muted">{t('collectionExport.hint')}</p>
      <form
        class="collection-export-form"
        onSubmit={(e) => {
          e.preventDefault();
          const id = chosen();
          if (id !== undefined) void run.start({ format: format(), collectionId: id });
        }}
      >
        <div class="field">
          <label for="export-collection">{t('collectionExport.collection')}</label>
          <select id="export-collection" dir="auto" value={chosen() ?? ''} onChange={(e) => setCollectionId(Number(e.currentTarget.value))}>
            <For each={collections() ?? []}>{(c) => <option value={c.id}>{c.name}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="export-format">{t('collectionExport.format')}</label>
          <FormatSelect id="export-format" value={format()} onChange={setFormat} />
        </div>
        <button type="submit" class="primary" disabled={chosen() === undefined || (run.job() !== undefined && isExportRunning(run.job()!))}>
          {t('collectionExport.start')}
        </button>
      </form>
      <ExportRunStatus run={run} />
      <Show when={earlier().length > 0}>
        <details class="export-history">
          <summary>{t('collectionExport.mine', { n: formatNumber(earlier().length) })}</summary>
          <ul>
            <For each={earlier()}>
              {(j) => (
                <li>
                  <span dir="auto">{j.scope.collection ?? `“${j.scope.q}”`}</span> · {t(`exchange.format.${j.format}`)} ·{' '}
                  <time datetime={j.createdAt}>{formatDateTime(j.createdAt)}</time>
                  <ExportJobProgress job={j} />
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>
    </section>
  );
}

/** On the search page: the documents the current search finds, as one ZIP. */
export function SearchExport(props: { search: () => Record<string, string> }) {
  const run = createExportJob();
  const [format, setFormat] = createSignal<ExportFormat>('txt');
  return (
    <details class="export-menu search-export">
      <summary>{t('collectionExport.searchExport')}</summary>
      <div class="export-menu-list" role="group" aria-label={t('collectionExport.searchExport')}>
        <p class="muted">{t('collectionExport.searchHint')}</p>
        <form
          class="search-export-form"
          onSubmit={(e) => {
            e.preventDefault();
            const { limit: _l, offset: _o, ...search } = props.search();
            void run.start({ format: format(), search: { q: '', ...search } });
          }}
        >
          <label for="search-export-format">{t('collectionExport.format')}</label>
          <FormatSelect id="search-export-format" value={format()} onChange={setFormat} />
          <button type="submit" class="primary" disabled={run.job() !== undefined && isExportRunning(run.job()!)}>
            {t('collectionExport.start')}
          </button>
        </form>
        <ExportRunStatus run={run} />
      </div>
    </details>
  );
}
