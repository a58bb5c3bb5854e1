import type { Executor } from '../../db/client';
import { collectionOfDocument, countUnreviewedLines, lockDocument, pageOfSegment, resolveOpenReturns } from '../../db/queries/review';
import type { SessionUser } from '../../db/queries/users';
import type { SegmentStatus } from '../../db/schema';
import { assertCan } from '../auth/permissions';
import { setStatus, supersedeAll } from './status';

export type SegmentChange = {
  segmentId: number;
  documentId: number;
  /** Null for a line that did not exist before (split, added). */
  fromStatus: SegmentStatus | null;
  toStatus: SegmentStatus;
  /** Which of text, translation, status, box changed ('created' for a new line). */
  fields: string[];
};

/**
 * Called by updateSegment inside its transaction, after the new version is written: the review
 * workflow's part of every line change.
 * - Marking a line reviewed is a reviewer's decision, whoever sends the PATCH.
 * - A content change closes the reviewer's open returns on that line (and its page).
 * - Any change that is not an approval moves a reviewed or certified document back to
 *   in_progress; its certifications stay valid for their snapshot and are marked superseded.
 * - The approval of the last unreviewed line of a document in review makes it reviewed.
 */
export async function afterSegmentChange(tx: Executor, user: SessionUser, change: SegmentChange): Promise<void> {
  const approving = change.toStatus === 'reviewed' && change.fromStatus !== 'reviewed';
  if (approving) assertCan(user, 'review.decide', await collectionOfDocument(tx, change.documentId)); // the role in the document's collection
  const contentChanged = change.fields.some((f) => f === 'text' || f === 'translation' || f === 'created');
  if (contentChanged) {
    const pageId = await pageOfSegment(tx, change.segmentId);
    if (pageId !== null) await resolveOpenReturns(tx, { segmentId: change.segmentId, pageId, userId: user.id });
  }

  const doc = await lockDocument(tx, change.documentId);
  if (!doc) return;
  if (contentChanged || !approving) {
    if (doc.status === 'certified' || doc.status === 'reviewed') {
      if (doc.status === 'certified') await supersedeAll(tx, user.id, doc.id, 'edited');
      await setStatus(tx, user.id, doc.id, doc.status, 'in_progress', 'line changed after review');
    }
    return;
  }
  if (doc.status === 'in_review') {
    const { lines, unreviewed } = await countUnreviewedLines(tx, doc.id);
    if (lines > 0 && unreviewed === 0) await setStatus(tx, user.id, doc.id, doc.status, 'reviewed', 'every line approved');
  }
}
