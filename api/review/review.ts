import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { getDocument } from '../../db/queries/documents';
import {
  countUnreviewedLines,
  insertReviewNote,
  listDocumentsByStatus,
  listReviewNotes,
  lockDocument,
  lockPageSegments,
} from '../../db/queries/review';
import { getSegment, listSegments, type SegmentRow } from '../../db/queries/segments';
import type { SessionUser } from '../../db/queries/users';
import { pages, type ReviewAction } from '../../db/schema';
import { appendAudit } from '../audit/chain';
import { auditEvent } from '../audit/events';
import { assertCan } from '../auth/permissions';
import { AppError, notFound } from '../lib/errors';
import { documentQa } from '../translation/qa';
import { updateSegment } from '../segments/update-segment';
import { setStatus } from './status';

export type Decision = 'approve' | 'return';
const actionOf: Record<Decision, ReviewAction> = { approve: 'approved', return: 'returned' };

/**
 * The review workflow: in_progress → (submit) in_review → (every line approved) reviewed →
 * (certify) certified. A return sends the document back to in_progress. Line status changes go
 * through updateSegment, the one write path, whose hook (segment-hook.ts) does the rest.
 */

/** A translator (or reviewer) sends the document to review. */
export async function submitForReview(db: Executor, user: SessionUser, documentId: number) {
  assertCan(user, 'review.submit');
  const document = await getDocument(db, user, documentId);
  if (!document) throw notFound('The document');
  assertCan(user, 'review.submit', document.collectionId);
  await db.transaction(async (tx) => {
    const doc = await lockDocument(tx, documentId);
    if (!doc) throw notFound('The document');
    if (doc.status !== 'in_progress') {
      throw new AppError(
        409,
        'wrong_status',
        `Only a document in progress can be sent to review; this one is ${doc.status.replace('_', ' ')}.`,
      );
    }
    const { lines, unreviewed } = await countUnreviewedLines(tx, documentId);
    if (lines === 0) throw new AppError(422, 'no_lines', 'This document has no text lines to review.');
    await appendAudit(tx, auditEvent('review.submitted', user.id, { lines, unreviewed }, { type: 'document', id: documentId }));
    await setStatus(tx, user.id, documentId, doc.status, 'in_review', 'sent to review');
    if (unreviewed === 0) await setStatus(tx, user.id, documentId, 'in_review', 'reviewed', 'every line approved');
  });
  return reviewState(db, user, documentId);
}

/** Approve or return one line, at the version the reviewer looked at. */
export async function decideLine(
  db: Executor,
  user: SessionUser,
  segmentId: number,
  input: { action: Decision; version: number; comment?: string | null },
) {
  assertCan(user, 'review.decide');
  const segment = await getSegment(db, segmentId);
  const document = segment && segment.status !== 'deleted' ? await getDocument(db, user, segment.documentId) : null;
  if (!segment || !document) throw notFound('This line');
  assertCan(user, 'review.decide', document.collectionId);
  const comment = cleanComment(input.comment, input.action);
  await db.transaction(async (tx) => {
    const current = await getSegment(tx, segmentId);
    if (!current) throw notFound('This line');
    if (current.version !== input.version) await updateSegment(tx, user, segmentId, { version: input.version }); // throws the 409 with the current line
    const changed = await applyDecision(tx, user, current, input.action);
    await insertReviewNote(tx, {
      documentId: current.documentId,
      pageId: current.pageId,
      segmentId,
      segmentVersion: changed?.version ?? current.version,
      action: actionOf[input.action],
      comment,
      reviewerId: user.id,
    });
    await recordDecision(tx, user, current.documentId, {
      action: input.action,
      scope: 'line',
      pageId: current.pageId,
      segmentIds: [segmentId],
      comment,
    });
  });
  return reviewState(db, user, segment.documentId);
}

/** Approve every line of a page, or return the page as a whole. */
export async function decidePage(db: Executor, user: SessionUser, pageId: number, input: { action: Decision; comment?: string | null }) {
  assertCan(user, 'review.decide');
  const [page] = await db.select({ id: pages.id, documentId: pages.documentId }).from(pages).where(eq(pages.id, pageId));
  const document = page ? await getDocument(db, user, page.documentId) : null;
  if (!page || !document) throw notFound('The page');
  assertCan(user, 'review.decide', document.collectionId);
  const comment = cleanComment(input.comment, input.action);
  await db.transaction(async (tx) => {
    await lockPageSegments(tx, pageId);
    const lines = (await listSegments(tx, page.documentId)).filter((s) => s.pageId === pageId);
    if (lines.length === 0) throw new AppError(422, 'no_lines', 'This page has no text lines to review.');
    for (const line of lines) await applyDecision(tx, user, line, input.action);
    await insertReviewNote(tx, {
      documentId: page.documentId,
      pageId,
      segmentId: null,
      segmentVersion: null,
      action: actionOf[input.action],
      comment,
      reviewerId: user.id,
    });
    await recordDecision(tx, user, page.documentId, {
      action: input.action,
      scope: 'page',
      pageId,
      segmentIds: lines.map((l) => l.id),
      comment,
    });
  });
  return reviewState(db, user, page.documentId);
}

/** Sets the line's status for the decision through updateSegment; returns the new line or null if unchanged. */
async function applyDecision(tx: Executor, user: SessionUser, line: SegmentRow, action: Decision) {
  if (action === 'approve') {
    if (line.status === 'reviewed') return null;
    if (line.status === 'suggested') {
      throw new AppError(
        409,
        'suggested_line',
        'A line still holds a translation the translation memory suggested; a translator confirms or corrects it before it is approved.',
        { segmentId: line.id },
      );
    }
    return updateSegment(tx, user, line.id, { version: line.version, status: 'reviewed' });
  }
  if (line.status !== 'reviewed') return null;
  return updateSegment(tx, user, line.id, { version: line.version, status: line.translation.trim() ? 'translated' : 'corrected' });
}

async function recordDecision(
  tx: Executor,
  user: SessionUser,
  documentId: number,
  d: { action: Decision; scope: 'line' | 'page'; pageId: number; segmentIds: number[]; comment: string | null },
) {
  await appendAudit(
    tx,
    auditEvent(
      'review.decided',
      user.id,
      {
        action: actionOf[d.action],
        scope: d.scope,
        pageId: d.pageId,
        segmentIds: d.segmentIds,
        commentHash: d.comment === null ? null : createHash('sha256').update(d.comment).digest('hex'),
      },
      { type: 'document', id: documentId },
    ),
  );
  if (d.action === 'return') {
    const doc = await lockDocument(tx, documentId);
    if (doc && (doc.status === 'in_review' || doc.status === 'reviewed'))
      await setStatus(tx, user.id, documentId, doc.status, 'in_progress', 'returned by reviewer');
  }
}

function cleanComment(comment: string | null | undefined, action: Decision): string | null {
  const c = comment?.normalize('NFC').trim() || null;
  if (action === 'return' && !c) throw new AppError(400, 'comment_required', 'Say why you return it: the translator sees your comment.');
  return c;
}

/** Numbers lines per page, 1-based in reading order, as printed in the editor and the certified PDF. */
export function numberLines(rows: Array<{ id: number; pageNo: number }>) {
  const numbers = new Map<number, { pageNo: number; lineNo: number }>();
  let page = -1;
  let n = 0;
  for (const r of rows) {
    if (r.pageNo !== page) {
      page = r.pageNo;
      n = 0;
    }
    numbers.set(r.id, { pageNo: r.pageNo, lineNo: ++n });
  }
  return numbers;
}

/** Where the review of a document stands: what is left, what was returned and why. */
export async function reviewState(db: Executor, user: SessionUser, documentId: number) {
  const document = await getDocument(db, user, documentId);
  if (!document) throw notFound('The document');
  const [rows, notes] = await Promise.all([listSegments(db, documentId), listReviewNotes(db, documentId)]);
  const numbers = numberLines(rows);
  const unreviewed = rows
    .filter((r) => r.status !== 'reviewed')
    .map((r) => ({
      segmentId: r.id,
      pageId: r.pageId,
      pageNo: r.pageNo,
      lineNo: numbers.get(r.id)!.lineNo,
      status: r.status,
      version: r.version,
    }));
  return {
    document: { id: document.id, title: document.title, status: document.status },
    lines: rows.length,
    reviewed: rows.length - unreviewed.length,
    unreviewed,
    notes: notes.map((n) => ({
      id: n.id,
      action: n.action,
      scope: n.segmentId === null ? ('page' as const) : ('line' as const),
      pageId: n.pageId,
      pageNo: n.pageNo,
      segmentId: n.segmentId,
      /** Null when the line no longer exists (merged away or replaced by a new OCR reading). */
      lineNo: n.segmentId === null ? null : (numbers.get(n.segmentId)?.lineNo ?? null),
      segmentVersion: n.segmentVersion,
      comment: n.comment,
      reviewer: { id: n.reviewerId, name: n.reviewerName ?? '' },
      createdAt: n.createdAt.toISOString(),
      open: n.action === 'returned' && n.resolvedAt === null,
      resolvedAt: n.resolvedAt?.toISOString() ?? null,
    })),
  };
}

/**
 * Documents waiting for review that the user may read, oldest change first, each with its QA
 * findings counted (`qaErrors`, `qaWarnings`: what the certification preview will list), so a
 * reviewer sees before opening a document which ones have numbers, dates or names to check.
 */
export async function reviewQueue(db: Executor, user: SessionUser) {
  const rows = await listDocumentsByStatus(db, user, 'in_review');
  const out = [];
  // One document at a time: the queue is at most 200 rows, and each QA pass is a few queries.
  for (const { collectionId, ...r } of rows) {
    const issues = await documentQa(db, { id: r.id, collectionId });
    const qaErrors = issues.filter((i) => i.severity === 'error').length;
    out.push({ ...r, updatedAt: r.updatedAt.toISOString(), qaErrors, qaWarnings: issues.length - qaErrors });
  }
  return out;
}
