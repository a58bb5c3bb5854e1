import { and, asc, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { Executor } from '../client';
import { exportJobs, type ExportScope } from '../schema';

export type ExportJob = typeof exportJobs.$inferSelect;

export async function insertExportJob(db: Executor, values: { requestedBy: number; format: string; scope: ExportScope }) {
  const [row] = await db.insert(exportJobs).values(values).returning();
  return row!;
}

export async function getExportJob(db: Executor, id: number) {
  const [row] = await db.select().from(exportJobs).where(eq(exportJobs.id, id));
  return row ?? null;
}

/** The newest jobs this account asked for, newest first. */
export async function listExportJobs(db: Executor, requestedBy: number, limit: number) {
  return db.select().from(exportJobs).where(eq(exportJobs.requestedBy, requestedBy)).orderBy(desc(exportJobs.createdAt), desc(exportJobs.id)).limit(limit);
}

/** Takes the oldest queued job, or a running one whose heartbeat stopped (its process died); SKIP LOCKED for several servers. */
export async function claimExportJob(db: Executor, workerId: string, staleBefore: Date) {
  return db.transaction(async (tx) => {
    const [job] = await tx
      .select()
      .from(exportJobs)
      .where(or(eq(exportJobs.status, 'queued'), and(eq(exportJobs.status, 'running'), or(isNull(exportJobs.heartbeatAt), lt(exportJobs.heartbeatAt, staleBefore)))))
      .orderBy(asc(exportJobs.id))
      .limit(1)
      .for('update', { skipLocked: true });
    if (!job) return null;
    const now = new Date();
    const [claimed] = await tx
      .update(exportJobs)
      .set({ status: 'running', lockedBy: workerId, startedAt: now, heartbeatAt: now, done: 0, skipped: 0, error: null })
      .where(eq(exportJobs.id, job.id))
      .returning();
    return claimed!;
  });
}

/** Progress and outcome, written only while this worker still holds the job; false when it does not. */
export async function updateExportJob(
  db: Executor,
  id: number,
  workerId: string,
  values: Partial<Pick<ExportJob, 'status' | 'total' | 'done' | 'skipped' | 'fileName' | 'sizeBytes' | 'sha256' | 'error' | 'finishedAt'>>,
): Promise<boolean> {
  const rows = await db
    .update(exportJobs)
    .set({ ...values, heartbeatAt: new Date() })
    .where(and(eq(exportJobs.id, id), eq(exportJobs.lockedBy, workerId)))
    .returning({ id: exportJobs.id });
  return rows.length === 1;
}
