// The bulk upload queue: many scans, PDFs and ZIP archives at once, each with its state, bytes
// sent, then OCR pages read. It lives outside any page, so uploads go on while the user works
// elsewhere in the app and the queue is there again on return. A file that fails stops nothing
// but itself.
import { revalidate } from '@solidjs/router';
import { batch, createRoot } from 'solid-js';
import { createStore } from 'solid-js/store';
import { fetchOcrProgress, getDocuments, isOcrActive, uploadArchive, uploadScan, type ArchiveImport, type UploadHandle } from '../api.ts';

export type UploadState = 'queued' | 'uploading' | 'ocr' | 'done' | 'error' | 'cancelled';

export type UploadItem = {
  id: number;
  name: string;
  size: number;
  kind: 'scan' | 'archive';
  state: UploadState;
  /** Bytes of the request sent so far (the file and the form around it). */
  sent: number;
  total: number;
  /** The PAGE XML or ALTO file sent with this scan, by name. */
  transcription?: string;
  documentId?: number;
  title?: string;
  /** The same bytes were stored before: `documentId` is that document. */
  existing?: boolean;
  /** OCR pages of the document, once it is stored. */
  pages?: { done: number; failed: number; total: number };
  /** A ZIP's outcome per file inside it. */
  archive?: ArchiveImport['summary'] & { failures: Array<{ name: string; message: string }> };
  /** The server's refusal (an ApiError), shown as errorMessage() shows it. */
  error?: unknown;
  /** A refusal of our own, as a UI text key. */
  errorKey?: string;
};

/** Two requests at a time: the next file goes out while the server stores the last. */
const PARALLEL = 2;
const OCR_POLL_MS = 1500;

const isArchive = (f: File) => /\.zip$/i.test(f.name) || f.type === 'application/zip' || f.type === 'application/x-zip-compressed';
const isTranscription = (f: File) => /\.xml$/i.test(f.name);
const stem = (name: string) => name.replace(/\.(page\.xml|alto\.xml|xml|[^.]+)$/i, '').toLowerCase();

function createUploadQueue() {
  const [items, setItems] = createStore<UploadItem[]>([]);
  /** The files themselves, until sent; `started` once the user has asked to send them. */
  const files = new Map<number, { file: File; transcription?: File; title?: string; collection?: string; started: boolean }>();
  const handles = new Map<number, UploadHandle<unknown>>();
  let nextId = 1;
  let polling = false;

  const update = (id: number, change: Partial<UploadItem>) => setItems((i) => i.id === id, change);
  const item = (id: number) => items.find((i) => i.id === id);

  /**
   * Adds files to the queue (state queued). A PAGE XML or ALTO file goes with the scan of the
   * same name among them; one without such a scan is an error of its own, said by name.
   */
  function add(list: readonly File[]) {
    const scans = list.filter((f) => !isTranscription(f));
    const sidecars = new Map(list.filter(isTranscription).map((f) => [stem(f.name), f]));
    batch(() => {
      for (const f of scans) {
        const id = nextId++;
        const transcription = isArchive(f) ? undefined : sidecars.get(stem(f.name));
        if (transcription) sidecars.delete(stem(f.name));
        files.set(id, { file: f, transcription, started: false });
        setItems(items.length, {
          id,
          name: f.name,
          size: f.size + (transcription?.size ?? 0),
          kind: isArchive(f) ? 'archive' : 'scan',
          state: 'queued',
          sent: 0,
          total: f.size + (transcription?.size ?? 0),
          transcription: transcription?.name,
        });
      }
      for (const f of sidecars.values()) {
        setItems(items.length, {
          id: nextId++,
          name: f.name,
          size: f.size,
          kind: 'scan',
          state: 'error',
          sent: 0,
          total: f.size,
          errorKey: 'upload.transcriptionWithoutScan',
        });
      }
    });
  }

  /** Starts every queued file; `title` names the document when only one scan is queued. */
  function start(opts: { collection?: string; title?: string }) {
    const queued = items.filter((i) => i.state === 'queued' && !files.get(i.id)?.started);
    for (const i of queued) {
      const f = files.get(i.id)!;
      files.set(i.id, { ...f, started: true, collection: opts.collection, title: queued.length === 1 && i.kind === 'scan' ? opts.title : undefined });
    }
    pump();
  }

  /** Sends queued files that have been started, `PARALLEL` at a time. */
  function pump() {
    while (handles.size < PARALLEL) {
      const next = items.find((i) => i.state === 'queued' && files.get(i.id)?.started);
      if (!next) return;
      send(next.id);
    }
  }

  function send(id: number) {
    const f = files.get(id)!;
    const i = item(id)!;
    update(id, { state: 'uploading', sent: 0 });
    const progress = (sent: number, total: number) => update(id, { sent, total: total || i.total });
    const handle: UploadHandle<unknown> =
      i.kind === 'archive' ? uploadArchive({ file: f.file, collection: f.collection }, progress) : uploadScan({ ...f }, progress);
    handles.set(id, handle);
    handle.done
      .then((answer) => {
        if (i.kind === 'archive') {
          const a = answer as ArchiveImport;
          const failures = a.results.filter((r) => r.outcome === 'failed').map((r) => ({ name: r.name, message: r.error?.message ?? '' }));
          const nothing = a.summary.created + a.summary.existing === 0;
          update(id, { state: nothing ? 'error' : 'done', archive: { ...a.summary, failures }, ...(nothing ? { errorKey: 'upload.archiveNothing' } : {}) });
        } else {
          const a = answer as { document: { id: number; title: string; status: string; pageCount: number; pagesDone: number; pagesFailed: number }; created: boolean };
          const d = a.document;
          update(id, {
            documentId: d.id,
            title: d.title,
            existing: !a.created,
            pages: { done: d.pagesDone, failed: d.pagesFailed, total: d.pageCount },
            state: isOcrActive(d.status as never) ? 'ocr' : 'done',
          });
          followOcr();
        }
      })
      .catch((err: unknown) => {
        if ((err as Error)?.name === 'AbortError') update(id, { state: 'cancelled' });
        else update(id, { state: 'error', error: err });
      })
      .finally(() => {
        handles.delete(id);
        files.delete(id); // the File is not held once sent
        pump();
      });
  }

  /** Reads each document in OCR again until its pages are read, one request at a time. */
  function followOcr() {
    if (polling) return;
    polling = true;
    void (async () => {
      while (items.some((i) => i.state === 'ocr')) {
        await new Promise((r) => setTimeout(r, OCR_POLL_MS));
        for (const i of items.filter((x) => x.state === 'ocr')) {
          try {
            const p = await fetchOcrProgress(i.documentId!);
            update(i.id, { pages: { done: p.pagesDone, failed: p.pagesFailed, total: p.pageCount }, state: isOcrActive(p.status) ? 'ocr' : 'done' });
            if (!isOcrActive(p.status)) void revalidate(getDocuments.key);
          } catch {
            // asked again next round
          }
        }
      }
      polling = false;
    })();
  }

  /** Stops a file being sent, or takes a waiting one out of the queue. */
  function cancel(id: number) {
    const h = handles.get(id);
    if (h) return h.abort();
    files.delete(id);
    update(id, { state: 'cancelled' });
  }

  /** Takes finished, failed and cancelled files off the list. */
  function clearFinished() {
    setItems((list) => list.filter((i) => i.state === 'queued' || i.state === 'uploading' || i.state === 'ocr'));
  }

  return { items, add, start, cancel, clearFinished };
}

export const uploadQueue = createRoot(createUploadQueue);

/** Bytes sent of all files still counted (not cancelled), and states counted, for the total line. */
export function queueTotals(list: readonly UploadItem[]) {
  const counted = list.filter((i) => i.state !== 'cancelled');
  const bytes = counted.reduce((n, i) => n + i.total, 0);
  const sent = counted.reduce((n, i) => n + (i.state === 'queued' ? 0 : i.state === 'uploading' ? i.sent : i.total), 0);
  const count = (s: UploadState) => list.filter((i) => i.state === s).length;
  return {
    files: counted.length,
    bytes,
    sent,
    queued: count('queued'),
    uploading: count('uploading'),
    ocr: count('ocr'),
    done: count('done'),
    failed: count('error'),
    existing: list.filter((i) => i.state === 'done' && i.existing).length,
    finished: counted.length > 0 && counted.every((i) => i.state === 'done' || i.state === 'error'),
  };
}
