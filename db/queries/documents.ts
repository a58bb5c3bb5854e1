import { and, desc, eq, exists, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Executor } from '../client';
import { collectionMembers, collections, documents, pages, segments, type DocumentStatus } from '../schema';
import type { SessionUser } from './users';

/** Admins read everything; others read open collections and the restricted ones they belong to. */
export function readableBy(user: SessionUser): SQL | undefined {
  if (user.role === 'admin') return undefined;
  return or(
    eq(collections.restricted, false),
    exists(
      sql`(SELECT 1 FROM ${collectionMembers} WHERE ${collectionMembers.collectionId} = ${collections.id} AND ${collectionMembers.userId} = ${user.id})`,
    ),
  );
}

/** The same rule for a row that carries its collection id (a segment), without joining the collection. */
export function inReadableCollection(user: SessionUser, collectionId: SQL | AnyColumn): SQL | undefined {
  const readable = readableBy(user);
  return readable && sql`${collectionId} IN (SELECT ${collections.id} FROM ${collections} WHERE ${readable})`;
}

const progress = {
  pagesDone: sql<number>`(SELECT count(*)::int FROM ${pages} WHERE ${pages.documentId} = ${documents.id} AND ${pages.ocrStatus} = 'done')`,
  pagesFailed: sql<number>`(SELECT count(*)::int FROM ${pages} WHERE ${pages.documentId} = ${documents.id} AND ${pages.ocrStatus} = 'failed')`,
  /** Work on the lines: how many there are, how many are translated (or reviewed), how many reviewed. */
  lines: sql<{ total: number; corrected: number; translated: number; reviewed: number }>`(
    SELECT json_build_object(
      'total', count(*)::int,
      'corrected', count(*) FILTER (WHERE ${segments.status} <> 'ocr')::int,
      'translated', count(*) FILTER (WHERE ${segments.status} IN ('translated', 'reviewed'))::int,
      'reviewed', count(*) FILTER (WHERE ${segments.status} = 'reviewed')::int)
    FROM ${segments} WHERE ${segments.documentId} = ${documents.id} AND ${segments.status} <> 'deleted')`,
};

const documentColumns = {
  id: documents.id,
  title: documents.title,
  archiveRef: documents.archiveRef,
  collection: collections.name,
  status: documents.status,
  pageCount: documents.pageCount,
  ...progress,
  sha256: documents.sha256,
  sizeBytes: documents.sizeBytes,
  mime: documents.mime,
  originalName: documents.originalName,
  createdAt: documents.createdAt,
  updatedAt: documents.updatedAt,
};

export type DocumentSummary = Awaited<ReturnType<typeof listDocuments>>['documents'][number];

export async function listDocuments(db: Executor, user: SessionUser, opts: { limit: number; offset: number }) {
  const where = readableBy(user);
  const [rows, [total]] = await Promise.all([
    db
      .select(documentColumns)
      .from(documents)
      .innerJoin(collections, eq(collections.id, documents.collectionId))
      .where(where)
      .orderBy(desc(documents.id))
      .limit(opts.limit)
      .offset(opts.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(documents)
      .innerJoin(collections, eq(collections.id, documents.collectionId))
      .where(where),
  ]);
  return { documents: rows, total: total?.n ?? 0 };
}

export async function getDocument(db: Executor, user: SessionUser, id: number) {
  const [row] = await db
    .select(documentColumns)
    .from(documents)
    .innerJoin(collections, eq(collections.id, documents.collectionId))
    .where(and(eq(documents.id, id), readableBy(user)));
  return row ?? null;
}

/** Whether a file with this hash is stored at all, and whether this user may see it. */
export async function findDocumentBySha(db: Executor, user: SessionUser, sha256: string) {
  const [row] = await db
    .select({ id: documents.id, readable: readableBy(user) ?? sql<boolean>`true` })
    .from(documents)
    .innerJoin(collections, eq(collections.id, documents.collectionId))
    .where(eq(documents.sha256, sha256));
  return row ? { id: row.id, readable: Boolean(row.readable) } : null;
}

/** A collection by name, and whether this user may read it (null when there is none of that name). */
export async function findCollectionForUser(db: Executor, user: SessionUser, name: string) {
  const [row] = await db
    .select({ id: collections.id, name: collections.name, restricted: collections.restricted, readable: readableBy(user) ?? sql<boolean>`true` })
    .from(collections)
    .where(eq(collections.name, name));
  return row ? { ...row, readable: Boolean(row.readable) } : null;
}

export async function ensureCollection(db: Executor, name: string) {
  await db.insert(collections).values({ name }).onConflictDoNothing();
  const [row] = await db.select().from(collections).where(eq(collections.name, name));
  return row!;
}

export async function insertDocument(db: Executor, values: typeof documents.$inferInsert) {
  const [row] = await db.insert(documents).values(values).returning({ id: documents.id });
  return row!.id;
}

export async function setDocumentStatus(db: Executor, id: number, status: DocumentStatus) {
  await db.update(documents).set({ status, updatedAt: new Date() }).where(eq(documents.id, id));
}
