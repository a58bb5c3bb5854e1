import type { Executor } from '../../db/client';
import { insertPageSegments, type NewOcrLine } from '../../db/queries/segments';
import { recordSearchTerms, segmentSearchFields } from '../search/index-keys';

export type { NewOcrLine };

/**
 * Replaces a page's lines with a fresh OCR reading (each line starts its history at version 1),
 * with their search keys and vocabulary: the OCR path's counterpart of update-segment.ts.
 */
export async function replacePageSegments(tx: Executor, page: { id: number; documentId: number }, lines: NewOcrLine[]) {
  await insertPageSegments(
    tx,
    page,
    lines.map((l) => ({ ...l, ...segmentSearchFields(l.text, '') })),
  );
  await recordSearchTerms(
    tx,
    lines.map((l) => ({ text: l.text, translation: '' })),
  );
}
