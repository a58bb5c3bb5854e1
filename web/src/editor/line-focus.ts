// Where the cursor is: the active line and column, the line fields by line and column, and
// moving between lines and panes (scan | Arabic | English) without the mouse.
import { batch, createSignal, type Accessor } from 'solid-js';
import type { Column } from './columns.ts';
import type { SegmentEditor } from './segment-editor.ts';

export interface LineFocus {
  activeId: Accessor<number | undefined>;
  setActiveId(id: number | undefined): void;
  activeColumn: Accessor<Column>;
  /** A line field put in place or taken out (from SegmentRow). */
  registerField(segmentId: number, column: Column, el: HTMLTextAreaElement): void;
  field(segmentId: number, column: Column): HTMLTextAreaElement | undefined;
  /** The selection in a line field, UTF-16 offsets. */
  selectionIn(segmentId: number, column: Column): { start: number; end: number; el: HTMLTextAreaElement } | undefined;
  /** A field of the line got the focus (by click or Tab). */
  focused(segmentId: number, column: Column): void;
  focusLine(segmentId: number, column?: Column, block?: ScrollLogicalPosition): void;
  /** To the next (1) or previous (-1) line of the page; false at either end. */
  move(segmentId: number, column: Column, delta: 1 | -1): boolean;
  /** F6 / Shift+F6: Arabic → English → scan, and back. */
  cyclePane(segmentId: number | undefined, column: Column | 'scan', back: boolean): void;
  setScanViewport(el: HTMLDivElement): void;
  /** Whether a node is inside the scan pane. */
  inScan(node: Node): boolean;
}

export function createLineFocus(input: { pageEditors: Accessor<SegmentEditor[]> }): LineFocus {
  const [activeId, setActiveId] = createSignal<number>();
  const [activeColumn, setActiveColumn] = createSignal<Column>('text');
  const fields = new Map<string, HTMLTextAreaElement>();
  const fieldKey = (segmentId: number, column: Column) => `${segmentId}:${column}`;
  let scanViewport: HTMLDivElement | undefined;

  function focused(segmentId: number, column: Column) {
    batch(() => {
      setActiveId(segmentId);
      setActiveColumn(column);
    });
  }

  function focusLine(segmentId: number, column: Column = activeColumn(), block: ScrollLogicalPosition = 'nearest') {
    focused(segmentId, column);
    const el = fields.get(fieldKey(segmentId, column));
    if (!el) return;
    el.focus({ preventScroll: true });
    el.closest('li')?.scrollIntoView({ block, behavior: block === 'center' ? 'auto' : 'smooth' });
  }

  function move(segmentId: number, column: Column, delta: 1 | -1): boolean {
    const list = input.pageEditors();
    const i = list.findIndex((ed) => ed.id === segmentId);
    const next = list[i + delta];
    if (next) focusLine(next.id, column);
    return !!next;
  }

  function cyclePane(segmentId: number | undefined, column: Column | 'scan', back: boolean) {
    const order: (Column | 'scan')[] = ['text', 'translation', 'scan'];
    const i = order.indexOf(column);
    const next = order[(i + (back ? order.length - 1 : 1)) % order.length]!;
    if (next === 'scan') {
      scanViewport?.focus();
      return;
    }
    const target = segmentId ?? input.pageEditors()[0]?.id;
    if (target !== undefined) focusLine(target, next);
  }

  return {
    activeId,
    setActiveId,
    activeColumn,
    registerField: (segmentId, column, el) => fields.set(fieldKey(segmentId, column), el),
    field: (segmentId, column) => fields.get(fieldKey(segmentId, column)),
    selectionIn(segmentId, column) {
      const el = fields.get(fieldKey(segmentId, column));
      return el ? { start: el.selectionStart, end: el.selectionEnd, el } : undefined;
    },
    focused,
    focusLine,
    move,
    cyclePane,
    setScanViewport: (el) => (scanViewport = el),
    inScan: (node) => !!scanViewport?.contains(node),
  };
}
