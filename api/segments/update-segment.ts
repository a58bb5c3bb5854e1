import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { getSegment, lockSegmentForUser } from '../../db/queries/segments';
import type { SessionUser } from '../../db/queries/users';
import { segments, segmentVersions, type SegmentStatus } from '../../db/schema';
import { appendAudit } from '../audit/chain';
import { auditEvent } from '../audit/events';
import { assertCan } from '../auth/permissions';
import { AppError, notFound } from '../lib/errors';
import { toSegmentDto } from './dto';

export type SegmentPatch = { version: number; text?: string; translation?: string; status?: 'corrected' | 'translated' | 'reviewed' };

/**
 * The one place a segment changes. Optimistic concurrency: the caller names the version it
 * last saw; if someone saved since, nothing is written and the current state is returned in a
 * 409 so the client can show both. Each accepted change is a new version row and an audit event,
 * in the same transaction.
 */
export async function updateSegment(db: Executor, user: SessionUser, segmentId: number, patch: SegmentPatch) {
  assertCan(user, 'segment.edit');
  const result = await db.transaction(async (tx) => {
    const current = await lockSegmentForUser(tx, user, segmentId);
    if (!current || current.status === 'deleted') throw notFound('This line');
    if (current.version !== patch.version) return { stale: true as const };

    const text = patch.text === undefined ? current.text : patch.text.normalize('NFC');
    const translation = patch.translation === undefined ? current.translation : patch.translation.normalize('NFC');
    const fields = [text !== current.text && 'text', translation !== current.translation && 'translation'].filter(
      (f): f is string => Boolean(f),
    );
    const status = patch.status ?? deriveStatus(current.status, { text, translation, ocrText: current.ocrText });
    if (status !== current.status) fields.push('status');
    if (fields.length === 0) return { stale: false as const };

    const version = current.version + 1;
    const now = new Date();
    await tx
      .update(segments)
      .set({ text, translation, status, version, updatedAt: now, updatedBy: user.id })
      .where(and(eq(segments.id, segmentId), eq(segments.version, current.version)));
    await tx.insert(segmentVersions).values({
      segmentId,
      version,
      text,
      translation,
      status,
      box: current.box,
      changedBy: user.id,
      changedAt: now,
    });
    await appendAudit(
      tx,
      auditEvent(
        'segment.updated',
        user.id,
        {
          fromVersion: current.version,
          toVersion: version,
          fields,
          contentHash: createHash('sha256').update(`${text}\u0000${translation}`).digest('hex'),
        },
        { type: 'segment', id: segmentId },
      ),
    );
    return { stale: false as const };
  });
  const segment = await getSegment(db, segmentId);
  if (!segment) throw notFound('This line');
  if (result.stale) {
    throw new AppError(
      409,
      'stale_version',
      `Someone saved this line after you opened it (now version ${segment.version}). Compare both and choose what to keep.`,
      { current: toSegmentDto(segment) },
    );
  }
  return toSegmentDto(segment);
}

/** Without an explicit status, a line's status follows what has been done to it; review is never implied. */
function deriveStatus(prev: SegmentStatus, s: { text: string; translation: string; ocrText: string }): SegmentStatus {
  if (prev === 'reviewed') return 'translated'; // an edit after review needs a new review
  if (s.translation.trim()) return 'translated';
  if (s.text !== s.ocrText) return 'corrected';
  return 'ocr';
}
