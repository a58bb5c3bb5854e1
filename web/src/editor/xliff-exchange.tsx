// XLIFF 1.2 out to a CAT tool (Trados, memoQ, OmegaT) and back: the download link, the file
// picker to bring a translated file back, and its report — lines saved, and lines whose Arabic
// (or English, in Sijill) changed since the export, shown side by side and never overwritten.
import { revalidate } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { getSegments, importXliff, xliffUrl, type XliffReport } from '../api.ts';
import { errorMessage } from '../components/error-notice.tsx';
import { formatNumber, t } from '../i18n.ts';

export function XliffExchange(props: { documentId: number; canEdit: boolean }) {
  const [report, setReport] = createSignal<XliffReport | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    try {
      setReport(await importXliff(props.documentId, file));
      await revalidate(getSegments.keyFor(props.documentId));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div class="xliff-exchange">
      <a href={xliffUrl(props.documentId)} download="">
        {t('xliff.export')}
      </a>
      <Show when={props.canEdit}>
        <label class="link-button">
          {t('xliff.import')}
          <input type="file" accept=".xlf,.xliff,.xml" class="visually-hidden" onChange={(e) => void upload(e.currentTarget.files?.[0])} />
        </label>
      </Show>
      <Show when={error()}>
        <p class="notice notice-error" role="alert">{errorMessage(error())}</p>
      </Show>
      <Show when={report()}>
        {(r) => (
          <section class="xliff-report notice" role="status">
            <p>{t('xliff.report', { count: r().updated, updated: formatNumber(r().updated), unchanged: formatNumber(r().unchanged), conflicts: formatNumber(r().conflicts.length) })}</p>
            <Show when={r().conflicts.length > 0}>
              <table class="xliff-conflicts">
                <thead>
                  <tr>
                    <th>{t('xliff.line')}</th>
                    <th>{t('xliff.reason')}</th>
                    <th>{t('xliff.arabicNow')}</th>
                    <th>{t('xliff.arabicInFile')}</th>
                    <th>{t('xliff.translationInFile')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={r().conflicts}>
                    {(c) => (
                      <tr>
                        <td>{c.pageNo === null ? '—' : t('xliff.pageLine', { page: c.pageNo, line: c.lineNo })}</td>
                        <td>{t(`xliff.reasons.${c.reason}`)}</td>
                        <td dir="rtl" lang="ar">{c.arabicNow ?? '—'}</td>
                        <td dir="rtl" lang="ar">{c.arabicInFile}</td>
                        <td dir="ltr" lang="en">{c.translationInFile}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
            <button type="button" class="link-button" onClick={() => setReport(null)}>
              {t('xliff.close')}
            </button>
          </section>
        )}
      </Show>
    </div>
  );
}
