// What can be done to a line besides typing in it: accept it (corrected / translated) and move
// on, split it at the cursor, join it with the next, delete it, add one the OCR missed (drawn
// on the scan or just below), restore an earlier version, put the OCR reading back. Each is
// undoable (undo.ts); a line someone else changed meanwhile (409) is refetched and said so.
import type { Accessor } from 'solid-js';
import {
  addSegment,
  ApiError,
  deleteSegment,
  mergeSegments,
  restoreSegment,
  revalidateSegments,
  splitSegment,
  type Box,
  type Page,
} from '../api.ts';
import { formatNumber, t } from '../i18n.ts';
import type { Announcer } from './announcer.tsx';
import type { Column } from './columns.ts';
import type { LineEditors } from './line-editors.ts';
import type { LineFocus } from './line-focus.ts';
import type { SegmentEditor } from './segment-editor.ts';
import { shortcutLabel } from './shortcuts.ts';
import type { Undo } from './undo.ts';

/** Runs a structural change; a stale line (409) is refetched and said so. */
export function guardStructural(documentId: Accessor<number>, announcer: Announcer) {
  return async (run: () => Promise<void>) => {
    try {
      await run();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        announcer.announce(t('editor.staleLine'));
        await revalidateSegments(documentId());
      } else {
        announcer.fail(err);
      }
    }
  };
}

export interface LineOperations {
  /** Ctrl+Enter: save, mark the line corrected (Arabic) or translated (English), go on. */
  acceptLine(ed: SegmentEditor, column: Column): Promise<void>;
  split(ed: SegmentEditor, column: Column): Promise<void>;
  merge(ed: SegmentEditor): Promise<void>;
  remove(ed: SegmentEditor): Promise<void>;
  addLine(box: Box): Promise<void>;
  /** Alt+N: a new line under the current one (its box just below); the mouse can draw one. */
  addBelow(ed: SegmentEditor | undefined): void;
  restore(segmentId: number, version: number): Promise<void>;
  /** Alt+I: the OCR reading into the Arabic field, as an edit the browser can undo (Ctrl+Z). */
  insertOcr(ed: SegmentEditor): void;
}

export function createLineOperations(input: {
  documentId: Accessor<number>;
  page: Accessor<Page | undefined>;
  lines: LineEditors;
  focus: LineFocus;
  announcer: Announcer;
  undo: Undo;
  guarded: (run: () => Promise<void>) => Promise<void>;
  /** Drawing a box on the scan ends when the line is added. */
  stopDrawing: () => void;
}): LineOperations {
  const { lines, focus, undo, guarded } = input;
  const { announce, fail } = input.announcer;
  const refetch = () => revalidateSegments(input.documentId());

  async function acceptLine(ed: SegmentEditor, column: Column) {
    await ed.flush();
    if (ed.state() !== 'saved') return; // conflict or offline: the row says so
    const s = ed.server();
    const target =
      column === 'text'
        ? s.status === 'ocr'
          ? 'corrected'
          : null
        : s.translation.trim() && (s.status === 'ocr' || s.status === 'corrected')
          ? 'translated'
          : null;
    const before = s.version;
    if (target) {
      try {
        if (!(await ed.setStatus(target))) return;
        announce(t('editor.accepted', { status: t(`status.segment.${target}`) }));
        undo.push({
          label: t('editor.undoStatus'),
          focus: ed.id,
          run: async () => {
            ed.receive(await restoreSegment(ed.id, ed.server().version, before));
          },
        });
      } catch (err) {
        fail(err);
        return;
      }
    }
    if (!focus.move(ed.id, column, 1)) announce(t('editor.lastLine'));
  }

  async function split(ed: SegmentEditor, column: Column) {
    if (column !== 'text') {
      announce(t('editor.splitInArabic'));
      return;
    }
    const sel = focus.selectionIn(ed.id, 'text');
    const at = sel?.start ?? 0;
    if (at <= 0 || at >= ed.text().length) {
      announce(t('editor.splitWhere'));
      return;
    }
    await ed.flush();
    if (ed.state() !== 'saved') return;
    await guarded(async () => {
      const { first, second } = await splitSegment(ed.id, { version: ed.server().version, textOffset: at });
      ed.receive(first);
      await refetch();
      focus.focusLine(second.id, 'text');
      announce(t('editor.splitDone'));
      undo.push({
        label: t('editor.undoSplit'),
        focus: ed.id,
        run: async () => {
          // Join the halves, then restore the line's text as it was before (a join adds a space).
          const a = lines.get(first.id)?.server() ?? first;
          const b = lines.get(second.id)?.server() ?? second;
          const joined = await mergeSegments(first.id, { version: a.version, nextId: b.id, nextVersion: b.version });
          ed.receive(await restoreSegment(first.id, joined.version, first.version - 1));
        },
      });
    });
  }

  async function merge(ed: SegmentEditor) {
    const list = lines.pageEditors();
    const next = list[list.findIndex((x) => x.id === ed.id) + 1];
    if (!next) {
      announce(t('editor.noNextLine'));
      return;
    }
    await Promise.all([ed.flush(), next.flush()]);
    if (ed.state() !== 'saved' || next.state() !== 'saved') return;
    const firstBefore = ed.server().version;
    const nextBefore = next.server().version;
    await guarded(async () => {
      const joined = await mergeSegments(ed.id, {
        version: ed.server().version,
        nextId: next.id,
        nextVersion: next.server().version,
      });
      ed.receive(joined);
      await refetch();
      focus.focusLine(ed.id);
      announce(t('editor.mergeDone'));
      undo.push({
        label: t('editor.undoMerge'),
        focus: ed.id,
        run: async () => {
          await restoreSegment(next.id, nextBefore + 1, nextBefore);
          ed.receive(await restoreSegment(ed.id, ed.server().version, firstBefore));
        },
      });
    });
  }

  async function remove(ed: SegmentEditor) {
    await ed.flush();
    const before = ed.server().version;
    const list = lines.pageEditors();
    const i = list.findIndex((x) => x.id === ed.id);
    await guarded(async () => {
      await deleteSegment(ed.id, before);
      await refetch();
      const neighbour = list[i + 1] ?? list[i - 1];
      if (neighbour) focus.focusLine(neighbour.id);
      announce(t('editor.deleted', { shortcut: shortcutLabel('undoAction') }));
      undo.push({
        label: t('editor.undoDelete'),
        focus: ed.id,
        run: async () => {
          await restoreSegment(ed.id, before + 1, before);
        },
      });
    });
  }

  async function addLine(box: Box) {
    const p = input.page();
    if (!p) return;
    input.stopDrawing();
    await guarded(async () => {
      const created = await addSegment(p.id, { box });
      await refetch();
      focus.focusLine(created.id, 'text', 'center');
      announce(t('editor.added'));
      undo.push({
        label: t('editor.undoAdd'),
        run: async () => {
          const now = lines.get(created.id)?.server() ?? created;
          await deleteSegment(created.id, now.version);
        },
      });
    });
  }

  function addBelow(ed: SegmentEditor | undefined) {
    const p = input.page();
    if (!p) return;
    const b = ed?.server().box;
    const h = b?.h ?? 40;
    const box = b
      ? { x: b.x, y: Math.min((p.height ?? b.y + 2 * h) - h, b.y + b.h + 2), w: b.w, h }
      : { x: 0, y: 0, w: p.width ?? 100, h };
    void addLine(box);
  }

  async function restore(segmentId: number, version: number) {
    const ed = lines.get(segmentId);
    if (!ed) return;
    await ed.flush();
    const before = ed.server().version;
    const restored = await restoreSegment(segmentId, before, version);
    ed.receive(restored);
    await refetch();
    announce(t('history.restored', { n: formatNumber(version) }));
    undo.push({
      label: t('history.undoRestore'),
      focus: segmentId,
      run: async () => {
        ed.receive(await restoreSegment(segmentId, ed.server().version, before));
      },
    });
  }

  function insertOcr(ed: SegmentEditor) {
    const el = focus.field(ed.id, 'text');
    if (!el || el.readOnly) return;
    el.focus();
    el.select();
    if (!document.execCommand('insertText', false, ed.server().ocrText)) {
      ed.setText(ed.server().ocrText);
    }
    announce(t('editor.ocrInserted'));
  }

  return { acceptLine, split, merge, remove, addLine, addBelow, restore, insertOcr };
}
