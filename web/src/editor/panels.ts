// What is open in the editor besides the lines: the OCR reading under a line (Alt+O), a
// line's history (Alt+H), the help overlay (F1), drawing a new line's box on the scan, and
// the sensitive pages revealed (per page, only while this document is open).
import { createEffect, createSignal, on, type Accessor } from 'solid-js';

export interface Panels {
  ocrOpen(segmentId: number): boolean;
  toggleOcr(segmentId: number): void;
  historyFor: Accessor<number | null>;
  toggleHistory(segmentId: number): void;
  closeHistory(): void;
  helpOpen: Accessor<boolean>;
  setHelpOpen(open: boolean): void;
  drawing: Accessor<boolean>;
  setDrawing(v: boolean | ((d: boolean) => boolean)): void;
  revealed(pageId: number): boolean;
  toggleRevealed(pageId: number): void;
}

export function createPanels(documentId: Accessor<number>): Panels {
  const [ocrOpen, setOcrOpen] = createSignal(new Set<number>(), { equals: false });
  const [historyFor, setHistoryFor] = createSignal<number | null>(null);
  const [helpOpen, setHelpOpen] = createSignal(false);
  const [drawing, setDrawing] = createSignal(false);
  const [revealed, setRevealed] = createSignal(new Set<number>(), { equals: false });
  createEffect(on(documentId, () => setRevealed(new Set<number>()), { defer: true }));
  return {
    ocrOpen: (segmentId) => ocrOpen().has(segmentId),
    toggleOcr: (segmentId) => setOcrOpen((s) => (s.delete(segmentId) ? s : s.add(segmentId))),
    historyFor,
    toggleHistory: (segmentId) => setHistoryFor((h) => (h === segmentId ? null : segmentId)),
    closeHistory: () => setHistoryFor(null),
    helpOpen,
    setHelpOpen,
    drawing,
    setDrawing,
    revealed: (pageId) => revealed().has(pageId),
    toggleRevealed: (pageId) => setRevealed((s) => (s.delete(pageId) ? s : s.add(pageId))),
  };
}
