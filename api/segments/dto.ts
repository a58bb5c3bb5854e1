import type { SegmentRow } from '../../db/queries/segments';
import { locateOcrWords } from './ocr-words';

/** The segment as the API and web client see it. */
export function toSegmentDto(s: SegmentRow) {
  const at = locateOcrWords(s.ocrText, s.words, s.text);
  return {
    id: s.id,
    documentId: s.documentId,
    pageId: s.pageId,
    pageNo: s.pageNo,
    lineOrder: s.lineOrder,
    box: s.box,
    ocrText: s.ocrText,
    ocrConfidence: s.ocrConfidence,
    // Each OCR word with where it is in the current text; null once a person changed it (no mark any more).
    words: s.words.map((w, i) => ({ ...w, at: at[i] ?? null })),
    text: s.text,
    translation: s.translation,
    version: s.version,
    status: s.status,
    /** For a `suggested` line: where its translation came from and the match score (0–100). */
    suggestion: s.status === 'suggested' && s.suggestionOrigin ? { origin: s.suggestionOrigin, score: s.suggestionScore ?? 0 } : null,
    updatedAt: s.updatedAt.toISOString(),
    updatedBy: s.updatedById === null ? null : { id: s.updatedById, name: s.updatedByName ?? '' },
  };
}
export type SegmentDto = ReturnType<typeof toSegmentDto>;
