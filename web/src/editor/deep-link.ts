// Where the cursor starts: `?segment=ID` opens the page of that line with the line focused
// and in view (links from search, entity pages and review notes); otherwise the first line of
// a page takes the focus when the page comes up and nothing else has it.
import { createEffect, createMemo, on, untrack, type Accessor } from 'solid-js';
import type { LineEditors } from './line-editors.ts';
import type { LineFocus } from './line-focus.ts';

export function followDeepLink(input: {
  /** `segment` as it is in the URL. */
  segmentParam: Accessor<string | undefined>;
  /** The line id in it, NaN when there is none. */
  segmentId: Accessor<number>;
  pageNo: Accessor<number>;
  /** Shows another page, keeping `segment` in the URL. */
  showPage: (n: number) => void;
  lines: LineEditors;
  focus: LineFocus;
}) {
  const { lines, focus } = input;
  let linked: string | undefined;
  createEffect(() => {
    const target = input.segmentId();
    const line = Number.isNaN(target) ? undefined : lines.segmentById().get(target);
    if (!line) return;
    untrack(() => {
      if (linked === input.segmentParam()) return;
      linked = input.segmentParam();
      if (line.pageNo !== input.pageNo()) input.showPage(line.pageNo);
      queueMicrotask(() => requestAnimationFrame(() => focus.focusLine(target, 'text', 'center')));
    });
  });
  // A memo, so the focus moves only when another page comes up, not on every refetch.
  const firstLine = createMemo(() => lines.pageEditors()[0]?.id);
  createEffect(
    on(firstLine, (first) => {
      if (first === undefined || !Number.isNaN(input.segmentId())) return;
      const current = focus.activeId();
      if (current !== undefined && lines.pageEditors().some((ed) => ed.id === current)) return;
      const focusFree =
        !document.activeElement ||
        document.activeElement === document.body ||
        document.activeElement.id === 'main' ||
        document.activeElement.closest('.page-nav');
      if (focusFree) requestAnimationFrame(() => focus.focusLine(first, 'text'));
      else focus.setActiveId(first);
    }),
  );
}
