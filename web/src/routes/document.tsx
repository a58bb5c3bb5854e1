import {
  A,
  createAsync,
  useParams,
  useSearchParams,
  type RoutePreloadFunc,
} from '@solidjs/router';
import {
  createEffect,
  createMemo,
  createSignal,
  For,
  Match,
  on,
  onCleanup,
  onMount,
  Show,
  Switch,
} from 'solid-js';
import { getDocument, getSegments, revalidatePages, type Segment } from '../api.ts';
import { useUser } from '../app.tsx';
import { ScanView } from '../components/scan-view.tsx';
import { SegmentRow, type Column } from '../components/segment-row.tsx';
import { OcrProgress, PageStatusBadge, StatusBadge } from '../components/status.tsx';
import { formatNumber, t } from '../i18n.ts';
import { createLiveProgress, withProgress } from '../lib/progress.ts';
import { createSegmentEditor, type SegmentEditor } from '../lib/segment-editor.ts';
import { usePageTitle } from '../lib/title.ts';

function idFrom(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : NaN;
}

export const preloadDocument: RoutePreloadFunc = ({ params }) => {
  const id = idFrom(params.id);
  if (Number.isNaN(id)) return;
  void getDocument(id).catch(() => undefined);
  void getSegments(id).catch(() => undefined);
};

/** Roles the server lets change text (it checks again; this only avoids dead fields). */
const EDITING_ROLES = new Set(['admin', 'translator', 'reviewer']);

export function DocumentPage() {
  const params = useParams<{ id: string }>();
  const [search, setSearch] = useSearchParams<{ page?: string }>();
  const user = useUser();
  const id = () => idFrom(params.id);

  const detail = createAsync(() => getDocument(id()));
  const segments = createAsync(() => getSegments(id()));
  const live = createLiveProgress(() => (detail() ? [detail()!.document] : undefined));
  const doc = () => {
    const d = detail();
    return d && withProgress(d.document, live());
  };

  // Each page whose OCR ends while the document is open brings its lines in at once, rather
  // than when the whole document is done.
  createEffect(
    on(
      () => {
        const d = doc();
        return d ? d.pagesDone + d.pagesFailed : undefined;
      },
      (finished, before) => {
        if (finished !== undefined && before !== undefined && finished > before) {
          void revalidatePages(id());
        }
      },
      { defer: true },
    ),
  );

  usePageTitle(() => doc()?.title);

  const pageNo = () => {
    const n = Number(search.page);
    const count = detail()?.pages.length ?? 1;
    return Number.isInteger(n) && n >= 1 && n <= count ? n : 1;
  };
  const page = () => detail()?.pages.find((p) => p.pageNo === pageNo()) ?? detail()?.pages[0];

  // One editor per line, kept across refetches so typing is never overwritten by a reload.
  const editors = new Map<number, SegmentEditor>();
  const allEditors = createMemo(() =>
    (segments() ?? []).map((s) => {
      let ed = editors.get(s.id);
      if (!ed) {
        ed = createSegmentEditor(s);
        editors.set(s.id, ed);
      } else {
        ed.receive(s);
      }
      return ed;
    }),
  );
  const pageEditors = createMemo(() => {
    const p = page();
    return p
      ? allEditors()
          .filter((ed) => ed.server().pageId === p.id)
          .sort((a, b) => a.server().lineOrder - b.server().lineOrder)
      : [];
  });
  const pageSegments = createMemo<Segment[]>(() => pageEditors().map((ed) => ed.server()));

  const unsaved = () => allEditors().filter((ed) => ed.hasUnsaved());
  const conflicts = () => allEditors().filter((ed) => ed.state() === 'conflict').length;

  const [activeId, setActiveId] = createSignal<number>();
  const fields = new Map<string, HTMLTextAreaElement>();
  const fieldKey = (segmentId: number, column: Column) => `${segmentId}:${column}`;

  function focusLine(segmentId: number, column: Column = 'text') {
    setActiveId(segmentId);
    const el = fields.get(fieldKey(segmentId, column));
    if (!el) return;
    el.focus({ preventScroll: true });
    el.closest('li')?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  function move(segmentId: number, column: Column, delta: 1 | -1) {
    const list = pageEditors();
    const i = list.findIndex((ed) => ed.id === segmentId);
    const next = list[i + delta];
    if (next) focusLine(next.id, column);
  }

  // Closing the tab with unsaved lines warns; the lines are also kept as drafts in the browser.
  onMount(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (unsaved().length === 0) return;
      for (const ed of unsaved()) void ed.flush();
      e.preventDefault();
      e.returnValue = '';
    };
    // Back online: send what waited instead of sitting out the retry backoff.
    const online = () => {
      for (const ed of editors.values()) if (ed.state() === 'offline') void ed.flush();
    };
    window.addEventListener('beforeunload', warn);
    window.addEventListener('online', online);
    onCleanup(() => {
      window.removeEventListener('beforeunload', warn);
      window.removeEventListener('online', online);
    });
  });
  onCleanup(() => {
    for (const ed of editors.values()) ed.dispose();
  });

  const readOnly = () => !EDITING_ROLES.has(user().role);

  return (
    <Show
      when={!Number.isNaN(id())}
      fallback={<p class="notice notice-error">{t('errors.notFound')}</p>}
    >
      <div class="document-page">
        <Show when={doc()}>
          {(d) => (
            <header class="doc-header">
              <div class="doc-title-row">
                <A href="/" class="back-link">
                  {t('nav.backToDocuments')}
                </A>
                <h1 dir="auto">{d().title || d().originalName}</h1>
                <StatusBadge status={d().status} />
                <OcrProgress pageCount={d().pageCount} pagesDone={d().pagesDone} pagesFailed={d().pagesFailed} />
              </div>
              <dl class="doc-meta">
                <Show when={d().archiveRef}>
                  <div>
                    <dt>{t('document.archiveRef')}</dt>
                    <dd dir="auto">{d().archiveRef}</dd>
                  </div>
                </Show>
                <div>
                  <dt>{t('document.collection')}</dt>
                  <dd dir="auto">{d().collection}</dd>
                </div>
                <div>
                  <dt>{t('document.original')}</dt>
                  <dd dir="auto">{d().originalName}</dd>
                </div>
                <div>
                  <dt>{t('document.sha256')}</dt>
                  <dd>
                    <code title={d().sha256} dir="ltr">
                      {d().sha256.slice(0, 16)}…
                    </code>
                  </dd>
                </div>
              </dl>
              <SaveSummary unsaved={unsaved().length} conflicts={conflicts()} />
            </header>
          )}
        </Show>

        <Show when={(detail()?.pages.length ?? 0) > 1}>
          <nav class="page-nav" aria-label={t('document.pages')}>
            <button
              type="button"
              disabled={pageNo() <= 1}
              onClick={() => setSearch({ page: pageNo() - 1 })}
            >
              {t('document.prevPage')}
            </button>
            <label>
              <span class="sr-only">{t('document.choosePage')}</span>
              <select value={pageNo()} onChange={(e) => setSearch({ page: e.currentTarget.value })}>
                <For each={detail()?.pages}>
                  {(p) => (
                    <option value={p.pageNo}>
                      {t('document.pageOf', {
                        n: formatNumber(p.pageNo),
                        total: formatNumber(detail()?.pages.length ?? 0),
                      })}
                      {p.ocrStatus !== 'done' ? ` — ${t(`status.page.${p.ocrStatus}`)}` : ''}
                    </option>
                  )}
                </For>
              </select>
            </label>
            <button
              type="button"
              disabled={pageNo() >= (detail()?.pages.length ?? 1)}
              onClick={() => setSearch({ page: pageNo() + 1 })}
            >
              {t('document.nextPage')}
            </button>
          </nav>
        </Show>

        <Show when={page()} fallback={<p class="empty">{t('document.noPages')}</p>}>
          {(p) => (
            <div class="workspace">
              <section class="pane pane-scan" aria-label={t('editor.scanPane')}>
                <ScanView
                  page={p()}
                  title={doc()?.title ?? ''}
                  segments={pageSegments()}
                  activeId={activeId()}
                  onSelect={(sid) => focusLine(sid)}
                />
              </section>
              <section class="pane pane-lines" aria-label={t('editor.linesPane')}>
                <div class="lines-head" aria-hidden="true">
                  <span>#</span>
                  <span>{t('editor.arabic')}</span>
                  <span>{t('editor.english')}</span>
                </div>
                <Switch>
                  <Match when={p().ocrStatus === 'pending' || p().ocrStatus === 'running'}>
                    <p class="notice" role="status">
                      <PageStatusBadge status={p().ocrStatus} /> {t('editor.ocrWaiting')}
                    </p>
                  </Match>
                  <Match when={p().ocrStatus === 'failed'}>
                    <div class="notice notice-error" role="alert">
                      <p>{t('editor.ocrFailed')}</p>
                      <Show when={p().ocrError}>
                        <p>
                          <code dir="ltr">{p().ocrError}</code>
                        </p>
                      </Show>
                    </div>
                  </Match>
                  <Match when={pageEditors().length === 0}>
                    <p class="empty">{t('editor.noLines')}</p>
                  </Match>
                </Switch>
                <ol class="seg-list" aria-label={t('editor.lines')}>
                  <For each={pageEditors()}>
                    {(ed, i) => (
                      <SegmentRow
                        editor={ed}
                        lineNo={i() + 1}
                        active={activeId() === ed.id}
                        readOnly={readOnly()}
                        onFocus={setActiveId}
                        onMove={move}
                        registerField={(sid, column, el) => fields.set(fieldKey(sid, column), el)}
                      />
                    )}
                  </For>
                </ol>
                <ul class="shortcuts" aria-label={t('editor.shortcuts')}>
                  <li>
                    <kbd dir="ltr">Alt+↓</kbd> {t('editor.keyNext')}
                  </li>
                  <li>
                    <kbd dir="ltr">Alt+↑</kbd> {t('editor.keyPrev')}
                  </li>
                  <li>
                    <kbd dir="ltr">Ctrl+S</kbd> {t('editor.keySave')}
                  </li>
                </ul>
              </section>
            </div>
          )}
        </Show>
      </div>
    </Show>
  );
}

function SaveSummary(props: { unsaved: number; conflicts: number }) {
  return (
    <p class="save-summary" role="status" aria-live="polite">
      <Switch fallback={t('save.allSaved')}>
        <Match when={props.conflicts > 0}>
          <span class="warn">
            {t('save.conflicts', { count: props.conflicts, n: formatNumber(props.conflicts) })}
          </span>
        </Match>
        <Match when={props.unsaved > 0}>
          {t('save.unsaved', { count: props.unsaved, n: formatNumber(props.unsaved) })}
        </Match>
      </Switch>
    </p>
  );
}
