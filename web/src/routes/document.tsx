// The side-by-side editor: scan | Arabic | English, line by line. Everything a translator
// does is reachable from the keyboard (lib/shortcuts.ts, listed in the help overlay); saving
// happens in the background per line (lib/segment-editor.ts) so moving on and typing never
// wait on the network.
import {
  A,
  createAsync,
  revalidate,
  useParams,
  useSearchParams,
  type RoutePreloadFunc,
} from '@solidjs/router';
import {
  batch,
  createEffect,
  createMemo,
  createSignal,
  For,
  Match,
  on,
  onCleanup,
  onMount,
  Show,
  Switch,
  untrack,
} from 'solid-js';
import {
  addSegment,
  ApiError,
  changeMention,
  createMention,
  decideLine,
  decideMention,
  decidePage,
  deleteSegment,
  getDocument,
  getDocuments,
  getReviewState,
  getSegments,
  getSession,
  mergeSegments,
  removeMention,
  restoreSegment,
  revalidatePages,
  revalidateSegments,
  setPageSensitive,
  splitSegment,
  submitForReview,
  type Box,
  type Mention,
  type MentionKind,
  type ReviewState,
  type Segment,
} from '../api.ts';
import { errorMessage } from '../components/error-notice.tsx';
import { ReturnForm } from '../components/return-form.tsx';
import { SaveSummary } from '../components/save-summary.tsx';
import { HelpOverlay } from '../components/help-overlay.tsx';
import { ScanView } from '../components/scan-view.tsx';
import { SegmentRow, type Column, type ReviewNote } from '../components/segment-row.tsx';
import { LineProgress, OcrProgress, PageStatusBadge, StatusBadge } from '../components/status.tsx';
import { formatNumber, t } from '../i18n.ts';
import { createMentionStore } from '../lib/mentions.ts';
import { createLiveProgress, withProgress } from '../lib/progress.ts';
import { createSegmentEditor, type SegmentEditor } from '../lib/segment-editor.ts';
import { shortcutFor, shortcutLabel, type ShortcutId } from '../lib/shortcuts.ts';
import { shiftSpan } from '../lib/spans.ts';
import { usePageTitle } from '../lib/title.ts';

function idFrom(value: string | string[] | undefined): number {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(n) && n > 0 ? n : NaN;
}

export const preloadDocument: RoutePreloadFunc = ({ params }) => {
  const id = idFrom(params.id);
  if (Number.isNaN(id)) return;
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

const tagKeys: Partial<Record<ShortcutId, MentionKind>> = {
  tagPerson: 'person',
  tagUnit: 'unit',
  tagPlace: 'place',
  tagDate: 'date',
  tagOther: 'other',
};

interface UndoEntry {
  label: string;
  run: () => Promise<void>;
  /** The line to put the cursor in afterwards. */
  focus?: number;
}

export function DocumentPage() {
  const params = useParams<{ id: string }>();
  const [search, setSearch] = useSearchParams<{ page?: string; segment?: string }>();
  const id = () => idFrom(params.id);

  const session = createAsync(() => getSession());
  const can = (p: string) => session()?.permissions.includes(p) ?? false;
  const canEdit = () => can('segment.edit');
  const canTag = () => can('tag.edit');
  const canReview = () => can('review.decide');

  const detail = createAsync(() => getDocument(id()));
  const segments = createAsync(() => getSegments(id()));
  // Review notes come after the lines, without holding up the editor (no Suspense read).
  const [review, setReview] = createSignal<ReviewState>();
  createEffect(
    on(
      () => (segments() ? [id(), segments()] : undefined),
      (key) => {
        if (!key) return;
        const docId = id();
        getReviewState(docId).then(
          (r) => docId === id() && setReview(r),
          () => undefined,
        );
      },
    ),
  );
  const live = createLiveProgress(() => (detail() ? [detail()!.document] : undefined));
  const doc = () => {
    const d = detail();
    return d && withProgress(d.document, live());
  };

  // Each page whose OCR ends while the document is open brings its lines in at once.
  createEffect(
    on(
      () => {
        const d = doc();
        return d ? d.pagesDone + d.pagesFailed : undefined;
      },
      (finished, before) => {
        if (finished !== undefined && before !== undefined && finished > before) {
          void revalidatePages(id());
        }
      },
      { defer: true },
    ),
  );

  usePageTitle(() => doc()?.title);

  const pageCount = () => detail()?.pages.length ?? 1;
  const pageNo = () => {
    const n = Number(search.page);
    return Number.isInteger(n) && n >= 1 && n <= pageCount() ? n : 1;
  };
  const page = () => detail()?.pages.find((p) => p.pageNo === pageNo()) ?? detail()?.pages[0];
  const goToPage = (n: number) => {
    if (n >= 1 && n <= pageCount() && n !== pageNo()) setSearch({ page: n, segment: null });
  };

  // One editor per line, made when its page is first shown and kept across refetches, so
  // typing is never overwritten by a reload. (A 600-line document opens with one page's.)
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
  const allEditors = () => {
    editorsMade();
    return [...editors.values()];
  };
  const pageEditors = createMemo(() => {
    const p = page();
    return p
      ? (segments() ?? [])
          .filter((s) => s.pageId === p.id)
          .sort((a, b) => a.lineOrder - b.lineOrder)
          .map(editorFor)
      : [];
  });
  const segmentById = createMemo(() => new Map((segments() ?? []).map((s) => [s.id, s])));
  const pageSegments = createMemo<Segment[]>(() => pageEditors().map((ed) => ed.server()));

  /** Lines per status on each page, for the page list and the page's progress. */
  const pageProgress = createMemo(() => {
    const byPage = new Map<number, { total: number; corrected: number; translated: number; reviewed: number }>();
    for (const line of segments() ?? []) {
      const s = editors.get(line.id)?.server() ?? line;
      const p = byPage.get(s.pageId) ?? { total: 0, corrected: 0, translated: 0, reviewed: 0 };
      p.total++;
      if (s.status !== 'ocr') p.corrected++;
      if (s.status === 'translated' || s.status === 'reviewed') p.translated++;
      if (s.status === 'reviewed') p.reviewed++;
      byPage.set(s.pageId, p);
    }
    return byPage;
  });

  /** The document's progress from the lines as this editor has them (updates with each save). */
  const docLines = createMemo(() => {
    if (!segments()) return undefined;
    const sum = { total: 0, corrected: 0, translated: 0, reviewed: 0 };
    for (const p of pageProgress().values()) {
      sum.total += p.total;
      sum.corrected += p.corrected;
      sum.translated += p.translated;
      sum.reviewed += p.reviewed;
    }
    return sum;
  });

  const unsaved = () => allEditors().filter((ed) => ed.hasUnsaved());
  const saving = () => allEditors().some((ed) => ed.state() === 'saving');
  const offline = () => allEditors().some((ed) => ed.state() === 'offline');
  const conflicts = () => allEditors().filter((ed) => ed.state() === 'conflict').length;

  // ------------------------------------------------------------ focus and movement

  const [activeId, setActiveId] = createSignal<number>();
  const [activeColumn, setActiveColumn] = createSignal<Column>('text');
  const fields = new Map<string, HTMLTextAreaElement>();
  const fieldKey = (segmentId: number, column: Column) => `${segmentId}:${column}`;
  let scanViewport: HTMLDivElement | undefined;

  function focusLine(segmentId: number, column: Column = activeColumn(), block: ScrollLogicalPosition = 'nearest') {
    batch(() => {
      setActiveId(segmentId);
      setActiveColumn(column);
    });
    const el = fields.get(fieldKey(segmentId, column));
    if (!el) return;
    el.focus({ preventScroll: true });
    el.closest('li')?.scrollIntoView({ block, behavior: block === 'center' ? 'auto' : 'smooth' });
  }

  function move(segmentId: number, column: Column, delta: 1 | -1): boolean {
    const list = pageEditors();
    const i = list.findIndex((ed) => ed.id === segmentId);
    const next = list[i + delta];
    if (next) focusLine(next.id, column);
    return !!next;
  }

  const [announcement, setAnnouncement] = createSignal('');
  function announce(message: string) {
    setAnnouncement('');
    queueMicrotask(() => setAnnouncement(message));
  }
  const fail = (err: unknown) => announce(errorMessage(err));

  // ------------------------------------------------------------ panels and modes

  const [ocrOpen, setOcrOpen] = createSignal(new Set<number>(), { equals: false });
  const [historyFor, setHistoryFor] = createSignal<number | null>(null);
  const [helpOpen, setHelpOpen] = createSignal(false);
  const [drawing, setDrawing] = createSignal(false);
  // Revealed sensitive pages: per page, and only while this document is open.
  const [revealed, setRevealed] = createSignal(new Set<number>(), { equals: false });
  createEffect(on(id, () => setRevealed(new Set<number>()), { defer: true }));

  const undoStack: UndoEntry[] = [];
  const pushUndo = (entry: UndoEntry) => {
    undoStack.push(entry);
    if (undoStack.length > 50) undoStack.shift();
  };

  // ------------------------------------------------------------ tags

  const mentionStore = createMentionStore();
  const baseOf = (segmentId: number) => {
    const s = editors.get(segmentId)?.server() ?? segmentById().get(segmentId);
    return s && { text: s.text, translation: s.translation };
  };
  createEffect(
    on(
      () => (segments() ? id() : undefined),
      (docId) => {
        if (docId) void mentionStore.loadAll(docId, baseOf).catch(() => undefined);
      },
    ),
  );

  function selectionIn(segmentId: number, column: Column) {
    const el = fields.get(fieldKey(segmentId, column));
    return el ? { start: el.selectionStart, end: el.selectionEnd, el } : undefined;
  }

  /** The tag under the cursor (or the line's first suggestion when `suggestion` is set). */
  function mentionAt(segmentId: number, column: Column, suggestion: boolean): Mention | undefined {
    const ed = editors.get(segmentId);
    const tags = mentionStore.forLine(segmentId);
    if (!ed || !tags) return undefined;
    const sel = selectionIn(segmentId, column);
    const now = column === 'text' ? ed.text() : ed.translation();
    const candidates = tags.mentions.filter((m) => m.field === column && (!suggestion || m.status === 'suggested'));
    const under = candidates.find((m) => {
      const s = shiftSpan(tags.base[column], now, m);
      return s && sel && sel.start >= s.start && sel.start <= s.end;
    });
    if (under || !suggestion) return under;
    return candidates[0] ?? tags.mentions.find((m) => m.status === 'suggested');
  }

  async function refreshTags(segmentId: number) {
    const base = baseOf(segmentId);
    if (base) await mentionStore.refresh(segmentId, base);
  }

  async function tagSelection(segmentId: number, column: Column, kind: MentionKind) {
    const ed = editors.get(segmentId);
    const sel = selectionIn(segmentId, column);
    if (!ed || !sel) return;
    let { start, end } = sel;
    const value = sel.el.value;
    while (start < end && /\s/.test(value[start]!)) start++;
    while (end > start && /\s/.test(value[end - 1]!)) end--;
    if (start >= end) {
      announce(t('tagging.selectFirst'));
      return;
    }
    await ed.flush(); // tags refer to a saved version of the line
    if (ed.state() !== 'saved') {
      announce(t('tagging.saveFirst'));
      return;
    }
    try {
      const m = await createMention({ segmentId, segmentVersion: ed.server().version, field: column, start, end, kind });
      await refreshTags(segmentId);
      announce(t('tagging.tagged', { kind: t(`tagging.kind.${kind}`), text: value.slice(start, end) }));
      pushUndo({ label: t('tagging.undoTag'), focus: segmentId, run: () => removeMention(m.id).then(() => refreshTags(segmentId)) });
    } catch (err) {
      fail(err);
    }
  }

  async function decide(m: Mention, decision: 'accept' | 'reject') {
    try {
      const updated = await decideMention(m.id, decision);
      mentionStore.put(updated);
      announce(t(decision === 'accept' ? 'tagging.accepted' : 'tagging.rejected', { kind: t(`tagging.kind.${m.kind}`) }));
    } catch (err) {
      fail(err);
    }
  }

  async function untag(m: Mention) {
    try {
      await removeMention(m.id);
      mentionStore.drop(m.id);
      announce(t('tagging.removed', { kind: t(`tagging.kind.${m.kind}`) }));
    } catch (err) {
      fail(err);
    }
  }

  async function retag(m: Mention, kind: MentionKind) {
    const ed = editors.get(m.segmentId);
    if (!ed) return;
    await ed.flush();
    try {
      mentionStore.put(await changeMention(m.id, { segmentVersion: ed.server().version, kind }));
      await refreshTags(m.segmentId);
    } catch (err) {
      fail(err);
      await refreshTags(m.segmentId);
    }
  }

  // ------------------------------------------------------------ line operations

  /** Runs a structural change; a stale line (409) is refetched and said so. */
  async function lineOp(run: () => Promise<void>) {
    try {
      await run();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        announce(t('editor.staleLine'));
        await revalidateSegments(id());
      } else {
        fail(err);
      }
    }
  }

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
        pushUndo({
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
    if (!move(ed.id, column, 1)) announce(t('editor.lastLine'));
  }

  async function approveLine(ed: SegmentEditor) {
    await ed.flush();
    if (ed.state() !== 'saved') return;
    await lineOp(async () => {
      await decideLine(id(), ed.id, { action: 'approve', version: ed.server().version });
      announce(t('review.lineApproved'));
      move(ed.id, activeColumn(), 1);
    });
  }

  const [returning, setReturning] = createSignal<{ scope: 'line' | 'page'; segmentId?: number }>();

  async function split(ed: SegmentEditor, column: Column) {
    if (column !== 'text') {
      announce(t('editor.splitInArabic'));
      return;
    }
    const sel = selectionIn(ed.id, 'text');
    const at = sel?.start ?? 0;
    if (at <= 0 || at >= ed.text().length) {
      announce(t('editor.splitWhere'));
      return;
    }
    await ed.flush();
    if (ed.state() !== 'saved') return;
    await lineOp(async () => {
      const { first, second } = await splitSegment(ed.id, { version: ed.server().version, textOffset: at });
      ed.receive(first);
      await revalidateSegments(id());
      focusLine(second.id, 'text');
      announce(t('editor.splitDone'));
      pushUndo({
        label: t('editor.undoSplit'),
        focus: ed.id,
        run: async () => {
          // Join the halves, then restore the line's text as it was before (a join adds a space).
          const a = editors.get(first.id)?.server() ?? first;
          const b = editors.get(second.id)?.server() ?? second;
          const joined = await mergeSegments(first.id, { version: a.version, nextId: b.id, nextVersion: b.version });
          ed.receive(await restoreSegment(first.id, joined.version, first.version - 1));
        },
      });
    });
  }

  async function merge(ed: SegmentEditor) {
    const list = pageEditors();
    const next = list[list.findIndex((x) => x.id === ed.id) + 1];
    if (!next) {
      announce(t('editor.noNextLine'));
      return;
    }
    await Promise.all([ed.flush(), next.flush()]);
    if (ed.state() !== 'saved' || next.state() !== 'saved') return;
    const firstBefore = ed.server().version;
    const nextBefore = next.server().version;
    await lineOp(async () => {
      const joined = await mergeSegments(ed.id, {
        version: ed.server().version,
        nextId: next.id,
        nextVersion: next.server().version,
      });
      ed.receive(joined);
      await revalidateSegments(id());
      focusLine(ed.id);
      announce(t('editor.mergeDone'));
      pushUndo({
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
    const list = pageEditors();
    const i = list.findIndex((x) => x.id === ed.id);
    await lineOp(async () => {
      await deleteSegment(ed.id, before);
      await revalidateSegments(id());
      const neighbour = list[i + 1] ?? list[i - 1];
      if (neighbour) focusLine(neighbour.id);
      announce(t('editor.deleted', { shortcut: shortcutLabel('undoAction') }));
      pushUndo({
        label: t('editor.undoDelete'),
        focus: ed.id,
        run: async () => {
          await restoreSegment(ed.id, before + 1, before);
        },
      });
    });
  }

  async function addLine(box: Box) {
    const p = page();
    if (!p) return;
    setDrawing(false);
    await lineOp(async () => {
      const created = await addSegment(p.id, { box });
      await revalidateSegments(id());
      focusLine(created.id, 'text', 'center');
      announce(t('editor.added'));
      pushUndo({
        label: t('editor.undoAdd'),
        run: async () => {
          const now = editors.get(created.id)?.server() ?? created;
          await deleteSegment(created.id, now.version);
        },
      });
    });
  }

  /** Alt+N: a new line under the current one (its box just below); the mouse can draw one. */
  function addBelow(ed: SegmentEditor | undefined) {
    const p = page();
    if (!p) return;
    const b = ed?.server().box;
    const h = b?.h ?? 40;
    const box = b
      ? { x: b.x, y: Math.min((p.height ?? b.y + 2 * h) - h, b.y + b.h + 2), w: b.w, h }
      : { x: 0, y: 0, w: p.width ?? 100, h };
    void addLine(box);
  }

  async function restore(segmentId: number, version: number) {
    const ed = editors.get(segmentId);
    if (!ed) return;
    await ed.flush();
    const before = ed.server().version;
    const restored = await restoreSegment(segmentId, before, version);
    ed.receive(restored);
    await revalidateSegments(id());
    announce(t('history.restored', { n: formatNumber(version) }));
    pushUndo({
      label: t('history.undoRestore'),
      focus: segmentId,
      run: async () => {
        ed.receive(await restoreSegment(segmentId, ed.server().version, before));
      },
    });
  }

  async function undoLast() {
    const entry = undoStack.pop();
    if (!entry) {
      announce(t('editor.nothingToUndo'));
      return;
    }
    await lineOp(async () => {
      await entry.run();
      await revalidateSegments(id());
      if (entry.focus !== undefined && editors.has(entry.focus)) focusLine(entry.focus);
      announce(t('editor.undone', { what: entry.label }));
    });
  }

  /** Alt+I: the OCR reading into the Arabic field, as an edit the browser can undo (Ctrl+Z). */
  function insertOcr(ed: SegmentEditor) {
    const el = fields.get(fieldKey(ed.id, 'text'));
    if (!el || el.readOnly) return;
    el.focus();
    el.select();
    if (!document.execCommand('insertText', false, ed.server().ocrText)) {
      ed.setText(ed.server().ocrText);
    }
    announce(t('editor.ocrInserted'));
  }

  function cyclePane(segmentId: number | undefined, column: Column | 'scan', back: boolean) {
    const order: (Column | 'scan')[] = ['text', 'translation', 'scan'];
    const i = order.indexOf(column);
    const next = order[(i + (back ? order.length - 1 : 1)) % order.length]!;
    if (next === 'scan') {
      scanViewport?.focus();
      return;
    }
    const target = segmentId ?? pageEditors()[0]?.id;
    if (target !== undefined) focusLine(target, next);
  }

  // ------------------------------------------------------------ keys

  function onLineKeyDown(ev: KeyboardEvent, segmentId: number, column: Column) {
    const action = shortcutFor(ev);
    if (!action) return;
    const ed = editors.get(segmentId);
    if (!ed) return;
    const editing = canEdit();
    const handled = (): true => {
      ev.preventDefault();
      ev.stopPropagation();
      return true;
    };
    switch (action) {
      case 'nextLine':
        handled();
        move(segmentId, column, 1);
        return;
      case 'prevLine':
        handled();
        move(segmentId, column, -1);
        return;
      case 'switchPane':
      case 'switchPaneBack':
        handled();
        cyclePane(segmentId, column, action === 'switchPaneBack');
        return;
      case 'save':
        handled();
        void ed.flush();
        return;
      case 'acceptLine':
        handled();
        if (editing) void acceptLine(ed, column);
        return;
      case 'markReviewed':
      case 'approveLine':
        handled();
        if (canReview()) void approveLine(ed);
        else announce(t('review.notAllowed'));
        return;
      case 'returnLine':
        handled();
        if (canReview()) setReturning({ scope: 'line', segmentId });
        else announce(t('review.notAllowed'));
        return;
      case 'toggleOcr':
        handled();
        setOcrOpen((s) => (s.delete(segmentId) ? s : s.add(segmentId)));
        return;
      case 'insertOcr':
        handled();
        if (editing) insertOcr(ed);
        return;
      case 'history':
        handled();
        setHistoryFor((h) => (h === segmentId ? null : segmentId));
        return;
      case 'split':
        handled();
        if (editing) void split(ed, column);
        return;
      case 'merge':
        handled();
        if (editing) void merge(ed);
        return;
      case 'deleteLine':
        handled();
        if (editing) void remove(ed);
        return;
      case 'newLine':
        handled();
        if (editing) addBelow(ed);
        return;
      case 'undoAction':
        handled();
        void undoLast();
        return;
      case 'untag': {
        handled();
        const m = mentionAt(segmentId, column, false);
        if (m && canTag()) void untag(m);
        else announce(t('tagging.noneHere'));
        return;
      }
      case 'acceptSuggestion':
      case 'rejectSuggestion': {
        handled();
        const m = mentionAt(segmentId, column, true);
        if (m && canTag()) void decide(m, action === 'acceptSuggestion' ? 'accept' : 'reject');
        else announce(t('tagging.noSuggestion'));
        return;
      }
      default: {
        const kind = tagKeys[action];
        if (kind) {
          handled();
          if (canTag()) void tagSelection(segmentId, column, kind);
        }
      }
    }
  }

  onMount(() => {
    // Keys that work anywhere on the page (the line fields stop the ones they handle).
    const onKey = (ev: KeyboardEvent) => {
      const action = shortcutFor(ev);
      const typing = ev.target instanceof HTMLTextAreaElement || ev.target instanceof HTMLInputElement;
      if (action === 'help' || (!typing && ev.key === '?' && !ev.ctrlKey && !ev.altKey)) {
        ev.preventDefault();
        setHelpOpen(true);
      } else if (action === 'nextPage' || action === 'prevPage') {
        ev.preventDefault();
        goToPage(pageNo() + (action === 'nextPage' ? 1 : -1));
      } else if (action === 'switchPane' || action === 'switchPaneBack') {
        ev.preventDefault();
        const inScan = scanViewport?.contains(ev.target as Node);
        cyclePane(activeId(), inScan ? 'scan' : 'translation', action === 'switchPaneBack');
      } else if (action === 'undoAction') {
        ev.preventDefault();
        void undoLast();
      } else if (action === 'close' && drawing()) {
        setDrawing(false);
      }
    };
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
    window.addEventListener('keydown', onKey);
    window.addEventListener('beforeunload', warn);
    window.addEventListener('online', online);
    onCleanup(() => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('beforeunload', warn);
      window.removeEventListener('online', online);
    });
  });
  onCleanup(() => {
    for (const ed of editors.values()) ed.dispose();
    // The list shows progress per document: it has changed if anything was saved here.
    void revalidate(getDocuments.key);
  });

  // ------------------------------------------------------------ deep link and first focus

  // `?segment=ID` opens the page of that line with the line focused and in view; otherwise
  // the first line of the page takes the focus when the page has none yet.
  let linked: string | undefined;
  createEffect(() => {
    const target = idFrom(search.segment);
    const line = Number.isNaN(target) ? undefined : segmentById().get(target);
    if (!line) return;
    untrack(() => {
      if (linked === search.segment) return;
      linked = search.segment;
      if (line.pageNo !== pageNo()) setSearch({ page: line.pageNo });
      queueMicrotask(() => requestAnimationFrame(() => focusLine(target, 'text', 'center')));
    });
  });
  // A memo, so the focus moves only when another page comes up, not on every refetch.
  const firstLine = createMemo(() => pageEditors()[0]?.id);
  createEffect(
    on(
      firstLine,
      (first) => {
        if (first === undefined || !Number.isNaN(idFrom(search.segment))) return;
        const current = activeId();
        if (current !== undefined && pageEditors().some((ed) => ed.id === current)) return;
        const focusFree =
          !document.activeElement ||
          document.activeElement === document.body ||
          document.activeElement.id === 'main' ||
          document.activeElement.closest('.page-nav');
        if (focusFree) requestAnimationFrame(() => focusLine(first, 'text'));
        else setActiveId(first);
      },
    ),
  );

  // ------------------------------------------------------------ review notes per line

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
  const pageReturns = createMemo(() =>
    (review()?.notes ?? []).filter((n) => n.scope === 'page' && n.action === 'returned' && n.open && n.pageId === page()?.id),
  );

  /** Open returns anywhere in the document, for the list under the header. */
  const openReturns = createMemo(() =>
    (review()?.notes ?? []).filter((n) => n.action === 'returned' && n.open),
  );

  const ready = () => !!session();

  return (
    <Show
      when={!Number.isNaN(id())}
      fallback={<p class="notice notice-error">{t('errors.notFound')}</p>}
    >
      <div class="document-page">
        <Show when={doc()}>
          {(d) => (
            <header class="doc-header">
              <div class="doc-title-row">
                <A href="/" class="back-link">
                  {t('nav.backToDocuments')}
                </A>
                <h1 dir="auto">{d().title || d().originalName}</h1>
                <StatusBadge status={d().status} />
                <OcrProgress pageCount={d().pageCount} pagesDone={d().pagesDone} pagesFailed={d().pagesFailed} />
                <LineProgress lines={docLines() ?? d().lines} />
              </div>
              <div class="doc-actions">
                <SaveSummary
                  unsaved={unsaved().length}
                  conflicts={conflicts()}
                  saving={saving()}
                  offline={offline()}
                />
                <Show when={d().status === 'in_progress' && can('review.submit')}>
                  <button
                    type="button"
                    onClick={() => void submitForReview(id()).then(() => announce(t('review.submitted')), fail)}
                  >
                    {t('review.submit')}
                  </button>
                </Show>
                <Show when={can('document.certify')}>
                  <A href={`/documents/${id()}/certify`}>{t('reviewQueue.certify')}</A>
                </Show>
                <Show when={can('custody.read')}>
                  <A href={`/documents/${id()}/custody`}>{t('reviewQueue.custody')}</A>
                </Show>
                <button type="button" class="link-button" onClick={() => setHelpOpen(true)}>
                  {t('shortcuts.open')} <kbd dir="ltr">{shortcutLabel('help')}</kbd>
                </button>
              </div>
              <Show when={openReturns().length > 0}>
                <details class="returns">
                  <summary>
                    {t('review.openReturns', { n: formatNumber(openReturns().length) })}
                  </summary>
                  <ul>
                    <For each={openReturns()}>
                      {(n) => (
                        <li>
                          <A
                            href={`/documents/${id()}?page=${n.pageNo ?? 1}${n.segmentId ? `&segment=${n.segmentId}` : ''}`}
                          >
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
            </header>
          )}
        </Show>

        <Show when={pageCount() > 1}>
          <nav class="page-nav" aria-label={t('document.pages')}>
            <button type="button" disabled={pageNo() <= 1} onClick={() => goToPage(pageNo() - 1)}>
              {t('document.prevPage')}
            </button>
            <label>
              <span class="sr-only">{t('document.choosePage')}</span>
              <select value={pageNo()} onChange={(e) => goToPage(Number(e.currentTarget.value))}>
                <For each={detail()?.pages}>
                  {(p) => (
                    <option value={p.pageNo}>
                      {t('document.pageOf', { n: formatNumber(p.pageNo), total: formatNumber(pageCount()) })}
                      {p.ocrStatus !== 'done'
                        ? ` — ${t(`status.page.${p.ocrStatus}`)}`
                        : pageProgress().get(p.id)
                          ? ` — ${t('editor.pageTranslated', {
                              done: formatNumber(pageProgress().get(p.id)!.translated),
                              total: formatNumber(pageProgress().get(p.id)!.total),
                            })}`
                          : ''}
                    </option>
                  )}
                </For>
              </select>
            </label>
            <button type="button" disabled={pageNo() >= pageCount()} onClick={() => goToPage(pageNo() + 1)}>
              {t('document.nextPage')}
            </button>
          </nav>
        </Show>

        <Show when={page()} fallback={<p class="empty">{t('document.noPages')}</p>}>
          {(p) => (
            <div class="workspace">
              <section class="pane pane-scan" aria-label={t('editor.scanPane')}>
                <ScanView
                  page={p()}
                  title={doc()?.title ?? ''}
                  segments={pageSegments()}
                  activeId={activeId()}
                  onSelect={(sid) => focusLine(sid)}
                  revealed={revealed().has(p().id)}
                  onReveal={() => setRevealed((s) => (s.delete(p().id) ? s : s.add(p().id)))}
                  canMark={canEdit()}
                  onToggleSensitive={() =>
                    void setPageSensitive(id(), p().id, !p().sensitive).catch(fail)
                  }
                  drawing={drawing()}
                  onDrawn={(box) => void addLine(box)}
                  onCancelDraw={() => setDrawing(false)}
                  onEnter={() => {
                    const a = activeId() ?? pageEditors()[0]?.id;
                    if (a !== undefined) focusLine(a);
                  }}
                  ref={(el) => (scanViewport = el)}
                />
              </section>
              <section class="pane pane-lines" aria-label={t('editor.linesPane')}>
                <div class="page-bar">
                  <Show when={pageProgress().get(p().id)}>
                    {(pp) => (
                      <span class="page-progress">
                        {t('editor.pageStatus', {
                          total: formatNumber(pp().total),
                          corrected: formatNumber(pp().corrected),
                          translated: formatNumber(pp().translated),
                          reviewed: formatNumber(pp().reviewed),
                        })}
                      </span>
                    )}
                  </Show>
                  <Show when={canEdit() && p().ocrStatus === 'done'}>
                    <button type="button" aria-pressed={drawing()} onClick={() => setDrawing((d) => !d)}>
                      {t('editor.drawLine')}
                    </button>
                  </Show>
                  <Show when={canReview() && pageEditors().length > 0}>
                    <button
                      type="button"
                      onClick={() =>
                        void decidePage(id(), p().id, { action: 'approve' }).then(
                          () => announce(t('review.pageApproved')),
                          fail,
                        )
                      }
                    >
                      {t('review.approvePage')}
                    </button>
                    <button type="button" onClick={() => setReturning({ scope: 'page' })}>
                      {t('review.returnPage')}
                    </button>
                  </Show>
                </div>
                <For each={pageReturns()}>
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
                <Show when={returning()}>
                  {(r) => (
                    <ReturnForm
                      scope={r().scope}
                      onCancel={() => {
                        const back = r().segmentId;
                        setReturning(undefined);
                        if (back !== undefined) focusLine(back);
                      }}
                      onSubmit={async (comment) => {
                        const target = r();
                        if (target.scope === 'page') {
                          await decidePage(id(), p().id, { action: 'return', comment });
                        } else if (target.segmentId !== undefined) {
                          const ed = editors.get(target.segmentId);
                          if (!ed) return;
                          await ed.flush();
                          await decideLine(id(), ed.id, { action: 'return', version: ed.server().version, comment });
                        }
                        setReturning(undefined);
                        announce(t('review.returned'));
                        if (target.segmentId !== undefined) focusLine(target.segmentId);
                      }}
                    />
                  )}
                </Show>
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
                  <Match when={pageEditors().length === 0}>
                    <p class="empty">{t('editor.noLines')}</p>
                  </Match>
                </Switch>
                <Show when={ready()}>
                  <ol class="seg-list" aria-label={t('editor.lines')}>
                    <For each={pageEditors()}>
                      {(ed, i) => {
                        // Tags move with every save; ask again once the server has the new version.
                        createEffect(
                          on(
                            () => ed.server().version,
                            () => void refreshTags(ed.id).catch(() => undefined),
                            { defer: true },
                          ),
                        );
                        return (
                          <SegmentRow
                            editor={ed}
                            lineNo={i() + 1}
                            active={activeId() === ed.id}
                            canEdit={canEdit()}
                            canTag={canTag()}
                            tags={mentionStore.forLine(ed.id)}
                            showOcr={ocrOpen().has(ed.id)}
                            historyOpen={historyFor() === ed.id}
                            review={lineReviews().get(ed.id)}
                            onFocus={(sid, column) =>
                              batch(() => {
                                setActiveId(sid);
                                setActiveColumn(column);
                              })
                            }
                            onKeyDown={onLineKeyDown}
                            registerField={(sid, column, el) => fields.set(fieldKey(sid, column), el)}
                            onDecide={(m, decision) => void decide(m, decision)}
                            onUntag={(m) => void untag(m)}
                            onRetag={(m, kind) => void retag(m, kind)}
                            onRestore={restore}
                            onCloseHistory={() => {
                              setHistoryFor(null);
                              focusLine(ed.id);
                            }}
                          />
                        );
                      }}
                    </For>
                  </ol>
                </Show>
                <p class="shortcuts-hint">
                  {t('shortcuts.hint', { key: shortcutLabel('help') })}
                </p>
              </section>
            </div>
          )}
        </Show>
        <p class="sr-only" role="status" aria-live="polite">
          {announcement()}
        </p>
        <Show when={announcement()}>
          <p class="toast" aria-hidden="true">
            {announcement()}
          </p>
        </Show>
        <Show when={helpOpen()}>
          <HelpOverlay onClose={() => setHelpOpen(false)} />
        </Show>
      </div>
    </Show>
  );
}
