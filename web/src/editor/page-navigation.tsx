// Which page of the document is shown (`?page=N` in the URL, so a reload or a shared link
// lands on the same page), moving between pages, and the page list with each page's OCR
// state or translated lines.
import { For, Show, type Accessor } from 'solid-js';
import type { DocumentDetail, Page } from '../api.ts';
import { formatNumber, t } from '../i18n.ts';
import type { LineCounts } from './live-progress.ts';

export interface PageNavigation {
  pageCount: Accessor<number>;
  /** The shown page's number, from 1. */
  pageNo: Accessor<number>;
  page: Accessor<Page | undefined>;
  goToPage(n: number): void;
}

export function createPageNavigation(input: {
  detail: Accessor<DocumentDetail | undefined>;
  /** The `page` search parameter as it is in the URL. */
  pageParam: Accessor<string | undefined>;
  /** Sets `page` and clears `segment` in the URL. */
  setPageParam: (n: number) => void;
}): PageNavigation {
  const pageCount = () => input.detail()?.pages.length ?? 1;
  const pageNo = () => {
    const n = Number(input.pageParam());
    return Number.isInteger(n) && n >= 1 && n <= pageCount() ? n : 1;
  };
  const page = () => input.detail()?.pages.find((p) => p.pageNo === pageNo()) ?? input.detail()?.pages[0];
  const goToPage = (n: number) => {
    if (n >= 1 && n <= pageCount() && n !== pageNo()) input.setPageParam(n);
  };
  return { pageCount, pageNo, page, goToPage };
}

export function PageNav(props: { nav: PageNavigation; pages: readonly Page[] | undefined; progress: Map<number, LineCounts> }) {
  const nav = () => props.nav;
  return (
    <Show when={nav().pageCount() > 1}>
      <nav class="page-nav" aria-label={t('document.pages')}>
        <button type="button" disabled={nav().pageNo() <= 1} onClick={() => nav().goToPage(nav().pageNo() - 1)}>
          {t('document.prevPage')}
        </button>
        <label>
          <span class="sr-only">{t('document.choosePage')}</span>
          <select value={nav().pageNo()} onChange={(e) => nav().goToPage(Number(e.currentTarget.value))}>
            <For each={props.pages}>
              {(p) => (
                <option value={p.pageNo}>
                  {t('document.pageOf', { n: formatNumber(p.pageNo), total: formatNumber(nav().pageCount()) })}
                  {p.ocrStatus !== 'done'
                    ? ` — ${t(`status.page.${p.ocrStatus}`)}`
                    : props.progress.get(p.id)
                      ? ` — ${t('editor.pageTranslated', {
                          done: formatNumber(props.progress.get(p.id)!.translated),
                          total: formatNumber(props.progress.get(p.id)!.total),
                        })}`
                      : ''}
                </option>
              )}
            </For>
          </select>
        </label>
        <button type="button" disabled={nav().pageNo() >= nav().pageCount()} onClick={() => nav().goToPage(nav().pageNo() + 1)}>
          {t('document.nextPage')}
        </button>
      </nav>
    </Show>
  );
}
