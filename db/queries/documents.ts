import { aliasedTable, and, asc, desc, eq, exists, gte, inArray, lte, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Executor } from '../client';
import { collectionMembers, collections, documents, pages, reviewNotes, segments, users, type DocumentStatus } from '../schema';
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

/**
 * Collections every reader of collection `collectionId` may read: the open ones and that one
 * itself (its readers are everyone when it is open, its members and admins when restricted).
 * What is written without a user for a document of that collection (tags suggested after OCR)
 * may show only what all of its readers could read anyway.
 */
export function readableByEveryReaderOf(collectionId: number): SQL {
  return or(eq(collections.restricted, false), eq(collections.id, collectionId))!;
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

/** Lines a reviewer sent back that nobody has changed since. */
const openReturns = sql<number>`(SELECT count(*)::int FROM ${reviewNotes} WHERE ${reviewNotes.documentId} = ${documents.id} AND ${reviewNotes.action} = 'returned' AND ${reviewNotes.resolvedAt} IS NULL)`;

const uploader = aliasedTable(users, 'uploader');

const documentColumns = {
  id: documents.id,
  title: documents.title,
  archiveRef: documents.archiveRef,
  documentDate: documents.documentDate,
  collection: collections.name,
  collectionId: documents.collectionId,
  notes: documents.notes,
  status: documents.status,
  pageCount: documents.pageCount,
  ...progress,
  openReturns,
  sha256: documents.sha256,
  sizeBytes: documents.sizeBytes,
  mime: documents.mime,
  originalName: documents.originalName,
  transcriptionFormat: documents.transcriptionFormat,
  uploadedById: documents.uploadedBy,
  uploadedByName: uploader.name,
  createdAt: documents.createdAt,
  updatedAt: documents.updatedAt,
};

export type DocumentSummary = Awaited<ReturnType<typeof listDocuments>>['documents'][number];

export const documentSortKeys = ['title', 'archiveRef', 'documentDate', 'collection', 'status', 'pages', 'createdAt'] as const;
export type DocumentSortKey = (typeof documentSortKeys)[number];

/** What the document list can be narrowed by; every filter is optional. */
export type DocumentListQuery = {
  limit: number;
  offset: number;
  /** Part of the title, archive reference or original file name (case-insensitive). */
  q?: string;
  collectionId?: number;
  status?: DocumentStatus[];
  uploadedBy?: number;
  /** The date the document bears, ISO, inclusive. */
  dateFrom?: string;
  dateTo?: string;
  /** Upload time, ISO dates, inclusive. */
  uploadedFrom?: string;
  uploadedTo?: string;
  /** Only documents with lines a reviewer returned and nobody has changed since. */
  hasReturned?: boolean;
  sort?: DocumentSortKey;
  order?: 'asc' | 'desc';
};

const sortColumns: Record<DocumentSortKey, SQL | AnyColumn> = {
  title: sql`lower(${documents.title})`,
  archiveRef: documents.archiveRef,
  documentDate: documents.documentDate,
  collection: collections.name,
  status: documents.status,
  pages: documents.pageCount,
  createdAt: documents.createdAt,
};

/** The one expression the search box matches, the same as the trigram index on documents. */
const listSearchText = sql`lower(${documents.title} || ' ' || coalesce(${documents.archiveRef}, '') || ' ' || coalesce(${documents.originalName}, ''))`;

function listFilters(user: SessionUser, q: Omit<DocumentListQuery, 'limit' | 'offset' | 'sort' | 'order'>): SQL | undefined {
  const where: Array<SQL | undefined> = [readableBy(user)];
  const words = (q.q ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
  for (const w of words) where.push(sql`${listSearchText} LIKE ${`%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (q.collectionId !== undefined) where.push(eq(documents.collectionId, q.collectionId));
  if (q.status?.length) where.push(inArray(documents.status, q.status));
  if (q.uploadedBy !== undefined) where.push(eq(documents.uploadedBy, q.uploadedBy));
  if (q.dateFrom) where.push(gte(documents.documentDate, q.dateFrom));
  if (q.dateTo) where.push(lte(documents.documentDate, q.dateTo));
  if (q.uploadedFrom) where.push(gte(documents.createdAt, new Date(`${q.uploadedFrom}T00:00:00Z`)));
  if (q.uploadedTo) where.push(sql`${documents.createdAt} < (${q.uploadedTo}::date + 1)`);
  if (q.hasReturned) where.push(sql`${openReturns} > 0`);
  return and(...where);
}

/**
 * A page of the documents the user may read, filtered and sorted (newest upload first unless
 * asked otherwise; ties by id, so paging is stable), and how many match in all.
 */
export async function listDocuments(db: Executor, user: SessionUser, opts: DocumentListQuery) {
  const where = listFilters(user, opts);
  const sort = sortColumns[opts.sort ?? 'createdAt'];
  const dir = (opts.order ?? (opts.sort && opts.sort !== 'createdAt' ? 'asc' : 'desc')) === 'asc' ? asc : desc;
  const [rows, [total]] = await Promise.all([
    db
      .select(documentColumns)
      .from(documents)
      .innerJoin(collections, eq(collections.id, documents.collectionId))
      .leftJoin(uploader, eq(uploader.id, documents.uploadedBy))
      .where(where)
      .orderBy(sql`${dir(sort)} NULLS LAST`, dir(documents.id))
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

/** Ids of every readable document matching the filters (a collection export), in list order. */
export async function listDocumentIds(db: Executor, user: SessionUser, q: Omit<DocumentListQuery, 'limit' | 'offset' | 'sort' | 'order'>, max: number) {
  const rows = await db
    .select({ id: documents.id })
    .from(documents)
    .innerJoin(collections, eq(collections.id, documents.collectionId))
    .where(listFilters(user, q))
    .orderBy(asc(documents.id))
    .limit(max);
  return rows.map((r) => r.id);
}

/** The collections and uploaders the user can filter the list by (those of documents they may read). */
export async function listDocumentFilterOptions(db: Executor, user: SessionUser) {
  const readable = readableBy(user);
  const [collectionRows, uploaderRows] = await Promise.all([
    db
      .select({ id: collections.id, name: collections.name, restricted: collections.restricted })
      .from(collections)
      .where(readable)
      .orderBy(asc(collections.name)),
    db
      .selectDistinct({ id: users.id, name: users.name })
      .from(documents)
      .innerJoin(collections, eq(collections.id, documents.collectionId))
      .innerJoin(users, eq(users.id, documents.uploadedBy))
      .where(readable)
      .orderBy(asc(users.name)),
  ]);
  return { collections: collectionRows, uploaders: uploaderRows };
}

export async function getDocument(db: Executor, user: SessionUser, id: number) {
  const [row] = await db
    .select(documentColumns)
    .from(documents)
    .innerJoin(collections, eq(collections.id, documents.collectionId))
    .leftJoin(uploader, eq(uploader.id, documents.uploadedBy))
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
/** The collection a document belongs to, or undefined when there is no such document (no permission check: for work already allowed). */
export async function collectionOfDocument(db: Executor, documentId: number): Promise<number | undefined> {
  const [row] = await db.select({ collectionId: documents.collectionId }).from(documents).where(eq(documents.id, documentId));
  return row?.collectionId;
}

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

/** The details a person may change after upload; a document's collection moves with its lines. */
export type DocumentDetails = { title?: string; archiveRef?: string | null; documentDate?: string | null; notes?: string | null; collectionId?: number };

/** Locks the document row for the rest of the transaction and gives its current details. */
export async function lockDocumentDetails(tx: Executor, id: number) {
  const [row] = await tx
    .select({
      id: documents.id,
      title: documents.title,
      archiveRef: documents.archiveRef,
      documentDate: documents.documentDate,
      notes: documents.notes,
      collectionId: documents.collectionId,
      updatedAt: documents.updatedAt,
    })
    .from(documents)
    .where(eq(documents.id, id))
    .for('update');
  return row ?? null;
}

export async function updateDocumentDetails(tx: Executor, id: number, details: DocumentDetails) {
  await tx
    .update(documents)
    .set({ ...details, updatedAt: new Date() })
    .where(eq(documents.id, id));
  if (details.collectionId !== undefined) {
    await tx.update(segments).set({ collectionId: details.collectionId }).where(eq(segments.documentId, id));
  }
}
