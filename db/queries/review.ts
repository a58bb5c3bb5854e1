import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { collections, documents, pages, reviewNotes, segments, users, type DocumentStatus, type ReviewAction } from '../schema';
import { readableBy } from './documents';
import type { SessionUser } from './users';

export async function insertReviewNote(
  db: Executor,
  values: {
    documentId: number;
    pageId: number;
    segmentId: number | null;
    segmentVersion: number | null;
    action: ReviewAction;
    comment: string | null;
    reviewerId: number;
  },
) {
  const [row] = await db.insert(reviewNotes).values(values).returning({ id: reviewNotes.id });
  return row!.id;
}

export async function listReviewNotes(db: Executor, documentId: number) {
  return db
    .select({
      id: reviewNotes.id,
      pageId: reviewNotes.pageId,
      pageNo: pages.pageNo,
      segmentId: reviewNotes.segmentId,
      segmentVersion: reviewNotes.segmentVersion,
      action: reviewNotes.action,
      comment: reviewNotes.comment,
      reviewerId: reviewNotes.reviewerId,
      reviewerName: users.name,
      createdAt: reviewNotes.createdAt,
      resolvedAt: reviewNotes.resolvedAt,
    })
    .from(reviewNotes)
    .leftJoin(pages, eq(pages.id, reviewNotes.pageId))
    .leftJoin(users, eq(users.id, reviewNotes.reviewerId))
    .where(eq(reviewNotes.documentId, documentId))
    .orderBy(asc(reviewNotes.id));
}

/** Closes the open returns of a line, and of its page, once someone changed the line. */
export async function resolveOpenReturns(db: Executor, opts: { segmentId: number; pageId: number; userId: number }) {
  await db
    .update(reviewNotes)
    .set({ resolvedAt: new Date(), resolvedBy: opts.userId })
    .where(
      and(
        eq(reviewNotes.action, 'returned'),
        isNull(reviewNotes.resolvedAt),
        sql`(${reviewNotes.segmentId} = ${opts.segmentId} OR (${reviewNotes.segmentId} IS NULL AND ${reviewNotes.pageId} = ${opts.pageId}))`,
      ),
    );
}

/** The document row, locked for the rest of the transaction (status changes are serialised). */
/** The collection a document is in (undefined when there is no such document). */
export async function collectionOfDocument(db: Executor, documentId: number): Promise<number | undefined> {
  const [row] = await db.select({ collectionId: documents.collectionId }).from(documents).where(eq(documents.id, documentId));
  return row?.collectionId;
}

export async function lockDocument(tx: Executor, documentId: number) {
  const [row] = await tx
    .select({ id: documents.id, status: documents.status, sha256: documents.sha256 })
    .from(documents)
    .where(eq(documents.id, documentId))
    .for('update');
  return row ?? null;
}

export async function countUnreviewedLines(db: Executor, documentId: number) {
  const [row] = await db
    .select({
      lines: sql<number>`count(*)::int`,
      unreviewed: sql<number>`count(*) FILTER (WHERE ${segments.status} <> 'reviewed')::int`,
    })
    .from(segments)
    .where(and(eq(segments.documentId, documentId), sql`${segments.status} <> 'deleted'`));
  return row ?? { lines: 0, unreviewed: 0 };
}

export async function pageOfSegment(db: Executor, segmentId: number) {
  const [row] = await db.select({ pageId: segments.pageId }).from(segments).where(eq(segments.id, segmentId));
  return row?.pageId ?? null;
}

/** Documents in a status that the user may read, with their line counts, oldest change first. */
export async function listDocumentsByStatus(db: Executor, user: SessionUser, status: DocumentStatus, limit = 200) {
  return db
    .select({
      id: documents.id,
      title: documents.title,
      archiveRef: documents.archiveRef,
      collectionId: documents.collectionId,
      collection: collections.name,
      status: documents.status,
      updatedAt: documents.updatedAt,
      lines: sql<number>`(SELECT count(*)::int FROM ${segments} WHERE ${segments.documentId} = ${documents.id} AND ${segments.status} <> 'deleted')`,
      unreviewed: sql<number>`(SELECT count(*)::int FROM ${segments} WHERE ${segments.documentId} = ${documents.id} AND ${segments.status} NOT IN ('deleted', 'reviewed'))`,
    })
    .from(documents)
    .innerJoin(collections, eq(collections.id, documents.collectionId))
    .where(and(eq(documents.status, status), readableBy(user)))
    .orderBy(asc(documents.updatedAt))
    .limit(limit);
}

/**
 * Locks every live line of a page, in id order, before anything else in the transaction: a
 * page decision then takes its locks in the same order as a single line edit (lines, then
 * the document row), so the two cannot deadlock.
 */
export async function lockPageSegments(tx: Executor, pageId: number) {
  await tx
    .select({ id: segments.id })
    .from(segments)
    .where(and(eq(segments.pageId, pageId), sql`${segments.status} <> 'deleted'`))
    .orderBy(asc(segments.id))
    .for('update');
}
