import { and, asc, desc, eq, gt, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { collections, documents, pages, pretranslationJobs, segments, terms, translationUnits, users } from '../schema';
import { readableBy, readableByEveryReaderOf } from './documents';
import type { SessionUser } from './users';

/** A line whose translation a person wrote or confirmed: what the translation memory holds. */
const confirmed = and(inArray(segments.status, ['translated', 'reviewed']), ne(segments.translation, ''), ne(segments.text, ''));

/**
 * Lines changed since `since` (all confirmed lines when null), with the line before each on its
 * page (context for names introduced at the end of a line): confirmed ones are (re)added to the
 * memory, others removed from it.
 */
export async function memoryLinesSince(db: Executor, since: Date | null) {
  const previous = sql<string | null>`(SELECT p.text FROM ${segments} p WHERE p.page_id = ${segments.pageId} AND p.line_order < ${segments.lineOrder} AND p.status <> 'deleted' ORDER BY p.line_order DESC LIMIT 1)`;
  return db
    .select({
      id: segments.id,
      collectionId: segments.collectionId,
      documentId: segments.documentId,
      text: segments.text,
      translation: segments.translation,
      confirmed: sql<boolean>`(${confirmed})`,
      previous,
      updatedAt: segments.updatedAt,
    })
    .from(segments)
    .where(since ? gt(segments.updatedAt, since) : confirmed)
    .orderBy(asc(segments.updatedAt));
}

/** Imported TMX units with an id above `afterId`. */
export async function importedUnitsAfter(db: Executor, afterId: number) {
  return db
    .select({ id: translationUnits.id, collectionId: translationUnits.collectionId, source: translationUnits.source, target: translationUnits.target, changedAt: translationUnits.changedAt, importedAt: translationUnits.importedAt })
    .from(translationUnits)
    .where(gt(translationUnits.id, afterId))
    .orderBy(asc(translationUnits.id));
}

/** The collection a document belongs to (0 if there is no such document). */
export async function collectionOfDocument(db: Executor, documentId: number): Promise<number> {
  const [row] = await db.select({ collectionId: documents.collectionId }).from(documents).where(eq(documents.id, documentId));
  return row?.collectionId ?? 0;
}

/** Ids of the collections this user may read (every collection for an admin). */
export async function readableCollectionIds(db: Executor, viewer: SessionUser | { readersOfCollection: number }): Promise<Set<number>> {
  const where = 'readersOfCollection' in viewer ? readableByEveryReaderOf(viewer.readersOfCollection) : readableBy(viewer);
  const rows = await db.select({ id: collections.id }).from(collections).where(where);
  return new Set(rows.map((r) => r.id));
}

/** The collection by id if the user may read it. */
export async function getReadableCollection(db: Executor, user: SessionUser, id: number) {
  const [row] = await db.select({ id: collections.id, name: collections.name }).from(collections).where(and(eq(collections.id, id), readableBy(user)));
  return row ?? null;
}

/** Stores TMX units in a collection, leaving out pairs it already holds; returns how many were added. */
export async function insertTranslationUnits(
  db: Executor,
  collectionId: number,
  units: Array<{ source: string; target: string; creator: string | null; note: string | null; changedAt: Date | null }>,
  by: { userId: number; fileName: string | null },
) {
  const existing = await db
    .select({ source: translationUnits.source, target: translationUnits.target })
    .from(translationUnits)
    .where(eq(translationUnits.collectionId, collectionId));
  const seen = new Set(existing.map((e) => `${e.source}\u0000${e.target}`));
  const fresh = units.filter((u) => {
    const key = `${u.source}\u0000${u.target}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  for (let i = 0; i < fresh.length; i += 1000) {
    await db.insert(translationUnits).values(fresh.slice(i, i + 1000).map((u) => ({ collectionId, ...u, importedBy: by.userId, fileName: by.fileName })));
  }
  return fresh.length;
}

/** Everything the memory holds for these collections, for TMX export: confirmed lines and imported units. */
export async function memoryForExport(db: Executor, collectionIds: number[]) {
  if (collectionIds.length === 0) return [];
  const lines = await db
    .select({ source: segments.text, target: segments.translation, changedAt: segments.updatedAt, creator: users.name, collection: collections.name, id: sql<string>`'segment-' || ${segments.id}` })
    .from(segments)
    .innerJoin(collections, eq(collections.id, segments.collectionId))
    .leftJoin(users, eq(users.id, segments.updatedBy))
    .where(and(confirmed, inArray(segments.collectionId, collectionIds)))
    .orderBy(asc(segments.id));
  const units = await db
    .select({ source: translationUnits.source, target: translationUnits.target, changedAt: translationUnits.changedAt, creator: translationUnits.creator, collection: collections.name, id: sql<string>`'unit-' || ${translationUnits.id}` })
    .from(translationUnits)
    .innerJoin(collections, eq(collections.id, translationUnits.collectionId))
    .where(inArray(translationUnits.collectionId, collectionIds))
    .orderBy(asc(translationUnits.id));
  return [...lines, ...units];
}

/** Confirmed translations of these normalized Arabic lines in a collection (QA: one source, two translations). */
export async function confirmedTranslationsOf(db: Executor, collectionId: number, textNorms: string[]) {
  if (textNorms.length === 0) return [];
  return db
    .select({ id: segments.id, documentId: segments.documentId, textNorm: segments.textNorm, translation: segments.translation })
    .from(segments)
    .where(and(eq(segments.collectionId, collectionId), confirmed, inArray(segments.textNorm, textNorms)));
}

// ——— termbase ———

export const termColumns = {
  id: terms.id,
  collectionId: terms.collectionId,
  sourceTerm: terms.sourceTerm,
  targetTerm: terms.targetTerm,
  note: terms.note,
  createdBy: users.name,
  updatedAt: terms.updatedAt,
};

export async function listTerms(db: Executor, collectionIds: number[], opts: { limit?: number; offset?: number } = {}) {
  if (collectionIds.length === 0) return [];
  return db
    .select(termColumns)
    .from(terms)
    .leftJoin(users, eq(users.id, terms.createdBy))
    .where(inArray(terms.collectionId, collectionIds))
    .orderBy(asc(terms.sourceKey), asc(terms.id))
    .limit(opts.limit ?? 100_000)
    .offset(opts.offset ?? 0);
}

export async function getTerm(db: Executor, id: number) {
  const [row] = await db.select({ ...termColumns, sourceKey: terms.sourceKey }).from(terms).leftJoin(users, eq(users.id, terms.createdBy)).where(eq(terms.id, id));
  return row ?? null;
}

/** Inserts terms, skipping those the collection already has (same Arabic after normalization and same English); returns the new ids. */
export async function insertTerms(db: Executor, collectionId: number, rows: Array<{ sourceTerm: string; sourceKey: string; targetTerm: string; note: string }>, userId: number) {
  if (rows.length === 0) return [];
  const out = await db
    .insert(terms)
    .values(rows.map((r) => ({ collectionId, ...r, createdBy: userId })))
    .onConflictDoNothing()
    .returning({ id: terms.id });
  return out.map((r) => r.id);
}

export async function updateTerm(db: Executor, id: number, values: Partial<{ sourceTerm: string; sourceKey: string; targetTerm: string; note: string }>) {
  await db.update(terms).set({ ...values, updatedAt: new Date() }).where(eq(terms.id, id));
}

export async function deleteTerm(db: Executor, id: number) {
  await db.delete(terms).where(eq(terms.id, id));
}

// ——— pre-translation jobs ———

export type PretranslationJob = typeof pretranslationJobs.$inferSelect;

export async function insertPretranslationJob(db: Executor, values: { documentId: number | null; collectionId: number | null; requestedBy: number; minScore: number }) {
  const [row] = await db.insert(pretranslationJobs).values(values).returning();
  return row!;
}

export async function getPretranslationJob(db: Executor, id: number) {
  const [row] = await db.select().from(pretranslationJobs).where(eq(pretranslationJobs.id, id));
  return row ?? null;
}

/** A queued job (or a running one whose heartbeat stopped), claimed for this process. */
export async function claimPretranslationJob(db: Executor, staleBefore: Date) {
  return db.transaction(async (tx) => {
    const [job] = await tx
      .select()
      .from(pretranslationJobs)
      .where(or(eq(pretranslationJobs.status, 'queued'), and(eq(pretranslationJobs.status, 'running'), or(isNull(pretranslationJobs.heartbeatAt), lt(pretranslationJobs.heartbeatAt, staleBefore)))))
      .orderBy(asc(pretranslationJobs.id))
      .limit(1)
      .for('update', { skipLocked: true });
    if (!job) return null;
    const now = new Date();
    await tx.update(pretranslationJobs).set({ status: 'running', startedAt: job.startedAt ?? now, heartbeatAt: now }).where(eq(pretranslationJobs.id, job.id));
    return job;
  });
}

export async function updatePretranslationJob(db: Executor, id: number, values: Partial<Pick<PretranslationJob, 'status' | 'total' | 'processed' | 'filled' | 'error' | 'finishedAt'>>) {
  await db
    .update(pretranslationJobs)
    .set({ ...values, heartbeatAt: new Date() })
    .where(eq(pretranslationJobs.id, id));
}

/** The lines a pre-translation job fills, in reading order: not deleted, with Arabic, not translated by a person. */
export async function linesToPretranslate(db: Executor, scope: { documentId: number | null; collectionId: number | null }) {
  return db
    .select({ id: segments.id, documentId: segments.documentId, collectionId: segments.collectionId, pageId: segments.pageId, text: segments.text, translation: segments.translation, status: segments.status })
    .from(segments)
    .innerJoin(pages, eq(pages.id, segments.pageId))
    .where(
      and(
        scope.documentId !== null ? eq(segments.documentId, scope.documentId) : eq(segments.collectionId, scope.collectionId!),
        ne(segments.status, 'deleted'),
      ),
    )
    .orderBy(asc(segments.documentId), asc(pages.pageNo), asc(segments.lineOrder));
}

/** The latest pre-translation jobs of a document. */
export async function documentPretranslationJobs(db: Executor, documentId: number) {
  return db.select().from(pretranslationJobs).where(eq(pretranslationJobs.documentId, documentId)).orderBy(desc(pretranslationJobs.id)).limit(5);
}
