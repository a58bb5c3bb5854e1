import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { collections, documents, pages } from '../schema';
import { readableBy } from './documents';
import type { SessionUser } from './users';

export const pageColumns = {
  id: pages.id,
  pageNo: pages.pageNo,
  width: pages.width,
  height: pages.height,
  dpi: pages.dpi,
  ocrStatus: pages.ocrStatus,
  ocrError: pages.ocrError,
  textSource: pages.textSource,
  ocrEngine: pages.ocrEngine,
  ocrModel: pages.ocrModel,
  meanConfidence: pages.meanConfidence,
  ocrMs: pages.ocrMs,
  sensitive: pages.sensitive,
  imageMime: pages.imageMime,
};

export async function listPages(db: Executor, documentId: number) {
  return db.select(pageColumns).from(pages).where(eq(pages.documentId, documentId)).orderBy(asc(pages.pageNo));
}

export async function insertPages(db: Executor, documentId: number, count: number) {
  return db
    .insert(pages)
    .values(Array.from({ length: count }, (_, i) => ({ documentId, pageNo: i + 1 })))
    .returning({ id: pages.id });
}

export async function getPageImageForUser(db: Executor, user: SessionUser, pageId: number) {
  const [row] = await db
    .select({ imageKey: pages.imageKey, imageMime: pages.imageMime })
    .from(pages)
    .innerJoin(documents, eq(documents.id, pages.documentId))
    .innerJoin(collections, eq(collections.id, documents.collectionId))
    .where(and(eq(pages.id, pageId), readableBy(user)));
  return row ?? null;
}

export async function countPagesByStatus(db: Executor, documentId: number) {
  const [row] = await db
    .select({
      total: sql<number>`count(*)::int`,
      done: sql<number>`count(*) FILTER (WHERE ${pages.ocrStatus} = 'done')::int`,
      failed: sql<number>`count(*) FILTER (WHERE ${pages.ocrStatus} = 'failed')::int`,
    })
    .from(pages)
    .where(eq(pages.documentId, documentId));
  return row!;
}

/** The page if the user may read its document. */
export async function getPageForUser(db: Executor, user: SessionUser, pageId: number) {
  const [row] = await db
    .select({ ...pageColumns, documentId: pages.documentId })
    .from(pages)
    .innerJoin(documents, eq(documents.id, pages.documentId))
    .innerJoin(collections, eq(collections.id, documents.collectionId))
    .where(and(eq(pages.id, pageId), readableBy(user)));
  return row ?? null;
}

export async function setPageSensitive(db: Executor, pageId: number, sensitive: boolean) {
  await db.update(pages).set({ sensitive }).where(eq(pages.id, pageId));
}
