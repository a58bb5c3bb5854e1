import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { collections, documents, pages, segments, segmentVersions, users, type Box, type OcrWord } from '../schema';
import { readableBy } from './documents';
import type { SegmentSearchFields } from './search';
import type { SessionUser } from './users';

export const segmentColumns = {
  id: segments.id,
  documentId: segments.documentId,
  pageId: segments.pageId,
  pageNo: pages.pageNo,
  lineOrder: segments.lineOrder,
  box: segments.box,
  ocrText: segments.ocrText,
  ocrConfidence: segments.ocrConfidence,
  words: segments.ocrWords,
  text: segments.text,
  translation: segments.translation,
  version: segments.version,
  status: segments.status,
  suggestionOrigin: segments.suggestionOrigin,
  suggestionScore: segments.suggestionScore,
  updatedAt: segments.updatedAt,
  updatedById: segments.updatedBy,
  updatedByName: users.name,
};

export type SegmentRow = Awaited<ReturnType<typeof listSegments>>[number];

export async function listSegments(db: Executor, documentId: number) {
  return db
    .select(segmentColumns)
    .from(segments)
    .innerJoin(pages, eq(pages.id, segments.pageId))
    .leftJoin(users, eq(users.id, segments.updatedBy))
    .where(and(eq(segments.documentId, documentId), ne(segments.status, 'deleted')))
    .orderBy(asc(pages.pageNo), asc(segments.lineOrder));
}

export async function getSegment(db: Executor, id: number) {
  const [row] = await db
    .select(segmentColumns)
    .from(segments)
    .innerJoin(pages, eq(pages.id, segments.pageId))
    .leftJoin(users, eq(users.id, segments.updatedBy))
    .where(eq(segments.id, id));
  return row ?? null;
}

export type LockedSegment = NonNullable<Awaited<ReturnType<typeof lockSegmentForUser>>>;

/** Locks the segment row for the rest of the transaction, if the user may read it. */
export async function lockSegmentForUser(tx: Executor, user: SessionUser, id: number) {
  const [row] = await tx
    .select({
      id: segments.id,
      documentId: segments.documentId,
      collectionId: segments.collectionId,
      pageId: segments.pageId,
      lineOrder: segments.lineOrder,
      version: segments.version,
      text: segments.text,
      translation: segments.translation,
      ocrText: segments.ocrText,
      ocrWords: segments.ocrWords,
      status: segments.status,
      box: segments.box,
      suggestionOrigin: segments.suggestionOrigin,
      suggestionScore: segments.suggestionScore,
    })
    .from(segments)
    .innerJoin(documents, eq(documents.id, segments.documentId))
    .innerJoin(collections, eq(collections.id, documents.collectionId))
    .where(and(eq(segments.id, id), readableBy(user)))
    .for('update', { of: segments });
  return row ?? null;
}

export async function listSegmentVersions(db: Executor, segmentId: number) {
  return db
    .select({
      version: segmentVersions.version,
      text: segmentVersions.text,
      translation: segmentVersions.translation,
      status: segmentVersions.status,
      box: segmentVersions.box,
      note: segmentVersions.note,
      changedAt: segmentVersions.changedAt,
      changedById: segmentVersions.changedBy,
      changedByName: users.name,
    })
    .from(segmentVersions)
    .leftJoin(users, eq(users.id, segmentVersions.changedBy))
    .where(eq(segmentVersions.segmentId, segmentId))
    .orderBy(asc(segmentVersions.version));
}

/** A line as OCR (or an imported transcription) gives it; an imported one may carry its translation. */
export type NewOcrLine = { box: Box; text: string; confidence: number | null; words: OcrWord[]; translation?: string };

/** The collection of a document, as a value for a new segment row (segments carry it for search). */
export const collectionOf = (documentId: number) => sql<number>`(SELECT ${documents.collectionId} FROM ${documents} WHERE ${documents.id} = ${documentId})`;

/**
 * Replaces a page's lines with a fresh OCR reading; each line starts its history at version 1.
 * The search keys come with each line (api/segments/replace-page-segments.ts computes them).
 */
export async function insertPageSegments(
  tx: Executor,
  page: { id: number; documentId: number },
  lines: Array<NewOcrLine & SegmentSearchFields>,
  opts: { note?: string } = {},
) {
  await tx.delete(segments).where(eq(segments.pageId, page.id));
  if (lines.length === 0) return;
  const inserted = await tx
    .insert(segments)
    .values(
      lines.map((l, i) => ({
        pageId: page.id,
        documentId: page.documentId,
        collectionId: collectionOf(page.documentId),
        lineOrder: i + 1,
        box: l.box,
        ocrText: l.text,
        ocrConfidence: l.confidence,
        ocrWords: l.words,
        text: l.text,
        translation: l.translation ?? '',
        status: l.translation ? ('translated' as const) : ('ocr' as const),
        textNorm: l.textNorm,
        translationKey: l.translationKey,
        textDates: l.textDates,
      })),
    )
    .returning({ id: segments.id, text: segments.text, translation: segments.translation, status: segments.status, box: segments.box });
  await tx.insert(segmentVersions).values(
    inserted.map((s) => ({ segmentId: s.id, version: 1, text: s.text, translation: s.translation, status: s.status, box: s.box, note: opts.note ?? 'ocr' })),
  );
}
