// Live OCR progress for documents whose OCR is still running.
//
// Each watched document holds one streaming response open. Browsers allow about six HTTP/1.1
// connections per host, so streams are rationed (MAX_STREAMS) and the rest wait their turn;
// otherwise a list of freshly imported documents would starve ordinary requests.
import { createEffect, createSignal, onCleanup, untrack, type Accessor } from 'solid-js';
import {
  isOcrActive,
  revalidateDocument,
  streamProgress,
  type DocumentSummary,
  type Progress,
} from '../api.ts';

const MAX_STREAMS = 2;
let open = 0;
const waiting: Array<() => void> = [];

async function acquire(signal: AbortSignal): Promise<boolean> {
  if (open < MAX_STREAMS) {
    open++;
    return true;
  }
  await new Promise<void>((resolve) => {
    const go = () => resolve();
    waiting.push(go);
    signal.addEventListener('abort', () => {
      const i = waiting.indexOf(go);
      if (i >= 0) waiting.splice(i, 1);
      resolve();
    });
  });
  if (signal.aborted) return false;
  open++;
  return true;
}

function release() {
  open--;
  waiting.shift()?.();
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Follows one document until its OCR is no longer active, reconnecting if the stream drops. */
async function follow(id: number, onProgress: (p: Progress) => void, signal: AbortSignal) {
  let last: Progress | undefined;
  let delay = 1000;
  while (!signal.aborted) {
    if (!(await acquire(signal))) return;
    try {
      await streamProgress(
        id,
        (p) => {
          last = p;
          delay = 1000;
          onProgress(p);
        },
        signal,
      );
    } catch {
      // dropped or refused; retried below with backoff
    } finally {
      release();
    }
    if (signal.aborted) return;
    if (last && !isOcrActive(last.status)) return;
    // The server ends the stream when OCR finishes; a stream that ended without a final
    // state (restart, proxy timeout) is followed again after a pause.
    await sleep(delay, signal);
    delay = Math.min(delay * 2, 15000);
  }
}

/**
 * Watches every document in `docs()` whose OCR is active and returns the latest progress
 * seen per document id (absent until the first event arrives).
 */
export function createLiveProgress(
  docs: Accessor<readonly DocumentSummary[] | undefined>,
): Accessor<ReadonlyMap<number, Progress>> {
  const [progress, setProgress] = createSignal<ReadonlyMap<number, Progress>>(new Map());
  const watched = new Map<number, AbortController>();

  createEffect(() => {
    const list = docs() ?? [];
    const active = new Set(list.filter((d) => isOcrActive(d.status)).map((d) => d.id));
    untrack(() => {
      for (const [id, ctrl] of watched) {
        if (!active.has(id)) {
          ctrl.abort();
          watched.delete(id);
        }
      }
      for (const id of active) {
        if (watched.has(id)) continue;
        const ctrl = new AbortController();
        watched.set(id, ctrl);
        void follow(
          id,
          (p) =>
            setProgress((prev) => {
              const next = new Map(prev);
              next.set(id, p);
              return next;
            }),
          ctrl.signal,
        ).then(() => {
          if (watched.get(id) !== ctrl) return;
          // Finished: let the refetched document (status, page list, segments) take over.
          watched.delete(id);
          void revalidateDocument(id);
        });
      }
    });
  });

  onCleanup(() => {
    for (const ctrl of watched.values()) ctrl.abort();
    watched.clear();
  });

  return progress;
}

/** The document merged with its live progress, if any. */
export function withProgress<T extends DocumentSummary>(
  doc: T,
  live: ReadonlyMap<number, Progress>,
): T {
  const p = live.get(doc.id);
  // Once the fetched document says OCR is over, it is newer than any event seen.
  return p && isOcrActive(doc.status) ? { ...doc, ...p } : doc;
}
