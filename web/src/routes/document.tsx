// The side-by-side editor: scan | Arabic | English, line by line. This route composes the
// editor's parts (web/src/editor/): one editor per line saving in the background
// (line-editors.ts), where the cursor is (line-focus.ts), the commands and their keys
// (commands.ts, shortcuts.ts), line operations and undo, tagging, the review panel, page
// navigation, live progress, and who else is working in the document and what they save
// (live-document.ts). Everything is reachable from the keyboard (help overlay: F1).
import { createAsync, revalidate, useParams, useSearchParams, type RoutePreloadFunc } from '@solidjs/router';
import { onCleanup, Show } from 'solid-js';
import { getDocument, getDocuments, getMe, getSegments, mayHoldSession, revalidateSegments, setPageSensitive } from '../api.ts';
import { createAnnouncer, Announcement } from '../editor/announcer.tsx';
import { createLineKeyHandler, installPageKeys, type EditorAbilities } from '../editor/commands.ts';
import { followDeepLink } from '../editor/deep-link.ts';
import { DocumentHeader } from '../editor/document-header.tsx';
import { HelpOverlay } from '../editor/help-overlay.tsx';
import { createLineEditors } from '../editor/line-editors.ts';
import { createLineFocus } from '../editor/line-focus.ts';
import { createLineOperations, guardStructural } from '../editor/line-operations.ts';
import { LinesPane } from '../editor/lines-pane.tsx';
import { createLiveDocument } from '../editor/live-document.ts';
import { createLineCounts, followDocumentStatus, followOcrPages } from '../editor/live-progress.ts';
import { createPageNavigation, PageNav } from '../editor/page-navigation.tsx';
import { createPanels } from '../editor/panels.ts';
import { createReviewPanel } from '../editor/review-panel.tsx';
import { ScanView } from '../editor/scan-view.tsx';
import { createTagging } from '../editor/tagging.ts';
import { createUndo } from '../editor/undo.ts';
import '../editor/editor.css';
import { t } from '../i18n.ts';
import { createLiveProgress, withProgress } from '../lib/progress.ts';
import { usePageTitle } from '../lib/title.ts';

function idFrom(value: string | string[] | undefined): number {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(n) && n > 0 ? n : NaN;
}

export const preloadDocument: RoutePreloadFunc = ({ params }) => {
  const id = idFrom(params.id);
  if (Number.isNaN(id) || !mayHoldSession()) return;
  void getDocument(id).catch(() => undefined);
  void getSegments(id).catch(() => undefined);
};

/**
 * The editor's data, asked for while the session is still being checked: the child route's own
 * preload runs only once <RequireUser> renders it, one round trip later.
 */
export const preloadBehindSignIn: RoutePreloadFunc = ({ location, params, intent }) => {
  const m = /^\/documents\/(\d+)$/.exec(location.pathname);
  if (m && intent === 'initial') preloadDocument({ location, params: { ...params, id: m[1]! }, intent });
};

export function DocumentPage() {
  const params = useParams<{ id: string }>();
  const [search, setSearch] = useSearchParams<{ page?: string; segment?: string }>();
  const id = () => idFrom(params.id);

  const detail = createAsync(() => getDocument(id()));
  // What the user may do here: their role in this document's collection, as the server says.
  const can = (p: string) => detail()?.permissions.includes(p) ?? false;
  const abilities: EditorAbilities = {
    canEdit: () => can('segment.edit'),
    canTag: () => can('tag.edit'),
    canReview: () => can('review.decide'),
  };

  const segments = createAsync(() => getSegments(id()));
  const ocr = createLiveProgress(() => (detail() ? [detail()!.document] : undefined));
  const doc = () => {
    const d = detail();
    return d && withProgress(d.document, ocr());
  };
  followOcrPages(id, () => {
    const d = doc();
    return d ? d.pagesDone + d.pagesFailed : undefined;
  });
  usePageTitle(() => doc()?.title);

  const nav = createPageNavigation({
    detail,
    pageParam: () => search.page,
    setPageParam: (n) => setSearch({ page: n, segment: null }),
  });
  // Registered before the line editors, so that it runs after they have sent what was pending
  // (cleanups run last first): the list shows progress per document.
  onCleanup(() => void revalidate(getDocuments.key));
  const lines = createLineEditors({ segments, page: nav.page });
  const counts = createLineCounts({ segments, lines });
  const focus = createLineFocus({ pageEditors: lines.pageEditors });
  const me = createAsync(() => getMe());
  const live = createLiveDocument({
    documentId: id,
    linesLoaded: () => !!segments(),
    me: () => me()?.id,
    pages: () => detail()?.pages,
    lines,
    activeId: focus.activeId,
  });
  const announcer = createAnnouncer();
  followDocumentStatus({
    documentId: id,
    status: () => doc()?.status,
    counts: counts.docLines,
    onCertificationSuperseded: () => announcer.announce(t('review.certificationSuperseded')),
  });
  const panels = createPanels(id);
  const guarded = guardStructural(id, announcer);
  const undo = createUndo({ guarded, refetch: () => revalidateSegments(id()), lines, focus, announcer });
  const tagging = createTagging({ documentId: id, linesLoaded: () => !!segments(), lines, focus, announcer, undo });
  const operations = createLineOperations({
    documentId: id,
    page: nav.page,
    lines,
    focus,
    announcer,
    undo,
    guarded,
    stopDrawing: () => panels.setDrawing(false),
  });
  const review = createReviewPanel({ documentId: id, segments, page: nav.page, lines, focus, announcer, guarded });
  const deps = { can: abilities, lines, focus, operations, tagging, review, undo, panels, nav, announcer };
  const onLineKeyDown = createLineKeyHandler(deps);
  installPageKeys(deps);
  followDeepLink({
    segmentParam: () => search.segment,
    segmentId: () => idFrom(search.segment),
    pageNo: nav.pageNo,
    showPage: (n) => setSearch({ page: n }),
    lines,
    focus,
  });

  return (
    <Show when={!Number.isNaN(id())} fallback={<p class="notice notice-error">{t('errors.notFound')}</p>}>
      <div class="document-page">
        <Show when={doc()}>
          {(d) => (
            <DocumentHeader
              document={d()}
              lineCounts={counts.docLines()}
              lines={lines}
              review={review}
              panels={panels}
              announcer={announcer}
              can={can}
              others={live.others()}
            />
          )}
        </Show>

        <PageNav nav={nav} pages={detail()?.pages} progress={counts.pageProgress()} />

        <Show when={nav.page()} fallback={<p class="empty">{t('document.noPages')}</p>}>
          {(p) => (
            <div class="workspace">
              <section class="pane pane-scan" aria-label={t('editor.scanPane')}>
                <ScanView
                  page={p()}
                  title={doc()?.title ?? ''}
                  segments={lines.pageSegments()}
                  activeId={focus.activeId()}
                  onSelect={(sid) => focus.focusLine(sid)}
                  revealed={panels.revealed(p().id)}
                  onReveal={() => panels.toggleRevealed(p().id)}
                  canMark={abilities.canEdit()}
                  onToggleSensitive={() => void setPageSensitive(id(), p().id, !p().sensitive).catch(announcer.fail)}
                  drawing={panels.drawing()}
                  onDrawn={(box) => void operations.addLine(box)}
                  onCancelDraw={() => panels.setDrawing(false)}
                  onEnter={() => {
                    const a = focus.activeId() ?? lines.pageEditors()[0]?.id;
                    if (a !== undefined) focus.focusLine(a);
                  }}
                  ref={focus.setScanViewport}
                />
              </section>
              <LinesPane
                page={p()}
                progress={counts.pageProgress().get(p().id)}
                ready={!!detail()}
                can={abilities}
                lines={lines}
                focus={focus}
                panels={panels}
                tagging={tagging}
                review={review}
                operations={operations}
                live={live}
                onLineKeyDown={onLineKeyDown}
              />
            </div>
          )}
        </Show>
        <Announcement message={announcer.message()} />
        <Show when={panels.helpOpen()}>
          <HelpOverlay onClose={() => panels.setHelpOpen(false)} />
        </Show>
      </div>
    </Show>
  );
}
