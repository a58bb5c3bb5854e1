/**
 * Tags through every edit of their line (issue 13). Called from the one write path
 * (api/segments/update-segment.ts) inside the transaction that writes a new version:
 *
 * - **edit**: every tag moves with its text (api/text/offsets.ts). A tag whose words changed is
 *   re-checked (api/entities/recheck.ts): kept, re-valued, or — when the new words no longer
 *   hold it — a confirmed tag goes back to a suggestion for a person to decide, an engine
 *   suggestion is withdrawn. A tag whose text was deleted is *detached*: its last state is kept
 *   in the line's tag history, so that the text coming back brings it back.
 * - **split** / **join**: the tags of the part that becomes (or stops being) another line move
 *   to it (`carrySplitTags`, `carryMergedTags`), with the same ids and decisions.
 * - **restore**: the version's tags come back where they stood in that version (each version
 *   keeps its tags' spans, `segment_versions.tag_spans`, written when the next version replaces
 *   it), including tags detached since, and — when a joined line is brought back, as the
 *   editor's undo of a join does — tags that the join had moved into the other line.
 *
 * Every change other than moving with the text is in the line's history (`mention_events`),
 * noted in the version, and, for confirmed tags, in the audit chain (api/entities/tag-history.ts).
 * Invariant kept by all of this: every tag's span covers exactly its `surface`.
 */
import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { detachedTags } from '../../db/queries/mention-events';
import { entities, mentions, segments, segmentVersions, type MentionField, type MentionRecheck, type MentionState, type TagSpan } from '../../db/schema';
import { editMap, mapSpan, type EditMap } from '../text/offsets';
import type { SuggestionEngine } from '../text/suggest';
import { pairTranslationTags } from './mentions';
import { recheckTag } from './recheck';
import { hiddenForDocument, loadSuggestionEngine } from './service';
import { appendVersionNote, recordTagEvent, type MentionRecord } from './tag-history';

type Texts = { text: string; translation: string };
type Span = { start: number; end: number };
const fields = ['text', 'translation'] as const;

export type EditToFollow = {
  segmentId: number;
  documentId: number;
  /** The version just written (its row exists; its note collects what happened to tags). */
  version: number;
  actorId: number | null;
  before: Texts;
  after: Texts;
  operation: 'edit' | 'split' | 'merge' | 'create' | 'delete' | 'restore';
  /** For `restore`: the version whose text came back, and whether the line was deleted until now. */
  restored?: { version: number; lineWasDeleted: boolean };
};

export async function followSegmentEdit(tx: Tx, edit: EditToFollow): Promise<void> {
  const rows = await tx.select().from(mentions).where(eq(mentions.segmentId, edit.segmentId)).orderBy(asc(mentions.id));
  // The version being replaced keeps where its tags stood, for a later restore of it.
  if (rows.length) {
    await tx
      .update(segmentVersions)
      .set({ tagSpans: rows.map(tagSpanOf) })
      .where(and(eq(segmentVersions.segmentId, edit.segmentId), eq(segmentVersions.version, edit.version - 1)));
  }
  const snapshot = edit.restored ? await tagSpansOf(tx, edit.segmentId, edit.restored.version) : [];
  const changed = fields.filter((f) => edit.before[f] !== edit.after[f]);
  if (changed.length === 0 && snapshot.length === 0) {
    if (rows.length) await tx.update(mentions).set({ segmentVersion: edit.version }).where(eq(mentions.segmentId, edit.segmentId));
    return;
  }

  const follow = new FollowSession(tx, edit);
  const maps: Partial<Record<MentionField, EditMap>> = {};
  for (const f of changed) maps[f] = editMap(edit.before[f], edit.after[f]);
  const restoredAt = new Map(snapshot.map((s) => [s.id, s]));

  for (const m of rows) {
    const text = edit.after[m.field];
    const old = restoredAt.get(m.id);
    let span: Span | null;
    if (old && old.field === m.field && old.end <= text.length) span = { start: old.start, end: old.end };
    else if (!maps[m.field]) span = { start: m.startOffset, end: m.endOffset };
    else span = mapSpan(maps[m.field]!, m.startOffset, m.endOffset);
    if (!span) {
      // Split: the part that leaves keeps its tags for `carrySplitTags` (old offsets, old version).
      if (edit.operation === 'split') continue;
      await follow.detach(m);
      continue;
    }
    await follow.settle(m, span);
  }

  if (snapshot.length) await follow.bringBack(snapshot.filter((s) => !rows.some((r) => r.id === s.id)));
  if (changed.includes('translation')) await pairTranslationTags(tx, edit.segmentId);
  await appendVersionNote(tx, edit.segmentId, edit.version, follow.notes);
}

/**
 * After a split (splitSegment): the tags of the part that became a new line move to it, with
 * offsets counted from its start. They are the ones `followSegmentEdit` left untouched (still
 * at an older version than the first line's new one).
 */
export async function carrySplitTags(
  tx: Tx,
  split: { fromId: number; toId: number; documentId: number; actorId: number | null; before: Texts; offsets: { text: number; translation: number } },
) {
  const [from] = await tx.select({ version: segments.version }).from(segments).where(eq(segments.id, split.fromId));
  const [to] = await tx.select({ version: segments.version, text: segments.text, translation: segments.translation }).from(segments).where(eq(segments.id, split.toId));
  if (!from || !to) return;
  const left = await tx
    .select()
    .from(mentions)
    .where(and(eq(mentions.segmentId, split.fromId), lt(mentions.segmentVersion, from.version)))
    .orderBy(asc(mentions.id));
  const here = new FollowSession(tx, { segmentId: split.toId, documentId: split.documentId, version: to.version, actorId: split.actorId, after: to });
  const there = new FollowSession(tx, { segmentId: split.fromId, documentId: split.documentId, version: from.version, actorId: split.actorId, after: split.before });
  for (const m of left) {
    const tail = split.before[m.field].slice(split.offsets[m.field]);
    const shift = split.offsets[m.field] + (tail.length - tail.trimStart().length);
    const span = { start: m.startOffset - shift, end: m.endOffset - shift };
    if (span.start < 0 || span.end > to[m.field].length || span.end <= span.start) {
      await there.detach(m);
      continue;
    }
    await here.moveIn(m, span, split.fromId);
  }
  await appendVersionNote(tx, split.toId, to.version, here.notes);
  await appendVersionNote(tx, split.fromId, from.version, there.notes);
}

/**
 * After a join (mergeSegments): the next line's tags move into the line it was joined to,
 * shifted by what now precedes them (the first line and the joining space).
 */
export async function carryMergedTags(tx: Tx, merge: { fromId: number; intoId: number; documentId: number; actorId: number | null; first: Texts }) {
  const [into] = await tx.select({ version: segments.version, text: segments.text, translation: segments.translation }).from(segments).where(eq(segments.id, merge.intoId));
  if (!into) return;
  // joinText in update-segment.ts: `a b`, or whichever is not empty.
  const shift = (f: MentionField) => (merge.first[f] ? merge.first[f].length + 1 : 0);
  const here = new FollowSession(tx, { segmentId: merge.intoId, documentId: merge.documentId, version: into.version, actorId: merge.actorId, after: into });
  const moving = await tx.select().from(mentions).where(eq(mentions.segmentId, merge.fromId)).orderBy(asc(mentions.id));
  for (const m of moving) await here.moveIn(m, { start: m.startOffset + shift(m.field), end: m.endOffset + shift(m.field) }, merge.fromId);
  await appendVersionNote(tx, merge.intoId, into.version, here.notes);
}

// ——— one line's tags after one change ———

/** What happens to tags on one line at one new version, with the notes for that version. */
class FollowSession {
  readonly notes: string[] = [];
  private engine: SuggestionEngine | null = null;
  private forms = new Map<number, { ar: string[]; en: string[] }>();

  constructor(
    private readonly tx: Tx,
    private readonly line: { segmentId: number; documentId: number; version: number; actorId: number | null; after: Texts; restored?: EditToFollow['restored'] },
  ) {}

  /**
   * Places a tag at `span` of the line's new text. When the span no longer covers the tag's
   * surface, the tag is re-checked and the outcome applied by status: a confirmed tag is kept,
   * re-valued or returned to a suggestion; an engine suggestion kept, re-valued or withdrawn; a
   * rejection (which was about other words) is dropped quietly.
   */
  async settle(m: MentionRecord, span: Span): Promise<void> {
    const text = this.line.after[m.field];
    const now = text.slice(span.start, span.end);
    const base = { segmentVersion: this.line.version, updatedAt: new Date() };
    if (m.recheck && m.status === 'suggested' && now === m.recheck.was.surface && now !== m.surface) {
      // The words are back to what a person confirmed (an undo, a restore): so is the tag.
      const was = m.recheck.was;
      const [row] = await this.tx
        .update(mentions)
        .set({ ...base, startOffset: span.start, endOffset: span.end, surface: now, status: was.status, normalized: was.normalized, entityId: was.entityId === null ? null : await liveEntityId(this.tx, was.entityId), recheck: null })
        .where(eq(mentions.id, m.id))
        .returning();
      await this.record(row!, 'reconfirmed', { previous: { status: m.status, surface: m.surface }, confirmed: true });
      this.notes.push(`${label(row!)} confirmed again: its words are back to what was confirmed`);
      return;
    }
    if (now === m.surface) {
      if (span.start !== m.startOffset || span.end !== m.endOffset || m.segmentVersion !== this.line.version) {
        await this.tx.update(mentions).set({ ...base, startOffset: span.start, endOffset: span.end }).where(eq(mentions.id, m.id));
      }
      return;
    }
    if (m.status === 'rejected') {
      await this.tx.delete(mentions).where(eq(mentions.id, m.id));
      return;
    }
    const engine = await this.loadEngine();
    const result = recheckTag(
      { field: m.field, kind: m.kind, entityId: m.entityId, normalized: m.normalized, surface: m.surface },
      span,
      { text, engine, hidden: await this.hiddenIn(engine, text), forms: m.entityId !== null ? await this.formsOf(m.entityId) : null },
    );
    const at = { startOffset: result.start, endOffset: result.end, surface: text.slice(result.start, result.end) };
    const confirmed = m.status === 'accepted';
    if (result.outcome === 'kept') {
      await this.tx.update(mentions).set({ ...base, ...at }).where(eq(mentions.id, m.id));
      return;
    }
    if (result.outcome === 'revalued') {
      const [row] = await this.tx
        .update(mentions)
        .set({ ...base, ...at, normalized: result.normalized, entityId: result.entityId ?? m.entityId })
        .where(eq(mentions.id, m.id))
        .returning();
      await this.record(row!, 'revalued', { previous: { normalized: m.normalized, entityId: m.entityId, surface: m.surface }, confirmed });
      if (confirmed) this.notes.push(`${label(m)} re-valued ${m.normalized ?? '—'} → ${result.normalized} from the corrected text`);
      return;
    }
    // Dropped: the new words do not hold what the tag says.
    if (m.status === 'suggested' && !m.recheck) {
      await this.tx.delete(mentions).where(eq(mentions.id, m.id));
      await this.record({ ...m, ...at }, 'withdrawn', { confirmed: false });
      return;
    }
    const recheck: MentionRecheck = m.recheck ?? { reason: 'text_changed', was: { surface: m.surface, normalized: m.normalized, entityId: m.entityId, status: m.status } };
    const proposal = result.proposal;
    const [row] = await this.tx
      .update(mentions)
      .set({ ...base, ...at, status: 'suggested', recheck, ...(proposal ? { entityId: proposal.entityId, normalized: proposal.normalized } : {}) })
      .where(eq(mentions.id, m.id))
      .returning();
    if (confirmed) {
      await this.record(row!, 'dropped', { previous: { status: m.status, surface: m.surface, normalized: m.normalized, entityId: m.entityId }, confirmed });
      this.notes.push(`${label(m)} needs a decision again: its text changed and no longer reads as ${m.kind === 'date' ? (m.normalized ?? 'that date') : 'the same name'}`);
    }
  }

  /** The tag's text was deleted: the tag leaves the line, its state kept in history for a restore. */
  async detach(m: MentionRecord): Promise<void> {
    await this.tx.delete(mentions).where(eq(mentions.id, m.id));
    if (m.status === 'rejected') return;
    const confirmed = m.status === 'accepted' || m.recheck !== null;
    await this.record(m, 'detached', { confirmed });
    if (confirmed) this.notes.push(`removed ${m.status} ${m.kind} tag #${m.id}${m.entityId ? ` (entity ${m.entityId})` : ''} at ${m.field} ${m.startOffset}–${m.endOffset}: its text was deleted (restoring a version with that text brings it back)`);
  }

  /** A tag of another line comes to this one (split, join, restore) at `span`, then is settled here. */
  async moveIn(m: MentionRecord, span: Span, fromSegmentId: number): Promise<void> {
    const [moved] = await this.tx
      .update(mentions)
      .set({ segmentId: this.line.segmentId, startOffset: span.start, endOffset: span.end, segmentVersion: this.line.version, updatedAt: new Date() })
      .where(eq(mentions.id, m.id))
      .returning();
    const confirmed = m.status === 'accepted';
    // History on both lines: it left one and arrived at the other.
    await this.record(moved!, 'moved', { otherSegmentId: fromSegmentId, confirmed });
    await recordTagEvent(this.tx, { mention: moved!, segmentId: fromSegmentId, segmentVersion: m.segmentVersion, action: 'moved', actorId: this.line.actorId, otherSegmentId: this.line.segmentId });
    if (confirmed) this.notes.push(`${label(m)} came from line ${fromSegmentId}`);
    await this.settle(moved!, span);
  }

  /**
   * Restore: tags of the restored version that are not on the line now. A detached one comes
   * back; one that a join moved into another line comes back when that line is deleted, or when
   * this line is the one being brought back (the editor's undo of a join restores the joined-away
   * line first, then the other line's text before the join). Either way it is re-checked
   * against the restored words.
   */
  async bringBack(spans: TagSpan[]): Promise<void> {
    if (spans.length === 0) return;
    const ids = spans.map((s) => s.id);
    const elsewhere = await this.tx
      .select({ mention: mentions, lineStatus: segments.status })
      .from(mentions)
      .innerJoin(segments, eq(segments.id, mentions.segmentId))
      .where(inArray(mentions.id, ids));
    const detached = await detachedTags(this.tx, ids.filter((id) => !elsewhere.some((e) => e.mention.id === id)));
    for (const s of spans) {
      const text = this.line.after[s.field];
      if (s.end > text.length) continue;
      const found = elsewhere.find((e) => e.mention.id === s.id);
      if (found) {
        const m = found.mention;
        if (m.field === s.field && (found.lineStatus === 'deleted' || this.line.restored?.lineWasDeleted)) {
          await this.moveIn(m, { start: s.start, end: s.end }, m.segmentId);
        }
        continue;
      }
      const gone = detached.get(s.id);
      if (gone && gone.state.field === s.field) await this.reattach(s.id, gone.state, { start: s.start, end: s.end }, gone.segmentId);
    }
  }

  private async reattach(id: number, state: MentionState, span: Span, fromSegmentId: number) {
    const [row] = await this.tx
      .insert(mentions)
      .overridingSystemValue()
      .values({
        id,
        segmentId: this.line.segmentId,
        documentId: this.line.documentId,
        field: state.field,
        startOffset: span.start,
        endOffset: span.end,
        kind: state.kind,
        entityId: state.entityId,
        normalized: state.normalized,
        status: state.status,
        source: state.source,
        score: state.score,
        surface: state.surface,
        recheck: state.recheck,
        segmentVersion: this.line.version,
        createdBy: state.createdBy,
        createdAt: new Date(state.createdAt),
        decidedBy: state.decidedBy,
        decidedAt: state.decidedAt ? new Date(state.decidedAt) : null,
      })
      .returning();
    const confirmed = state.status === 'accepted' || state.recheck !== null;
    await this.record(row!, 'reattached', { otherSegmentId: fromSegmentId === this.line.segmentId ? null : fromSegmentId, confirmed });
    if (confirmed) this.notes.push(`${label(row!)} brought back with its restored text`);
    await this.settle(row!, span);
  }

  private record(m: MentionRecord, action: 'revalued' | 'dropped' | 'detached' | 'reattached' | 'moved' | 'withdrawn' | 'reconfirmed', opts: { previous?: Partial<MentionState>; otherSegmentId?: number | null; confirmed: boolean }) {
    return recordTagEvent(this.tx, {
      mention: m,
      segmentId: this.line.segmentId,
      segmentVersion: this.line.version,
      action,
      actorId: this.line.actorId,
      otherSegmentId: opts.otherSegmentId,
      previous: opts.previous,
      confirmed: opts.confirmed,
    });
  }

  private async loadEngine() {
    return (this.engine ??= await loadSuggestionEngine(this.tx));
  }

  /**
   * Register entries in `text` that not every reader of the document may see: a re-checked tag
   * is never pointed at one (that would make the person visible to them, English name and
   * facts), whoever made the edit — an editor who sees more, or OCR without an account.
   */
  private async hiddenIn(engine: SuggestionEngine, text: string): Promise<(entityId: number | string) => boolean> {
    return hiddenForDocument(this.tx, this.line.documentId, engine.registerIdsIn(text));
  }

  private async formsOf(entityId: number) {
    let f = this.forms.get(entityId);
    if (!f) {
      const [e] = await this.tx
        .select({ canonicalAr: entities.canonicalAr, aliasesAr: entities.aliasesAr, canonicalEn: entities.canonicalEn, aliasesEn: entities.aliasesEn })
        .from(entities)
        .where(eq(entities.id, entityId));
      f = e ? { ar: [e.canonicalAr, ...e.aliasesAr], en: [e.canonicalEn, ...e.aliasesEn] } : { ar: [], en: [] };
      this.forms.set(entityId, f);
    }
    return f;
  }
}

/** An entity merged away since is followed to the one it was merged into. */
async function liveEntityId(tx: Tx, id: number): Promise<number> {
  let current = id;
  for (let hops = 0; hops < 10; hops++) {
    const [row] = await tx.select({ mergedIntoId: entities.mergedIntoId }).from(entities).where(eq(entities.id, current));
    if (!row?.mergedIntoId) return current;
    current = row.mergedIntoId;
  }
  return current;
}

const label = (m: { status: string; kind: string; id: number }) => `${m.status} ${m.kind} tag #${m.id}`;

const tagSpanOf = (m: MentionRecord): TagSpan => ({ id: m.id, field: m.field, start: m.startOffset, end: m.endOffset });

async function tagSpansOf(tx: Tx, segmentId: number, version: number): Promise<TagSpan[]> {
  const [row] = await tx
    .select({ tagSpans: segmentVersions.tagSpans })
    .from(segmentVersions)
    .where(and(eq(segmentVersions.segmentId, segmentId), eq(segmentVersions.version, version)));
  return row?.tagSpans ?? [];
}
