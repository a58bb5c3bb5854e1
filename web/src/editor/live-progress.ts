// Progress as the editor sees it: lines per status on each page and in the whole document,
// counted from the lines as this editor has them, so the counters move with every save
// instead of waiting for a reload; and pages whose OCR finishes while the document is open
// bring their lines in at once.
import { revalidate } from '@solidjs/router';
import { createEffect, createMemo, on, type Accessor } from 'solid-js';
import { getDocument, revalidatePages, type DocumentStatus, type Segment } from '../api.ts';
import type { LineEditors } from './line-editors.ts';

export interface LineCounts {
  total: number;
  /** Lines a person has worked on (every status but `ocr`): the others count among these. */
  corrected: number;
  /** Holding a translation-memory suggestion no person has confirmed: not translated yet. */
  suggested: number;
  /** Translated or confirmed by a person (`translated` or `reviewed`). */
  translated: number;
  reviewed: number;
}

export interface LiveLineCounts {
  /** Lines per status on each page, by page id. */
  pageProgress: Accessor<Map<number, LineCounts>>;
  /** The whole document's lines per status; undefined until the lines are loaded. */
  docLines: Accessor<LineCounts | undefined>;
}

export function createLineCounts(input: { segments: Accessor<Segment[] | undefined>; lines: LineEditors }): LiveLineCounts {
  const pageProgress = createMemo(() => {
    const byPage = new Map<number, LineCounts>();
    for (const line of input.segments() ?? []) {
      const s = input.lines.get(line.id)?.server() ?? line;
      const p = byPage.get(s.pageId) ?? { total: 0, corrected: 0, suggested: 0, translated: 0, reviewed: 0 };
      p.total++;
      if (s.status !== 'ocr') p.corrected++;
      if (s.status === 'suggested') p.suggested++;
      if (s.status === 'translated' || s.status === 'reviewed') p.translated++;
      if (s.status === 'reviewed') p.reviewed++;
      byPage.set(s.pageId, p);
    }
    return byPage;
  });

  const docLines = createMemo(() => {
    if (!input.segments()) return undefined;
    const sum = { total: 0, corrected: 0, suggested: 0, translated: 0, reviewed: 0 };
    for (const p of pageProgress().values()) {
      sum.total += p.total;
      sum.corrected += p.corrected;
      sum.suggested += p.suggested;
      sum.translated += p.translated;
      sum.reviewed += p.reviewed;
    }
    return sum;
  });

  return { pageProgress, docLines };
}

/** Each page whose OCR ends while the document is open brings its lines in at once. */
export function followOcrPages(documentId: Accessor<number>, finishedPages: Accessor<number | undefined>) {
  createEffect(
    on(
      finishedPages,
      (finished, before) => {
        if (finished !== undefined && before !== undefined && finished > before) {
          void revalidatePages(documentId());
        }
      },
      { defer: true },
    ),
  );
}

/** Statuses a line's save can move the document out of (api/review/segment-hook.ts). */
const movedBySaves: ReadonlySet<DocumentStatus> = new Set(['in_review', 'reviewed', 'certified']);

/**
 * A save can change the document's status on the server: an edit sends a reviewed or certified
 * document back to in progress (its certifications superseded), the last approval makes a
 * document in review reviewed. Every such save changes the translated or reviewed count, so
 * when those change while the status is one of these the document is fetched again, and the
 * header shows the new status and its actions. Leaving `certified` that way is announced.
 */
export function followDocumentStatus(input: {
  documentId: Accessor<number>;
  status: Accessor<DocumentStatus | undefined>;
  counts: Accessor<LineCounts | undefined>;
  onCertificationSuperseded: () => void;
}) {
  createEffect(
    on(
      () => {
        const c = input.counts();
        return c && `${c.translated}/${c.reviewed}`;
      },
      (now, before) => {
        const status = input.status();
        if (now && before && now !== before && status && movedBySaves.has(status)) {
          void revalidate(getDocument.keyFor(input.documentId()));
        }
      },
      { defer: true },
    ),
  );
  // The last status known: while the document is fetched again it may read as undefined.
  let last: DocumentStatus | undefined;
  createEffect(() => {
    const now = input.status();
    if (!now) return;
    if (last === 'certified' && now === 'in_progress') input.onCertificationSuperseded();
    last = now;
  });
}
