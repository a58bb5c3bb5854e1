/**
 * The tag half of a line's history (`mention_events`): every change to a tag that is not simply
 * moving with its text is recorded here, and — when it touches a confirmed tag — in the audit
 * chain, so that nothing a person accepted disappears or changes without a trace. The line's
 * history (GET /api/segments/{id}/versions) lists these beside the text versions.
 *
 * Audit payloads carry ids, kinds and outcomes only, never the tagged words (api/audit/events.ts).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { mentionEvents, mentions, segmentVersions, type MentionEventAction, type MentionState } from '../../db/schema';
import { appendAudit } from '../audit/chain';
import { auditEvent } from '../audit/events';

export type MentionRecord = typeof mentions.$inferSelect;

/** The row as history keeps it (JSON: dates as ISO strings). */
export function stateOf(m: MentionRecord): MentionState {
  return {
    field: m.field,
    start: m.startOffset,
    end: m.endOffset,
    kind: m.kind,
    entityId: m.entityId,
    normalized: m.normalized,
    status: m.status,
    source: m.source,
    score: m.score,
    surface: m.surface,
    recheck: m.recheck ?? null,
    createdBy: m.createdBy,
    createdAt: m.createdAt.toISOString(),
    decidedBy: m.decidedBy,
    decidedAt: m.decidedAt ? m.decidedAt.toISOString() : null,
  };
}

/** Outcomes of following an edit, as the audit chain names them. */
type FollowOutcome = Extract<MentionEventAction, 'revalued' | 'dropped' | 'detached' | 'reattached' | 'moved' | 'withdrawn' | 'reconfirmed'>;

/**
 * Records one event. `audit` adds it to the audit chain: person actions are audited by their own
 * events (mention.created, .decided, …) in api/entities/mentions.ts; changes made by following an
 * edit are audited here whenever the tag was confirmed (accepted) before or after.
 */
export async function recordTagEvent(
  tx: Executor,
  e: {
    mention: MentionRecord;
    segmentId: number;
    segmentVersion: number;
    action: MentionEventAction;
    actorId: number | null;
    otherSegmentId?: number | null;
    previous?: Partial<MentionState> | null;
    /** For changes made by following an edit: was the tag a fact before or after? */
    confirmed?: boolean;
  },
) {
  await tx.insert(mentionEvents).values({
    mentionId: e.mention.id,
    segmentId: e.segmentId,
    segmentVersion: e.segmentVersion,
    action: e.action,
    otherSegmentId: e.otherSegmentId ?? null,
    actorId: e.actorId,
    state: stateOf(e.mention),
    previous: e.previous ?? null,
  });
  if (e.confirmed && isFollowOutcome(e.action)) {
    await appendAudit(
      tx,
      auditEvent(
        'mention.followed_edit',
        e.actorId,
        { segmentId: e.segmentId, segmentVersion: e.segmentVersion, outcome: e.action, otherSegmentId: e.otherSegmentId ?? null },
        { type: 'mention', id: e.mention.id },
      ),
    );
  }
}

const followOutcomes: readonly MentionEventAction[] = ['revalued', 'dropped', 'detached', 'reattached', 'moved', 'withdrawn', 'reconfirmed'];
const isFollowOutcome = (a: MentionEventAction): a is FollowOutcome => followOutcomes.includes(a);

/** Adds sentences to a version's note (the text history shows them with the version). */
export async function appendVersionNote(tx: Executor, segmentId: number, version: number, notes: string[]) {
  if (notes.length === 0) return;
  await tx
    .update(segmentVersions)
    .set({ note: sql`concat_ws('; ', ${segmentVersions.note}, ${notes.join('; ')}::text)` })
    .where(and(eq(segmentVersions.segmentId, segmentId), eq(segmentVersions.version, version)));
}
