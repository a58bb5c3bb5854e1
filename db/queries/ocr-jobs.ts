import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { documents, ocrJobs, pages } from '../schema';

export async function enqueuePageJobs(db: Executor, pageIds: number[]) {
  if (pageIds.length) await db.insert(ocrJobs).values(pageIds.map((pageId) => ({ pageId })));
}

export type ClaimedJob = {
  jobId: number;
  attempts: number;
  maxAttempts: number;
  pageId: number;
  pageNo: number;
  documentId: number;
  sha256: string;
  mime: string;
  /** A PAGE XML or ALTO sidecar whose lines replace OCR (api/exchange/sidecar.ts). */
  transcriptionSha256: string | null;
  transcriptionFormat: string | null;
};

/** Takes the oldest due job; SKIP LOCKED lets several workers poll the same table. */
export async function claimNextJob(db: Executor, workerId: string): Promise<ClaimedJob | null> {
  const claimed = await db.execute(sql`
    UPDATE ${ocrJobs} SET status = 'running', attempts = attempts + 1, locked_by = ${workerId}, heartbeat_at = now()
    WHERE id = (
      SELECT id FROM ${ocrJobs} WHERE status = 'queued' AND run_after <= now()
      ORDER BY run_after, id FOR UPDATE SKIP LOCKED LIMIT 1
    )
    RETURNING id, attempts, max_attempts, page_id`);
  const job = rowsOf<{ id: number; attempts: number; max_attempts: number; page_id: number }>(claimed)[0];
  if (!job) return null;
  const [page] = await db
    .select({
      pageNo: pages.pageNo,
      documentId: pages.documentId,
      sha256: documents.sha256,
      mime: documents.mime,
      transcriptionSha256: documents.transcriptionSha256,
      transcriptionFormat: documents.transcriptionFormat,
    })
    .from(pages)
    .innerJoin(documents, eq(documents.id, pages.documentId))
    .where(eq(pages.id, job.page_id));
  if (!page) return null;
  await db.update(pages).set({ ocrStatus: 'running' }).where(eq(pages.id, job.page_id));
  await db
    .update(documents)
    .set({ status: 'ocr_running', updatedAt: new Date() })
    .where(and(eq(documents.id, page.documentId), eq(documents.status, 'ocr_pending')));
  return { jobId: job.id, attempts: job.attempts, maxAttempts: job.max_attempts, pageId: job.page_id, ...page };
}

export async function heartbeatJob(db: Executor, jobId: number, workerId: string) {
  await db
    .update(ocrJobs)
    .set({ heartbeatAt: new Date() })
    .where(and(eq(ocrJobs.id, jobId), eq(ocrJobs.lockedBy, workerId)));
}

/** Marks the job done if this worker still owns it; false means another worker took it over. */
export async function finishJob(tx: Executor, jobId: number, workerId: string): Promise<boolean> {
  const rows = await tx
    .update(ocrJobs)
    .set({ status: 'done', finishedAt: new Date(), lastError: null })
    .where(and(eq(ocrJobs.id, jobId), eq(ocrJobs.lockedBy, workerId), eq(ocrJobs.status, 'running')))
    .returning({ id: ocrJobs.id });
  return rows.length === 1;
}

/** Either schedules a retry with backoff or, after the last attempt, fails the page alone. */
export async function failJobAttempt(db: Executor, job: ClaimedJob, workerId: string, message: string, retryDelayMs: number) {
  const final = job.attempts >= job.maxAttempts;
  await db
    .update(ocrJobs)
    .set(
      final
        ? { status: 'failed', lastError: message, finishedAt: new Date(), lockedBy: null }
        : { status: 'queued', lastError: message, runAfter: new Date(Date.now() + retryDelayMs), lockedBy: null },
    )
    .where(and(eq(ocrJobs.id, job.jobId), eq(ocrJobs.lockedBy, workerId)));
  await db
    .update(pages)
    .set(final ? { ocrStatus: 'failed', ocrError: message } : { ocrStatus: 'pending', ocrError: message })
    .where(eq(pages.id, job.pageId));
  return final;
}

/** Jobs whose worker stopped sending heartbeats (the process died) go back to the queue. */
export async function requeueStaleJobs(db: Executor, olderThanMs: number): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanMs);
  const rows = await db
    .update(ocrJobs)
    .set({ status: 'queued', lockedBy: null, runAfter: new Date() })
    .where(and(eq(ocrJobs.status, 'running'), lt(ocrJobs.heartbeatAt, cutoff)))
    .returning({ pageId: ocrJobs.pageId });
  if (rows.length) {
    await db
      .update(pages)
      .set({ ocrStatus: 'pending' })
      .where(inArray(pages.id, rows.map((r) => r.pageId)));
  }
  return rows.length;
}

/** postgres-js returns an array, PGlite `{ rows }`: one shape for callers. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}
