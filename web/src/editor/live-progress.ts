// Progress as the editor sees it: lines per status on each page and in the whole document,
// counted from the lines as this editor has them, so the counters move with every save
// instead of waiting for a reload; and pages whose OCR finishes while the document is open
// bring their lines in at once.
import { createEffect, createMemo, on, type Accessor } from 'solid-js';
import { revalidatePages, type Segment } from '../api.ts';
import type { LineEditors } from './line-editors.ts';

export interface LineCounts {
  total: number;
  corrected: number;
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
      const p = byPage.get(s.pageId) ?? { total: 0, corrected: 0, translated: 0, reviewed: 0 };
      p.total++;
      if (s.status !== 'ocr') p.corrected++;
      if (s.status === 'translated' || s.status === 'reviewed') p.translated++;
      if (s.status === 'reviewed') p.reviewed++;
      byPage.set(s.pageId, p);
    }
    return byPage;
  });

  const docLines = createMemo(() => {
    if (!input.segments()) return undefined;
    const sum = { total: 0, corrected: 0, translated: 0, reviewed: 0 };
    for (const p of pageProgress().values()) {
      sum.total += p.total;
      sum.corrected += p.corrected;
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
