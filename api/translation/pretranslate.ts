/**
 * Pre-translation: fills the untranslated lines of a document, or of every document of a
 * collection, with the translation memory's suggestions (status `suggested`, with origin and
 * score), as a background job whose progress is stored in `pretranslation_jobs`. Runs as the
 * person who asked, so it reads and writes only what they may; every line goes through
 * `suggestTranslation`, the one write path's entry for suggestions (versions, audit).
 *
 * The job runs in the process that accepted the request; a server that restarts resumes the
 * jobs left running (their heartbeat stops) — lines already filled are skipped, so nothing is
 * done twice.
 */
import type { Db, DbHandle } from '../../db/client';
import { collectionOfDocument, getDocument } from '../../db/queries/documents';
import {
  claimPretranslationJob,
  getPretranslationJob,
  getReadableCollection,
  insertPretranslationJob,
  linesToPretranslate,
  readableCollectionIds,
  updatePretranslationJob,
  type PretranslationJob,
} from '../../db/queries/translation-memory';
import { findUserById, type SessionUser } from '../../db/queries/users';
import { appendAudit } from '../audit/chain';
import { auditEvent } from '../audit/events';
import { assertCan } from '../auth/permissions';
import { AppError, notFound } from '../lib/errors';
import { log } from '../lib/log';
import { suggestTranslation } from '../segments/update-segment';
import { normalizeArabic } from '../text/arabic';
import { hiddenRegisterEntries } from '../entities/service';
import { translationMemory } from './service';

const batchSize = 50;
const staleAfterMs = 60_000;

export type JobScope = { documentId: number } | { collectionId: number };

/** Queues a pre-translation and starts it in the background; returns the job. */
export async function requestPretranslation(database: DbHandle, user: SessionUser, scope: JobScope, minScore = 70) {
  assertCan(user, 'translation.pretranslate');
  const { db } = database;
  if ('documentId' in scope) {
    const document = await getDocument(db, user, scope.documentId);
    if (!document) throw notFound('The document');
    assertCan(user, 'translation.pretranslate', document.collectionId);
  } else {
    if (!(await getReadableCollection(db, user, scope.collectionId))) throw notFound('The collection');
    assertCan(user, 'translation.pretranslate', scope.collectionId);
  }
  if (!(minScore >= 0 && minScore <= 100)) throw new AppError(400, 'invalid_request', 'minScore is a match score from 0 to 100.');
  const job = await insertPretranslationJob(db, {
    documentId: 'documentId' in scope ? scope.documentId : null,
    collectionId: 'collectionId' in scope ? scope.collectionId : null,
    requestedBy: user.id,
    minScore,
  });
  runPretranslationJobs(database);
  return job;
}

/** The job, if the user may read what it covers. */
export async function pretranslationJobFor(db: Db, user: SessionUser, id: number) {
  const job = await getPretranslationJob(db, id);
  if (!job) throw notFound('The job');
  const readable = job.documentId !== null ? await getDocument(db, user, job.documentId) : await getReadableCollection(db, user, job.collectionId!);
  if (!readable) throw notFound('The job');
  return toJobDto(job);
}

export const toJobDto = (j: PretranslationJob) => ({
  id: j.id,
  documentId: j.documentId,
  collectionId: j.collectionId,
  status: j.status,
  minScore: j.minScore,
  total: j.total,
  processed: j.processed,
  filled: j.filled,
  error: j.error,
  createdAt: j.createdAt.toISOString(),
  finishedAt: j.finishedAt?.toISOString() ?? null,
});

const running = new WeakMap<object, Promise<void>>();

/** Runs queued (and abandoned) jobs one after another until none is left; a no-op if already running. */
export function runPretranslationJobs(database: DbHandle): Promise<void> {
  const current = running.get(database);
  if (current) {
    // One more pass after the current one, for a job queued while it finishes.
    const next = current.then(() => runPretranslationJobs(database));
    return next;
  }
  const run = (async () => {
    for (;;) {
      const job = await claimPretranslationJob(database.db, new Date(Date.now() - staleAfterMs));
      if (!job) break;
      try {
        await runJob(database.db, job);
      } catch (err) {
        log.error('pretranslation: job failed', { jobId: job.id, error: err instanceof Error ? err.message : String(err) });
        await updatePretranslationJob(database.db, job.id, { status: 'failed', error: 'The pre-translation stopped on an error; lines filled so far are kept.', finishedAt: new Date() }).catch(() => {});
      }
    }
  })().finally(() => running.delete(database));
  running.set(database, run);
  return run;
}

async function runJob(db: Db, job: PretranslationJob) {
  const user = await findUserById(db, job.requestedBy);
  if (!user) {
    await updatePretranslationJob(db, job.id, { status: 'failed', error: 'The account that asked for it no longer exists.', finishedAt: new Date() });
    return;
  }
  const lines = await linesToPretranslate(db, { documentId: job.documentId, collectionId: job.collectionId });
  // What it writes is read by every reader of the document's collection, not only by the person
  // who asked: it may use only what both could read (a member of a restricted collection
  // pre-translating an open document must not carry that collection's lines or persons into it).
  const target = job.collectionId ?? (await collectionOfDocument(db, job.documentId!));
  if (target === undefined) {
    await updatePretranslationJob(db, job.id, { status: 'failed', error: 'The document no longer exists.', finishedAt: new Date() });
    return;
  }
  const readersOfTarget = { readersOfCollection: target };
  const [byUser, byReaders] = await Promise.all([readableCollectionIds(db, user), readableCollectionIds(db, readersOfTarget)]);
  const readable = new Set([...byUser].filter((c) => byReaders.has(c)));
  const memory = await translationMemory(db);
  await updatePretranslationJob(db, job.id, { total: lines.length });
  let processed = 0;
  let filled = 0;
  const cache = new Map<string, ReturnType<typeof memory.suggest>>();
  for (let i = 0; i < lines.length; i += batchSize) {
    const batch = lines.slice(i, i + batchSize);
    const writes: Array<{ id: number; translation: string; origin: string; score: number }> = [];
    // Register entries the person who asked, or any reader of the collection, may not see are not used.
    const ids = batch.flatMap((l) => memory.registerIdsIn(l.text));
    const [hiddenFromUser, hiddenFromReaders] = await Promise.all([hiddenRegisterEntries(db, user, ids), hiddenRegisterEntries(db, readersOfTarget, ids)]);
    const hidden = (id: number | string) => hiddenFromUser(id) || hiddenFromReaders(id);
    batch.forEach((line, k) => {
      const index = i + k;
      if (!line.text.trim() || (line.status !== 'suggested' && line.translation.trim()) || !['ocr', 'corrected', 'suggested'].includes(line.status)) return;
      const before = lines[index - 1];
      const previous = before && before.pageId === line.pageId ? before.text : undefined;
      const key = `${normalizeArabic(previous ?? '')}\u0000${normalizeArabic(line.text)}`;
      if (!cache.has(key)) cache.set(key, memory.suggest(line.text, { previous, allowed: (c) => c !== null && readable.has(c), hidden }));
      const s = cache.get(key);
      if (s && s.score >= job.minScore && s.translation.trim()) writes.push({ id: line.id, translation: s.translation, origin: s.origin, score: s.score });
    });
    if (writes.length) {
      await db.transaction(async (tx) => {
        for (const w of writes) if (await suggestTranslation(tx, user, w.id, w)) filled++;
      });
    }
    processed += batch.length;
    await updatePretranslationJob(db, job.id, { processed, filled });
  }
  await db.transaction(async (tx) => {
    await updatePretranslationJob(tx, job.id, { status: 'done', processed, filled, finishedAt: new Date() });
    await appendAudit(
      tx,
      auditEvent(
        'translation.pretranslated',
        user.id,
        { jobId: job.id, scope: job.documentId !== null ? 'document' : 'collection', processed, filled },
        job.documentId !== null ? { type: 'document', id: job.documentId } : { type: 'collection', id: job.collectionId! },
      ),
    );
  });
}
