/**
 * A document as every export format sees it: its details, its pages with their lines in reading
 * order (each line naming the segment and the version it carries), the confirmed tags, and the
 * certification it stands under. Loaded once (`loadExchangeDocument`); each format module is a
 * pure function from this to bytes.
 */
import { inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { listCertifications } from '../../db/queries/certifications';
import { getDocument } from '../../db/queries/documents';
import { listMentions } from '../../db/queries/entities';
import { listPages } from '../../db/queries/pages';
import { listSegments } from '../../db/queries/segments';
import type { SessionUser } from '../../db/queries/users';
import { entities, type Box, type EntityKind } from '../../db/schema';

export type ExchangeWord = { text: string; /** 0–100 */ confidence: number; box: Box };

/** A confirmed tag: a span of the Arabic text (`text`) or of the translation, UTF-16 offsets. */
export type ExchangeTag = {
  field: 'text' | 'translation';
  start: number;
  end: number;
  kind: EntityKind;
  /** ISO date for dates. */
  normalized: string | null;
  entity: { id: number; nameAr: string; nameEn: string } | null;
};

export type ExchangeLine = {
  segmentId: number;
  /** 1-based position in the page's reading order. */
  lineNo: number;
  version: number;
  status: string;
  /** Pixels of the page image (for a scan: the original image, upright). */
  box: Box;
  text: string;
  translation: string;
  /** The OCR's (or imported transcription's) confidence for the line, 0–100; null when unknown. */
  confidence: number | null;
  /** Words with boxes and confidences while the line still reads as recognised; empty once corrected. */
  words: ExchangeWord[];
  tags: ExchangeTag[];
};

export type ExchangePage = {
  pageNo: number;
  width: number;
  height: number;
  dpi: number | null;
  /** The image the coordinates refer to: the original file for a single image, else a page image name. */
  imageName: string;
  /** Where the lines came from: `ocr`, `pdf-text`, `page-xml`, `alto`. */
  textSource: string | null;
  engine: string | null;
  model: string | null;
  lines: ExchangeLine[];
};

export type ExchangeCertification = {
  id: number;
  certifiedAt: string;
  certifiedBy: string;
  place: string;
  snapshotHash: string;
  pdfSha256: string;
  verifyUrl: string;
};

export type ExchangeDocument = {
  id: number;
  title: string;
  archiveRef: string | null;
  documentDate: string | null;
  collection: string;
  notes: string | null;
  status: string;
  sha256: string;
  mime: string;
  originalName: string | null;
  pageCount: number;
  /** Pages whose text has been read (OCR done, or imported); the others are left out. */
  pages: ExchangePage[];
  /** The certification the document currently stands under, if any (an edit after it supersedes it). */
  certification: ExchangeCertification | null;
  exportedAt: string;
  /** The server's address, for links (verification). */
  publicUrl: string;
};

/**
 * Everything an export needs, if the user may read the document (null otherwise). Lines are the
 * current versions; tags are the accepted ones whose span still lies inside the line.
 */
export async function loadExchangeDocument(
  db: Executor,
  user: SessionUser,
  documentId: number,
  opts: { publicUrl: string; now?: Date },
): Promise<ExchangeDocument | null> {
  const doc = await getDocument(db, user, documentId);
  if (!doc) return null;
  const [pageRows, segmentRows, mentionRows, certifications] = await Promise.all([
    listPages(db, documentId),
    listSegments(db, documentId),
    listMentions(db, user, { documentId, status: ['accepted'] }),
    listCertifications(db, documentId),
  ]);
  const entityIds = [...new Set(mentionRows.map((m) => m.entityId).filter((id): id is number => id !== null))];
  const names = new Map(
    entityIds.length === 0
      ? []
      : (
          await db
            .select({ id: entities.id, nameAr: entities.canonicalAr, nameEn: entities.canonicalEn })
            .from(entities)
            .where(inArray(entities.id, entityIds))
        ).map((e) => [e.id, e]),
  );
  const tagsBySegment = new Map<number, ExchangeTag[]>();
  for (const m of mentionRows) {
    const list = tagsBySegment.get(m.segmentId) ?? [];
    list.push({
      field: m.field,
      start: m.start,
      end: m.end,
      kind: m.kind,
      normalized: m.normalized,
      entity: m.entityId === null ? null : (names.get(m.entityId) ?? null),
    });
    tagsBySegment.set(m.segmentId, list);
  }

  const multiPage = doc.pageCount > 1 || doc.mime === 'application/pdf';
  const base = baseName(doc.originalName) || `document-${doc.id}`;
  const pages: ExchangePage[] = [];
  for (const p of pageRows) {
    if (p.ocrStatus !== 'done' || !p.width || !p.height) continue;
    const rows = segmentRows.filter((s) => s.pageId === p.id);
    pages.push({
      pageNo: p.pageNo,
      width: p.width,
      height: p.height,
      dpi: p.dpi,
      imageName: multiPage ? `${base}_p${String(p.pageNo).padStart(3, '0')}.${p.imageMime === 'image/jpeg' ? 'jpg' : 'png'}` : (doc.originalName ?? `${base}.jpg`),
      textSource: p.textSource,
      engine: p.ocrEngine,
      model: p.ocrModel,
      lines: rows.map((s, i) => ({
        segmentId: s.id,
        lineNo: i + 1,
        version: s.version,
        status: s.status,
        box: s.box,
        text: s.text,
        translation: s.translation,
        confidence: s.ocrConfidence,
        // Word boxes and confidences belong to the words as read; once the line is corrected they describe other text.
        words: s.text === s.ocrText ? s.words.map((w) => ({ text: w.text, confidence: w.confidence, box: w.box })) : [],
        tags: (tagsBySegment.get(s.id) ?? [])
          .filter((t) => t.start >= 0 && t.end > t.start && t.end <= (t.field === 'text' ? s.text.length : s.translation.length))
          .sort((a, b) => a.start - b.start || b.end - a.end),
      })),
    });
  }
  const current = certifications.find((c) => c.supersededAt === null);
  return {
    id: doc.id,
    title: doc.title,
    archiveRef: doc.archiveRef,
    documentDate: doc.documentDate,
    collection: doc.collection,
    notes: doc.notes,
    status: doc.status,
    sha256: doc.sha256,
    mime: doc.mime,
    originalName: doc.originalName,
    pageCount: doc.pageCount,
    pages,
    certification: current
      ? {
          id: current.id,
          certifiedAt: current.certifiedAt.toISOString(),
          certifiedBy: current.certifiedByName,
          place: current.place,
          snapshotHash: current.snapshotHash,
          pdfSha256: current.pdfSha256,
          verifyUrl: `${opts.publicUrl}/verify/${current.pdfSha256}`,
        }
      : null,
    exportedAt: (opts.now ?? new Date()).toISOString(),
    publicUrl: opts.publicUrl,
  };
}

function baseName(name: string | null): string {
  return (name ?? '').replace(/\.[^.]+$/, '').replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 80);
}

/** A file name for an export of this document: its base name (or title), id, and the format's extension. */
export function exportFileName(doc: Pick<ExchangeDocument, 'id' | 'originalName' | 'title'>, extension: string): string {
  const base = baseName(doc.originalName) || baseName(doc.title) || 'document';
  return `${base}-${doc.id}.${extension}`;
}

/** "page 2 line 5": how a line is named to people. */
export const lineLabel = (page: { pageNo: number }, line: { lineNo: number }) => `${page.pageNo}.${line.lineNo}`;
