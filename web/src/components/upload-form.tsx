// Upload: many scans, PDFs and ZIP archives at once, chosen or dropped, each with its own line
// in the queue (bytes sent, then OCR pages read, or the server's reason for refusing it) and a
// total. The queue is the app's (lib/upload-queue.ts): it goes on while the user is elsewhere.
import { A } from '@solidjs/router';
import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { formatNumber, t } from '../i18n.ts';
import { formatBytes } from '../lib/bytes.ts';
import { queueTotals, uploadQueue, type UploadItem } from '../lib/upload-queue.ts';
import { errorMessage } from './error-notice.tsx';

const ACCEPT =
  'image/jpeg,image/png,image/tiff,application/pdf,application/zip,.jpg,.jpeg,.png,.tif,.tiff,.pdf,.zip,.xml';

const percent = (sent: number, total: number) => (total > 0 ? Math.min(100, Math.round((sent / total) * 100)) : 0);

export function UploadForm() {
  const [dragging, setDragging] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const q = uploadQueue;
  const waiting = () => q.items.filter((i) => i.state === 'queued').length;
  let form!: HTMLFormElement;
  let input!: HTMLInputElement;

  const addFiles = (list: FileList | null | undefined) => {
    const files = [...(list ?? [])].filter((f) => f.size > 0 || f.name);
    if (files.length) {
      setError(undefined);
      q.add(files);
    }
  };

  function submit(e: SubmitEvent) {
    e.preventDefault();
    // Files chosen in the dialog but not yet taken into the queue (a form filled by script).
    addFiles(input.files);
    input.value = '';
    if (waiting() === 0) {
      setError(t('upload.chooseFile'));
      return;
    }
    const data = new FormData(form);
    q.start({ collection: String(data.get('collection') ?? ''), title: String(data.get('title') ?? '') });
    (form.elements.namedItem('title') as HTMLInputElement).value = '';
  }

  return (
    <section class="upload" aria-labelledby="upload-title">
      <h2 id="upload-title">{t('upload.title')}</h2>
      <form ref={form} onSubmit={submit} class="upload-form">
        <div
          class="field drop-zone"
          classList={{ dragging: dragging() }}
          onDragEnter={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragOver={(e) => {
            e.preventDefault();
            if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
          }}
          onDragLeave={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
          }}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            addFiles(e.dataTransfer?.files);
          }}
        >
          <label for="upload-file">{t('upload.file')}</label>
          <input
            ref={input}
            id="upload-file"
            name="file"
            type="file"
            accept={ACCEPT}
            multiple
            aria-describedby="upload-hint"
            onChange={(e) => {
              addFiles(e.currentTarget.files);
              e.currentTarget.value = '';
            }}
          />
          <small id="upload-hint">{t('upload.hint')}</small>
        </div>
        <div class="field">
          <label for="upload-doc-title">{t('upload.docTitle')}</label>
          <input id="upload-doc-title" name="title" type="text" dir="auto" autocomplete="off" />
        </div>
        <div class="field">
          <label for="upload-collection">{t('upload.collection')}</label>
          <input id="upload-collection" name="collection" type="text" dir="auto" autocomplete="off" />
        </div>
        <button type="submit" class="primary">
          {waiting() > 1 ? t('upload.submitMany', { n: formatNumber(waiting()) }) : t('upload.submit')}
        </button>
      </form>
      <Show when={error()}>
        <p class="notice notice-error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={q.items.length > 0}>
        <UploadQueue />
      </Show>
    </section>
  );
}

function UploadQueue() {
  const q = uploadQueue;
  const totals = () => queueTotals(q.items);
  return (
    <div class="upload-queue">
      <div class="upload-total" aria-live="polite">
        <progress max={Math.max(totals().bytes, 1)} value={totals().sent} aria-label={t('upload.totalLabel')} />
        <span>
          {t('upload.total', {
            files: formatNumber(totals().files),
            sent: formatBytes(totals().sent),
            bytes: formatBytes(totals().bytes),
            percent: formatNumber(percent(totals().sent, totals().bytes)),
          })}
          {' · '}
          {t('upload.counts', {
            done: formatNumber(totals().done),
            ocr: formatNumber(totals().ocr),
            failed: formatNumber(totals().failed),
            waiting: formatNumber(totals().queued + totals().uploading),
          })}
          <Show when={totals().existing > 0}> · {t('upload.existingCount', { n: formatNumber(totals().existing) })}</Show>
        </span>
        <Show when={totals().finished}>
          <button type="button" class="link-button" onClick={() => q.clearFinished()}>
            {t('upload.clear')}
          </button>
        </Show>
      </div>
      <ul class="upload-items">
        <For each={q.items}>{(item) => <QueueRow item={item} />}</For>
      </ul>
    </div>
  );
}

function QueueRow(props: { item: UploadItem }) {
  const i = () => props.item;
  return (
    <li class="upload-item" data-state={i().state} data-name={i().name}>
      <span class="upload-name" dir="auto">
        <bdi>{i().name}</bdi>
        <Show when={i().transcription}>
          {' '}
          <span class="muted">+ <bdi>{i().transcription}</bdi></span>
        </Show>
      </span>
      <span class="upload-size muted">{formatBytes(i().size)}</span>
      <span class={`badge upload-state upload-state-${i().state}`}>{t(`upload.state.${i().state}`)}</span>
      <span class="upload-detail">
        <Switch>
          <Match when={i().state === 'uploading'}>
            <progress max={100} value={percent(i().sent, i().total)} aria-label={i().name} />{' '}
            <span class="upload-percent">{formatNumber(percent(i().sent, i().total))} %</span>
          </Match>
          <Match when={i().state === 'ocr' && i().pages}>
            {(p) => (
              <>
                <progress max={Math.max(p().total, 1)} value={p().done + p().failed} aria-label={i().name} />{' '}
                {t('upload.ocrPages', { done: formatNumber(p().done), total: formatNumber(p().total), count: p().total })}
              </>
            )}
          </Match>
          <Match when={i().state === 'error'}>
            <span class="upload-error" role="alert">
              {i().errorKey ? t(i().errorKey!) : errorMessage(i().error)}
            </span>
          </Match>
        </Switch>
        <Show when={i().archive}>
          {(a) => (
            <span class="upload-archive">
              {t('upload.archiveSummary', {
                created: formatNumber(a().created),
                existing: formatNumber(a().existing),
                failed: formatNumber(a().failed),
              })}
              <For each={a().failures}>
                {(f) => (
                  <span class="upload-error" dir="auto">
                    <bdi>{f.name}</bdi>: {f.message}
                  </span>
                )}
              </For>
            </span>
          )}
        </Show>
        <Show when={i().documentId !== undefined && (i().state === 'ocr' || i().state === 'done')}>
          {' '}
          <A href={`/documents/${i().documentId}`} dir="auto">
            {i().existing ? t('upload.openExisting', { title: i().title }) : t('upload.open', { title: i().title })}
          </A>
        </Show>
      </span>
      <Show when={i().state === 'queued' || i().state === 'uploading'}>
        <button type="button" class="link-button upload-cancel" onClick={() => uploadQueue.cancel(i().id)}>
          {i().state === 'queued' ? t('upload.remove') : t('upload.cancel')}
        </button>
      </Show>
    </li>
  );
}
