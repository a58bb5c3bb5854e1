import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { eq } from 'drizzle-orm';
import type { DbHandle, Executor } from '../../db/client';
import { countPagesByStatus, } from '../../db/queries/pages';
import { setDocumentStatus } from '../../db/queries/documents';
import { claimNextJob, failJobAttempt, finishJob, heartbeatJob, requeueStaleJobs, type ClaimedJob } from '../../db/queries/ocr-jobs';
import { replacePageSegments } from '../segments/replace-page-segments';
import { pages } from '../../db/schema';
import { renderPage, transcribePage, type OcrEngine, type SourceKind } from '../../ocr';
import { parseSidecar, sidecarLinesFor } from '../exchange/sidecar';
import { appendAudit } from '../audit/chain';
import { suggestForPage } from '../entities/mentions';
import { auditEvent } from '../audit/events';
import type { BlobStore } from '../storage/blob-store';
import { log } from '../lib/log';

export const heartbeatMs = 10_000;
/** A running job whose heartbeat is older than this belongs to a dead worker. */
export const staleAfterMs = 60_000;
const pageTimeoutMs = 5 * 60_000;
const retryDelayMs = (attempt: number) => Math.min(60_000, 2_000 * 2 ** (attempt - 1));

export type OcrRunner = { wake(): void; stop(): Promise<void>; idle(): Promise<void> };

const kindOfMime: Record<string, SourceKind> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/tiff': 'tiff',
  'application/pdf': 'pdf',
};

/**
 * Pulls page jobs from the database and runs them through the OCR pipeline, as many at once as
 * the engine has workers. Used in-process by `npm start` and alone by `sijill worker`.
 */
export async function startOcrRunner(deps: { database: DbHandle; blobs: BlobStore; engine: OcrEngine }): Promise<OcrRunner> {
  const { db } = deps.database;
  const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  // An embedded database belongs to this process alone, so whatever was running died with the last one.
  const requeued = await requeueStaleJobs(db, deps.database.kind === 'embedded' ? 0 : staleAfterMs);
  if (requeued) log.info('ocr: requeued interrupted jobs', { count: requeued });

  let stopped = false;
  let active = 0;
  let wakeUp: (() => void) | null = null;
  const idleWaiters: Array<() => void> = [];
  const running = new Set<Promise<void>>();

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  const loop = async () => {
    let lastStaleCheck = Date.now();
    while (!stopped) {
      if (active >= deps.engine.size) {
        await wait(1000);
        continue;
      }
      if (deps.database.kind === 'postgres' && Date.now() - lastStaleCheck > staleAfterMs) {
        lastStaleCheck = Date.now();
        await requeueStaleJobs(db, staleAfterMs).catch(() => 0);
      }
      let job: ClaimedJob | null = null;
      try {
        job = await claimNextJob(db, workerId);
      } catch (err) {
        if (stopped) break;
        log.error('ocr: could not claim a job', { error: errorMessage(err) });
      }
      if (!job) {
        if (active === 0) idleWaiters.splice(0).forEach((r) => r());
        await wait(2000);
        continue;
      }
      active++;
      const p = runJob(job).finally(() => {
        active--;
        running.delete(p);
        wakeUp?.();
      });
      running.add(p);
    }
  };

  const runJob = async (job: ClaimedJob) => {
    const beat = setInterval(() => void heartbeatJob(db, job.jobId, workerId).catch(() => {}), heartbeatMs);
    try {
      const kind = kindOfMime[job.mime];
      if (!kind) throw new Error(`Unsupported stored type ${job.mime}`);
      const bytes = await deps.blobs.get('original', job.sha256);
      const { page, result } = await withTimeout(
        readPage(deps, job, bytes, kind),
        pageTimeoutMs,
        'OCR of this page took longer than 5 minutes',
      );
      const image = await deps.blobs.put('page', page.image);
      await db.transaction(async (tx) => {
        if (!(await finishJob(tx, job.jobId, workerId))) return; // another worker took it over
        await tx
          .update(pages)
          .set({
            imageKey: image.key,
            imageMime: page.mime,
            width: page.width,
            height: page.height,
            dpi: page.dpi,
            ocrStatus: 'done',
            ocrError: null,
            textSource: result.source,
            ocrEngine: result.engine,
            ocrModel: result.model,
            meanConfidence: result.meanConfidence,
            ocrMs: Math.round(result.durationMs),
            ocrAt: new Date(),
          })
          .where(eq(pages.id, job.pageId));
        await replacePageSegments(tx, { id: job.pageId, documentId: job.documentId }, result.lines, { note: result.note });
        // Tag suggestions for the new lines, in a savepoint: a failure there must not fail the page.
        await tx
          .transaction((sp) => suggestForPage(sp, job.pageId))
          // Only the error's kind: a failed query's message would carry its parameters (names).
          .catch((e) => log.warn('ocr: tag suggestions failed', { document: job.documentId, page: job.pageNo, error: e instanceof Error ? e.name : 'unknown' }));
        await settleDocument(tx, job.documentId);
      });
      log.info('ocr: page done', { document: job.documentId, page: job.pageNo, lines: result.lines.length, ms: Math.round(result.durationMs) });
    } catch (err) {
      const message = errorMessage(err);
      log.warn('ocr: page failed', { document: job.documentId, page: job.pageNo, attempt: job.attempts, error: message });
      await db
        .transaction(async (tx) => {
          const final = await failJobAttempt(tx, job, workerId, message, retryDelayMs(job.attempts));
          if (final) await settleDocument(tx, job.documentId);
        })
        .catch((e) => log.error('ocr: could not record failure', { error: errorMessage(e) }));
    } finally {
      clearInterval(beat);
    }
  };

  const loopDone = loop();
  return {
    wake: () => wakeUp?.(),
    idle: () => new Promise<void>((resolve) => idleWaiters.push(resolve)),
    async stop() {
      stopped = true;
      wakeUp?.();
      await loopDone;
      await Promise.allSettled([...running]);
    },
  };
}

/**
 * A page's working image and its lines: from the transcription that came with the scan when it
 * has this page (PAGE XML or ALTO, scaled to the rendered image), otherwise from the PDF's text
 * layer or OCR. `note` is the first version's note, saying where the lines came from.
 */
async function readPage(deps: { blobs: BlobStore; engine: OcrEngine }, job: ClaimedJob, bytes: Uint8Array, kind: SourceKind) {
  if (job.transcriptionSha256) {
    const started = performance.now();
    const sidecar = parseSidecar(await deps.blobs.get('transcription', job.transcriptionSha256));
    if (job.pageNo <= sidecar.pages.length) {
      const page = await renderPage(bytes, kind, job.pageNo - 1);
      const lines = sidecarLinesFor(sidecar, job.pageNo - 1, page) ?? [];
      const confidences = lines.map((l) => l.confidence).filter((c): c is number => c !== null);
      return {
        page,
        result: {
          lines,
          meanConfidence: confidences.length ? confidences.reduce((a, b) => a + b, 0) / confidences.length : null,
          engine: sidecar.creator ?? sidecar.format,
          model: `imported ${sidecar.format}`,
          durationMs: performance.now() - started,
          source: sidecar.format,
          note: `import:${sidecar.format}`,
        },
      };
    }
  }
  const read = await transcribePage(deps.engine, bytes, kind, job.pageNo - 1);
  return { page: read.page, result: { ...read.result, note: 'ocr' } };
}

/** When no page is left to read, the document leaves the OCR states. */
async function settleDocument(tx: Executor, documentId: number) {
  const c = await countPagesByStatus(tx, documentId);
  if (c.done + c.failed < c.total) return;
  await setDocumentStatus(tx, documentId, c.done > 0 ? 'in_progress' : 'ocr_failed');
  await appendAudit(
    tx,
    auditEvent('document.ocr_finished', null, { pagesDone: c.done, pagesFailed: c.failed }, { type: 'document', id: documentId }),
  );
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(message)), ms)))]).finally(() =>
    clearTimeout(t),
  );
}

/** Error messages from the pipeline name files and limits, never document text. */
function errorMessage(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 500);
}
