// The lines of the shown page beside the scan: the page's progress and actions, the
// reviewers' returns, and one row per line (segment-row.tsx); or why there are no lines yet
// (OCR waiting or failed).
import { createEffect, For, Match, on, Show, Switch } from 'solid-js';
import type { Page } from '../api.ts';
import { PageStatusBadge } from '../components/status.tsx';
import { formatNumber, t } from '../i18n.ts';
import type { EditorAbilities } from './commands.ts';
import type { Column } from './columns.ts';
import type { LineEditors } from './line-editors.ts';
import type { LineFocus } from './line-focus.ts';
import type { LineOperations } from './line-operations.ts';
import type { LiveDocument } from './live-document.ts';
import type { LineCounts } from './live-progress.ts';
import type { Panels } from './panels.ts';
import { PageReturns, PageReviewActions, type ReviewPanel } from './review-panel.tsx';
import { SegmentRow } from './segment-row.tsx';
import { shortcutLabel } from './shortcuts.ts';
import type { Tagging } from './tagging.ts';

export function LinesPane(props: {
  page: Page;
  progress: LineCounts | undefined;
  /** False until the session (and so the role's permissions) is known. */
  ready: boolean;
  can: EditorAbilities;
  lines: LineEditors;
  focus: LineFocus;
  panels: Panels;
  tagging: Tagging;
  review: ReviewPanel;
  operations: LineOperations;
  live: LiveDocument;
  onLineKeyDown: (ev: KeyboardEvent, segmentId: number, column: Column) => void;
}) {
  const p = () => props.page;
  const { lines, focus, panels, tagging, review } = props;
  return (
    <section class="pane pane-lines" aria-label={t('editor.linesPane')}>
      <div class="page-bar">
        <Show when={props.progress}>
          {(pp) => (
            <span class="page-progress">
              {/* Suggested lines are neither translated nor left out: said apart, once there are any. */}
              {t(pp().suggested > 0 ? 'editor.pageStatusSuggested' : 'editor.pageStatus', {
                total: formatNumber(pp().total),
                corrected: formatNumber(pp().corrected),
                suggested: formatNumber(pp().suggested),
                translated: formatNumber(pp().translated),
                reviewed: formatNumber(pp().reviewed),
              })}
            </span>
          )}
        </Show>
        <Show when={props.can.canEdit() && p().ocrStatus === 'done'}>
          <button type="button" aria-pressed={panels.drawing()} onClick={() => panels.setDrawing((d) => !d)}>
            {t('editor.drawLine')}
          </button>
        </Show>
        <Show when={props.can.canReview() && lines.pageEditors().length > 0}>
          <PageReviewActions review={review} page={p()} />
        </Show>
      </div>
      <PageReturns review={review} />
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
        <Match when={lines.pageEditors().length === 0}>
          <p class="empty">{t('editor.noLines')}</p>
        </Match>
      </Switch>
      <Show when={props.ready}>
        <ol class="seg-list" aria-label={t('editor.lines')}>
          <For each={lines.pageEditors()}>
            {(ed, i) => {
              // Tags move with every save; ask again once the server has the new version.
              createEffect(
                on(
                  () => ed.server().version,
                  () => void tagging.refreshTags(ed.id).catch(() => undefined),
                  { defer: true },
                ),
              );
              return (
                <SegmentRow
                  editor={ed}
                  lineNo={i() + 1}
                  active={focus.activeId() === ed.id}
                  othersHere={props.live.othersOn(ed.id)}
                  canEdit={props.can.canEdit()}
                  canTag={props.can.canTag()}
                  tags={tagging.store.forLine(ed.id)}
                  showOcr={panels.ocrOpen(ed.id)}
                  historyOpen={panels.historyFor() === ed.id}
                  review={review.lineReviews().get(ed.id)}
                  onFocus={focus.focused}
                  onKeyDown={props.onLineKeyDown}
                  registerField={focus.registerField}
                  onDecide={(m, decision) => void tagging.decide(m, decision)}
                  onUntag={(m) => void tagging.untag(m)}
                  onRetag={(m, kind) => void tagging.retag(m, kind)}
                  offer={tagging.offer}
                  onRestore={props.operations.restore}
                  onCloseHistory={() => {
                    panels.closeHistory();
                    focus.focusLine(ed.id);
                  }}
                />
              );
            }}
          </For>
        </ol>
      </Show>
      {/* The key label isolated (FSI … PDI): in the Arabic sentence 'F1 · Ctrl+/' showed as '+F1 · Ctrl/'. */}
      <p class="shortcuts-hint">{t('shortcuts.hint', { key: `\u2068${shortcutLabel('help')}\u2069` })}</p>
    </section>
  );
}
