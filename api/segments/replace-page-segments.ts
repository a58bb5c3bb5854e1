import type { Executor } from '../../db/client';
import { insertPageSegments, type NewOcrLine } from '../../db/queries/segments';
import { recordSearchTerms, segmentSearchFields } from '../search/index-keys';

export type { NewOcrLine };

/**
 * Replaces a page's lines with a fresh OCR reading, or with the lines of an imported
 * transcription (`note` says where they came from, e.g. `import:page-xml`); each line starts its
 * history at version 1, with its search keys and vocabulary: the OCR path's counterpart of
 * update-segment.ts.
 */
export async function replacePageSegments(tx: Executor, page: { id: number; documentId: number }, lines: NewOcrLine[], opts: { note?: string } = {}) {
  await insertPageSegments(
    tx,
    page,
    lines.map((l) => ({ ...l, ...segmentSearchFields(l.text, l.translation ?? '') })),
    opts,
  );
  await recordSearchTerms(
    tx,
    lines.map((l) => ({ text: l.text, translation: l.translation ?? '' })),
  );
}
