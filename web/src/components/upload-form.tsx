import { A } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { uploadDocument, type UploadResult } from '../api.ts';
import { lang, t } from '../i18n.ts';
import { errorMessage } from './error-notice.tsx';

/** The server says where the earlier upload is; fall back to our own words. */
function duplicateMessage(r: UploadResult): string {
  return (lang() === 'en' && !r.created && r.message) || t('upload.duplicate');
}

const ACCEPT = 'image/jpeg,image/png,image/tiff,application/pdf,.jpg,.jpeg,.png,.tif,.tiff,.pdf';

export function UploadForm() {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const [result, setResult] = createSignal<UploadResult>();
  let form!: HTMLFormElement;

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(form);
    const file = data.get('file');
    setError(undefined);
    setResult(undefined);
    if (!(file instanceof File) || file.size === 0) {
      setError(() => new Error(t('upload.chooseFile')));
      return;
    }
    setBusy(true);
    try {
      const res = await uploadDocument({
        file,
        title: String(data.get('title') ?? ''),
        collection: String(data.get('collection') ?? ''),
      });
      setResult(res);
      if (res.created) form.reset();
    } catch (err) {
      setError(() => err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="upload" aria-labelledby="upload-title">
      <h2 id="upload-title">{t('upload.title')}</h2>
      <form ref={form} onSubmit={submit} class="upload-form">
        <div class="field">
          <label for="upload-file">{t('upload.file')}</label>
          <input id="upload-file" name="file" type="file" accept={ACCEPT} required aria-describedby="upload-hint" />
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
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? t('upload.uploading') : t('upload.submit')}
        </button>
      </form>
      <div aria-live="polite">
        <Show when={error() !== undefined}>
          <p class="notice notice-error" role="alert">
            {errorMessage(error())}
          </p>
        </Show>
        <Show when={result()}>
          {(r) => (
            <p class={r().created ? 'notice notice-ok' : 'notice notice-warn'}>
              {r().created ? t('upload.created') : duplicateMessage(r())}{' '}
              <A href={`/documents/${r().document.id}`}>
                {r().created
                  ? t('upload.open', { title: r().document.title })
                  : t('upload.openExisting', { title: r().document.title })}
              </A>
            </p>
          )}
        </Show>
      </div>
    </section>
  );
}
