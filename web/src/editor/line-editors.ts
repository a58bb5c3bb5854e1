// The open document's line editors: one per line, made when its page is first shown and kept
// across refetches, so typing is never overwritten by a reload (a 600-line document opens with
// one page's worth). Also what the header says about saving, and the guards that keep unsaved
// lines from being lost when the tab closes or the connection comes back.
import { createMemo, createSignal, onCleanup, onMount, type Accessor } from 'solid-js';
import type { Page, Segment } from '../api.ts';
import { createSegmentEditor, type SegmentEditor } from './segment-editor.ts';

export interface LineEditors {
  /** The editor of a line, if its page has been shown (reactive: tracks editors being made). */
  get(segmentId: number): SegmentEditor | undefined;
  has(segmentId: number): boolean;
  /** Every editor made so far (reactive: grows as pages are shown). */
  all: Accessor<SegmentEditor[]>;
  /** The shown page's lines in reading order. */
  pageEditors: Accessor<SegmentEditor[]>;
  /** The shown page's lines as the server last confirmed them (for the scan's boxes). */
  pageSegments: Accessor<Segment[]>;
  /** Every line of the document as fetched, by id. */
  segmentById: Accessor<Map<number, Segment>>;
  /** A line as the editor knows it: its editor's server copy, else the fetched one. */
  current(segmentId: number): Segment | undefined;
  unsaved: Accessor<SegmentEditor[]>;
  saving: Accessor<boolean>;
  offline: Accessor<boolean>;
  conflicts: Accessor<number>;
}

export function createLineEditors(input: {
  segments: Accessor<Segment[] | undefined>;
  page: Accessor<Page | undefined>;
}): LineEditors {
  const editors = new Map<number, SegmentEditor>();
  const [editorsMade, setEditorsMade] = createSignal(0);
  const editorFor = (s: Segment) => {
    let ed = editors.get(s.id);
    if (!ed) {
      ed = createSegmentEditor(s);
      editors.set(s.id, ed);
      queueMicrotask(() => setEditorsMade(editors.size));
    } else {
      ed.receive(s);
    }
    return ed;
  };
  const all = () => {
    editorsMade();
    return [...editors.values()];
  };
  const pageEditors = createMemo(() => {
    const p = input.page();
    return p
      ? (input.segments() ?? [])
          .filter((s) => s.pageId === p.id)
          .sort((a, b) => a.lineOrder - b.lineOrder)
          .map(editorFor)
      : [];
  });
  const segmentById = createMemo(() => new Map((input.segments() ?? []).map((s) => [s.id, s])));
  const pageSegments = createMemo<Segment[]>(() => pageEditors().map((ed) => ed.server()));
  const unsaved = () => all().filter((ed) => ed.hasUnsaved());

  onMount(() => {
    // Closing the tab with unsaved lines warns; the lines are also kept as drafts in the browser.
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

  // Reading an editor subscribes to the editors made so far: what is computed from a line that
  // had no editor yet (the header's counters) follows its editor once the line's page is shown.
  const made = (segmentId: number) => {
    editorsMade();
    return editors.get(segmentId);
  };

  return {
    get: made,
    has: (segmentId) => made(segmentId) !== undefined,
    all,
    pageEditors,
    pageSegments,
    segmentById,
    current: (segmentId) => made(segmentId)?.server() ?? segmentById().get(segmentId),
    unsaved,
    saving: () => all().some((ed) => ed.state() === 'saving'),
    offline: () => all().some((ed) => ed.state() === 'offline'),
    conflicts: () => all().filter((ed) => ed.state() === 'conflict').length,
  };
}
