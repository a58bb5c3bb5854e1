/**
 * The tag half of a line's history (`mention_events`, written by api/entities/tag-history.ts).
 */
import { desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../client';
import { mentionEvents, users, type MentionState } from '../schema';

/**
 * Tags whose last event is `detached` (their text was deleted), among these ids, with the state
 * they had: what a restore can put back. A tag removed by a person is never brought back.
 */
export async function detachedTags(tx: Executor, ids: number[]): Promise<Map<number, { state: MentionState; segmentId: number }>> {
  const out = new Map<number, { state: MentionState; segmentId: number }>();
  if (ids.length === 0) return out;
  const rows = await tx
    .selectDistinctOn([mentionEvents.mentionId], { mentionId: mentionEvents.mentionId, action: mentionEvents.action, state: mentionEvents.state, segmentId: mentionEvents.segmentId })
    .from(mentionEvents)
    .where(inArray(mentionEvents.mentionId, ids))
    .orderBy(mentionEvents.mentionId, desc(mentionEvents.id));
  for (const r of rows) if (r.action === 'detached') out.set(r.mentionId, { state: r.state, segmentId: r.segmentId });
  return out;
}

/** A line's tag events, oldest first, for its history. */
export async function lineTagEvents(db: Executor, segmentId: number) {
  return db
    .select({
      id: mentionEvents.id,
      mentionId: mentionEvents.mentionId,
      segmentVersion: mentionEvents.segmentVersion,
      action: mentionEvents.action,
      otherSegmentId: mentionEvents.otherSegmentId,
      at: mentionEvents.at,
      actorId: mentionEvents.actorId,
      actorName: users.name,
      state: mentionEvents.state,
      previous: mentionEvents.previous,
    })
    .from(mentionEvents)
    .leftJoin(users, eq(users.id, mentionEvents.actorId))
    .where(eq(mentionEvents.segmentId, segmentId))
    .orderBy(mentionEvents.id);
}
