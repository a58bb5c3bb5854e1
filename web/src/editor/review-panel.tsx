// Review in the editor: the reviewers' notes on the open document (fetched after the lines,
// without holding them up), the latest decision per line, returns still open on the page and
// in the document, and the reviewer's commands: approve a line or a page, return one with a
// comment (return-form.tsx).
import { A, revalidate } from '@solidjs/router';
import { createEffect, createMemo, createSignal, For, on, Show, type Accessor } from 'solid-js';
import { decideLine, decidePage, getReviewState, type Page, type ReviewNoteRecord, type ReviewState, type Segment } from '../api.ts';
import { formatNumber, t } from '../i18n.ts';
import type { Announcer } from './announcer.tsx';
import type { LineEditors } from './line-editors.ts';
import type { LineFocus } from './line-focus.ts';
import { ReturnForm } from './return-form.tsx';
import type { SegmentEditor } from './segment-editor.ts';
import type { ReviewNote } from './segment-row.tsx';

export interface ReturnTarget {
  scope: 'line' | 'page';
  segmentId?: number;
}

export interface ReviewPanel {
  /** The latest decision per line (an answered return no longer shows). */
  lineReviews: Accessor<Map<number, ReviewNote>>;
  /** Returns of the shown page still open. */
  pageReturns: Accessor<ReviewNoteRecord[]>;
  /** Open returns anywhere in the document, for the list under the header. */
  openReturns: Accessor<ReviewNoteRecord[]>;
  /** The line or page the return form is open for. */
  returning: Accessor<ReturnTarget | undefined>;
  startReturn(target: ReturnTarget): void;
  /** Close the form; the cursor goes back to the line. */
  cancelReturn(): void;
  /** Return the line or page the form is open for, with this comment. */
  submitReturn(comment: string): Promise<void>;
  /** Approve the line (at the version the reviewer saw) and move on. */
  approveLine(ed: SegmentEditor): Promise<void>;
  approvePage(page: Page): void;
}

export function createReviewPanel(input: {
  documentId: Accessor<number>;
  segments: Accessor<Segment[] | undefined>;
  page: Accessor<Page | undefined>;
  lines: LineEditors;
  focus: LineFocus;
  announcer: Announcer;
  guarded: (run: () => Promise<void>) => Promise<void>;
}): ReviewPanel {
  const { announce, fail } = input.announcer;
  // Review notes come after the lines, without holding up the editor (no Suspense read).
  const [review, setReview] = createSignal<ReviewState>();
  const loadReview = () => {
    const docId = input.documentId();
    getReviewState(docId).then(
      (r) => docId === input.documentId() && setReview(r),
      () => undefined,
    );
  };
  createEffect(
    on(
      () => (input.segments() ? [input.documentId(), input.segments()] : undefined),
      (key) => {
        if (key) loadReview();
      },
    ),
  );

  const lineReviews = createMemo(() => {
    const out = new Map<number, ReviewNote>();
    for (const n of review()?.notes ?? []) {
      if (n.segmentId === null) continue;
      const prev = out.get(n.segmentId);
      if (prev && prev.at > n.createdAt) continue;
      if (n.action === 'returned' && !n.open) continue;
      out.set(n.segmentId, { action: n.action, comment: n.comment, reviewer: n.reviewer.name, at: n.createdAt });
    }
    return out;
  });
  // Saving a returned line's text or translation closes its return on the server: the notes
  // are asked for again when such a line's saved version moves, so its badge and note follow.
  createEffect(
    on(
      () =>
        [...lineReviews()]
          .filter(([, n]) => n.action === 'returned')
          .map(([id]) => `${id}:${input.lines.get(id)?.server().version}`)
          .join(),
      (now, before) => {
        if (before === undefined || now === before) return;
        // Past the cached answer: ask the server again.
        void revalidate(getReviewState.keyFor(input.documentId()));
        loadReview();
      },
      { defer: true },
    ),
  );
  const pageReturns = createMemo(() =>
    (review()?.notes ?? []).filter((n) => n.scope === 'page' && n.action === 'returned' && n.open && n.pageId === input.page()?.id),
  );
  const openReturns = createMemo(() => (review()?.notes ?? []).filter((n) => n.action === 'returned' && n.open));

  const [returning, setReturning] = createSignal<ReturnTarget>();

  async function approveLine(ed: SegmentEditor) {
    await ed.flush();
    if (ed.state() !== 'saved') return;
    await input.guarded(async () => {
      await decideLine(input.documentId(), ed.id, { action: 'approve', version: ed.server().version });
      announce(t('review.lineApproved'));
      input.focus.move(ed.id, input.focus.activeColumn(), 1);
    });
  }

  function approvePage(page: Page) {
    void decidePage(input.documentId(), page.id, { action: 'approve' }).then(() => announce(t('review.pageApproved')), fail);
  }

  function cancelReturn() {
    const back = returning()?.segmentId;
    setReturning(undefined);
    if (back !== undefined) input.focus.focusLine(back);
  }

  async function submitReturn(comment: string) {
    const target = returning();
    const page = input.page();
    if (!target) return;
    if (target.scope === 'page') {
      if (!page) return;
      await decidePage(input.documentId(), page.id, { action: 'return', comment });
    } else if (target.segmentId !== undefined) {
      const ed = input.lines.get(target.segmentId);
      if (!ed) return;
      await ed.flush();
      await decideLine(input.documentId(), ed.id, { action: 'return', version: ed.server().version, comment });
    }
    setReturning(undefined);
    announce(t('review.returned'));
    if (target.segmentId !== undefined) input.focus.focusLine(target.segmentId);
  }

  return {
    lineReviews,
    pageReturns,
    openReturns,
    returning,
    startReturn: setReturning,
    cancelReturn,
    submitReturn,
    approveLine,
    approvePage,
  };
}

/** "Returned for changes: N", unfolding to where each return is and why. */
export function OpenReturns(props: { documentId: number; notes: readonly ReviewNoteRecord[] }) {
  return (
    <Show when={props.notes.length > 0}>
      <details class="returns">
        <summary>{t('review.openReturns', { n: formatNumber(props.notes.length) })}</summary>
        <ul>
          <For each={props.notes}>
            {(n) => (
              <li>
                <A href={`/documents/${props.documentId}?page=${n.pageNo ?? 1}${n.segmentId ? `&segment=${n.segmentId}` : ''}`}>
                  {n.lineNo
                    ? t('review.whereLine', { page: formatNumber(n.pageNo ?? 1), line: formatNumber(n.lineNo) })
                    : t('review.wherePage', { page: formatNumber(n.pageNo ?? 1) })}
                </A>
                {' — '}
                <span>{n.reviewer.name}</span>
                <Show when={n.comment}>
                  {': '}
                  <q dir="auto">{n.comment}</q>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </details>
    </Show>
  );
}

/** The reviewer's buttons for the whole page. */
export function PageReviewActions(props: { review: ReviewPanel; page: Page }) {
  return (
    <>
      <button type="button" onClick={() => props.review.approvePage(props.page)}>
        {t('review.approvePage')}
      </button>
      <button type="button" onClick={() => props.review.startReturn({ scope: 'page' })}>
        {t('review.returnPage')}
      </button>
    </>
  );
}

/** Open returns of the shown page, and the return form when a reviewer is writing one. */
export function PageReturns(props: { review: ReviewPanel }) {
  return (
    <>
      <For each={props.review.pageReturns()}>
        {(n) => (
          <p class="notice seg-returned" role="note">
            <strong>{t('review.pageReturnedBy', { name: n.reviewer.name })}</strong>
            <Show when={n.comment}>
              {': '}
              <q dir="auto">{n.comment}</q>
            </Show>
          </p>
        )}
      </For>
      <Show when={props.review.returning()}>
        {(r) => <ReturnForm scope={r().scope} onCancel={props.review.cancelReturn} onSubmit={props.review.submitReturn} />}
      </Show>
    </>
  );
}
