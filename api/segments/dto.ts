import type { SegmentRow } from '../../db/queries/segments';

/** The segment as the API and web client see it. */
export function toSegmentDto(s: SegmentRow) {
  return {
    id: s.id,
    documentId: s.documentId,
    pageId: s.pageId,
    pageNo: s.pageNo,
    lineOrder: s.lineOrder,
    box: s.box,
    ocrText: s.ocrText,
    ocrConfidence: s.ocrConfidence,
    words: s.words,
    text: s.text,
    translation: s.translation,
    version: s.version,
    status: s.status,
    updatedAt: s.updatedAt.toISOString(),
    updatedBy: s.updatedById === null ? null : { id: s.updatedById, name: s.updatedByName ?? '' },
  };
}
export type SegmentDto = ReturnType<typeof toSegmentDto>;
