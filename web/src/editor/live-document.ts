// Working in a document beside others (issue 17): who else has it open and on which line, and
// the lines they save coming in without a reload, from the document's event stream
// (GET /api/documents/:id/events). A saved line reaches its editor through `receive`, which
// never writes over unsaved typing: a line this user is changing becomes a conflict, chosen
// in the conflict panel as for a save refused as stale. A change of the document's status (sent
// to review, returned, certified, a certification superseded by an edit), by anyone, fetches the
// document again, so the header's status and actions follow. This user's line and that they are
// still there go back with POST /api/documents/:id/presence.
import { revalidate } from '@solidjs/router';
import { createEffect, createMemo, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import {
  ApiError,
  fetchSegment,
  followDocumentEvents,
  getDocument,
  getDocuments,
  getSegments,
  sayPresent,
  type Page,
  type PresentPerson,
  type SegmentSaved,
} from '../api.ts';
import type { LineEditors } from './line-editors.ts';

/** The server lets a client go after 60 s without word from it (api/documents/live.ts). */
const STILL_HERE_MS = 20_000;
/** Saves are gathered this long before they are fetched: a pre-translation saves hundreds at once. */
const GATHER_MS = 100;
/** More saved lines than this at once: the whole list is fetched again, not line by line. */
const FETCH_ONE_BY_ONE = 8;
/** Operations that change a line in place; the others add, remove or reorder lines. */
const inPlace: ReadonlySet<SegmentSaved['operation']> = new Set(['edit', 'suggest']);

export interface PresentElsewhere extends PresentPerson {
  /** Where they are, as a person reads it: page number (1-based) and line on it, when known. */
  at: { page: number; line: number } | null;
}

export interface LiveDocument {
  /** The others who have the document open, in the order they came. */
  others: Accessor<PresentElsewhere[]>;
  /** The names of the others on this line. */
  othersOn(segmentId: number): string[];
}

export function createLiveDocument(input: {
  documentId: Accessor<number>;
  /** Whether the document's lines have been fetched (the stream waits for them). */
  linesLoaded: Accessor<boolean>;
  me: Accessor<number | undefined>;
  pages: Accessor<Page[] | undefined>;
  lines: LineEditors;
  activeId: Accessor<number | undefined>;
}): LiveDocument {
  const [people, setPeople] = createSignal<PresentPerson[]>([]);
  const [connected, setConnected] = createSignal(false);

  // Unchanged lists keep their identity: this user's own moves come back as presence events
  // too, and should not make every line row look again.
  const others = createMemo<PresentElsewhere[]>(
    () =>
      people()
        .filter((p) => p.userId !== input.me())
        .map((p) => ({ ...p, at: p.segmentId === null ? null : place(p.segmentId) })),
    [],
    { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) },
  );
  const byLine = createMemo(() => {
    const map = new Map<number, string[]>();
    for (const p of others()) if (p.segmentId !== null) map.set(p.segmentId, [...(map.get(p.segmentId) ?? []), p.name]);
    return map;
  });
  const nobody: string[] = [];

  /** Page number and line number on it, counted as the lines pane shows them. */
  function place(segmentId: number) {
    const all = input.lines.segmentById();
    const line = all.get(segmentId);
    if (!line) return null;
    const page = (input.pages() ?? []).findIndex((p) => p.id === line.pageId);
    const before = [...all.values()].filter((s) => s.pageId === line.pageId && s.lineOrder < line.lineOrder).length;
    return page < 0 ? null : { page: page + 1, line: before + 1 };
  }

  // ——— saved lines ———
  const gathered = new Map<number, SegmentSaved>();
  let gatherTimer: ReturnType<typeof setTimeout> | undefined;

  function saved(e: SegmentSaved) {
    // This editor's own save comes back too, often before its answer: it brings the line itself.
    const ed = input.lines.get(e.segmentId);
    if (ed && (ed.server().version >= e.version || (e.userId === input.me() && ed.state() === 'saving'))) return;
    const before = gathered.get(e.segmentId);
    gathered.set(e.segmentId, before && !inPlace.has(before.operation) ? before : e);
    clearTimeout(gatherTimer);
    gatherTimer = setTimeout(() => void bringIn(), GATHER_MS);
  }

  async function bringIn() {
    // This editor's own saves are usually answered by now: what it already has is not fetched.
    const batch = [...gathered.values()].filter((e) => !((input.lines.get(e.segmentId)?.server().version ?? 0) >= e.version));
    gathered.clear();
    if (batch.length === 0) return;
    const oneByOne =
      batch.length <= FETCH_ONE_BY_ONE && batch.every((e) => inPlace.has(e.operation) && input.lines.has(e.segmentId));
    if (!oneByOne) {
      // Lines added, removed or not shown yet (their page has no editors): the list again;
      // each shown line's editor receives its line (line-editors.ts).
      await revalidate(getSegments.keyFor(input.documentId()));
      return;
    }
    await Promise.all(
      batch.map(async (e) => {
        try {
          input.lines.get(e.segmentId)?.receive(await fetchSegment(e.segmentId));
        } catch {
          // Gone or out of reach since: the next list fetch says what is there.
        }
      }),
    );
  }

  // ——— the stream, opened again when it ends ———
  // Opened once the lines are in: on the way to the first line it would only compete with them
  // (for the server's database, and the browser's connections).
  // Once opened it stays open while the document is shown (the lines are fetched again often).
  const streamFor = createMemo<number | null>((was) => {
    const id = input.documentId();
    if (was === id) return id;
    return !Number.isNaN(id) && input.linesLoaded() ? id : null;
  }, null);
  createEffect(
    on(streamFor, (id) => {
      if (id === null) return;
      const stop = new AbortController();
      onCleanup(() => {
        stop.abort();
        clearTimeout(gatherTimer);
        gathered.clear();
        setConnected(false);
        setPeople([]);
      });
      void follow(id, stop.signal);
    }),
  );

  async function follow(id: number, signal: AbortSignal) {
    let wait = 1000;
    let first = true;
    while (!signal.aborted) {
      try {
        let opened = false;
        await followDocumentEvents(
          id,
          {
            presence: (e) => {
              setPeople(e.people);
              if (opened) return;
              opened = true;
              wait = 1000;
              setConnected(true);
              // Lines saved and a status changed while the stream was closed come in (this user's
              // line goes out: below).
              if (!first) void revalidate([getSegments.keyFor(id), getDocument.keyFor(id)]);
              first = false;
            },
            segment: saved,
            // This editor's own changes fetch the document too (api/review.ts); a second fetch
            // is cheap, and an edit that superseded a certification is announced only here.
            document: () => void revalidate([getDocument.keyFor(id), getDocuments.key]),
          },
          signal,
        );
      } catch (err) {
        if (signal.aborted) return;
        // Refused (signed out, no longer allowed): nothing to follow.
        if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429) return;
      } finally {
        setConnected(false);
        setPeople([]);
      }
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 30_000);
    }
  }

  function tellPresence(id: number) {
    return sayPresent(id, input.activeId() ?? null).catch(() => undefined);
  }

  // The line this user is on, a moment after they settle on it; and that they are still there.
  createEffect(
    on([input.activeId, connected], ([, isConnected]) => {
      if (!isConnected) return;
      const id = input.documentId();
      const soon = setTimeout(() => void tellPresence(id), 250);
      const still = setInterval(() => void tellPresence(id), STILL_HERE_MS);
      onCleanup(() => {
        clearTimeout(soon);
        clearInterval(still);
      });
    }),
  );

  return {
    others,
    othersOn: (segmentId) => byLine().get(segmentId) ?? nobody,
  };
}
