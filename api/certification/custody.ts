import { createHash } from 'node:crypto';
import type { Executor } from '../../db/client';
import { listCustodyEvents, listCustodyLines, listCustodyTags } from '../../db/queries/certifications';
import { visibleEntityNames } from '../../db/queries/entities';
import { listPages } from '../../db/queries/pages';
import { listReviewNotes } from '../../db/queries/review';
import type { SessionUser } from '../../db/queries/users';
import { auditRowIntact } from '../audit/chain';
import { toCsv } from '../exchange/csv';
import { numberLines } from '../review/review';

/**
 * A document's chain of custody: every audit event about it, its lines, its review and its
 * certifications, oldest first, each with its hashes and whether its own hash still matches
 * its content. (The whole chain, links included, is checked by `sijill audit verify`.)
 */
export async function custodyOf(db: Executor, documentId: number) {
  const rows = await listCustodyEvents(db, documentId);
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at.toISOString(),
    actor: r.actorId === null ? null : { id: r.actorId, name: r.actorName ?? '', role: r.actorRole ?? null },
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    payload: r.payload,
    prevHash: r.prevHash,
    hash: r.hash,
    intact: auditRowIntact(r),
  }));
}

export type CustodyEvent = Awaited<ReturnType<typeof custodyOf>>[number];

/** A line as it stands now: page number, and its number on the page (null: deleted since). */
export type LinePlace = { page: number; line: number | null };

/**
 * What a person needs to read an event, looked up from the ids in its payload and target. Page
 * and line numbers are the document's as it reads now (a split or join since renumbers lines).
 * - `page`, `line`: the page, line or tag's line the event is about;
 * - `lines`: the lines of a review decision; `otherLine`: where a tag moved from or to;
 * - `lineStatus`: the status the line had after the change (from its version);
 * - `tag`: the tag's kind, field and the words it covers (as now, or as last recorded if removed);
 * - `entity`: the register entry it links (absent when the reader may not see that entry);
 * - `comment`: a review comment, the one whose SHA-256 the event holds.
 */
export type CustodyContext = {
  page?: number;
  line?: number | null;
  lines?: LinePlace[];
  otherLine?: LinePlace | null;
  lineStatus?: string;
  tag?: { kind: string; field: string; text: string };
  entity?: { ar: string; en: string };
  comment?: string;
};

const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

/**
 * The chain of custody with each event's context resolved (`CustodyContext`), in a fixed number
 * of queries whatever the number of events. Everything looked up belongs to the document, which
 * the caller reads, except register entries, which are filtered by `entityVisibleTo`.
 */
export async function readableCustody(db: Executor, user: SessionUser, documentId: number) {
  const events = await custodyOf(db, documentId);
  const tagIds = [...new Set(events.filter((e) => e.targetType === 'mention' && e.targetId).map((e) => Number(e.targetId)))];
  const [pageRows, { lines, versions }, tags, notes] = await Promise.all([
    listPages(db, documentId),
    listCustodyLines(db, documentId),
    listCustodyTags(db, tagIds),
    listReviewNotes(db, documentId),
  ]);
  const pageNo = new Map(pageRows.map((p) => [p.id, p.pageNo]));
  const numbers = numberLines(lines.filter((l) => l.status !== 'deleted'));
  const place = new Map<number, LinePlace>(lines.map((l) => [l.id, { page: l.pageNo, line: numbers.get(l.id)?.lineNo ?? null }]));
  const statusAt = new Map(versions.map((v) => [`${v.segmentId}:${v.version}`, v.status]));
  const comments = new Map(notes.flatMap((n) => (n.comment ? [[createHash('sha256').update(n.comment).digest('hex'), n.comment] as const] : [])));
  const entityIds = new Set<number>();
  for (const t of tags.values()) if (t.entityId !== null) entityIds.add(t.entityId);
  for (const e of events) if (e.action === 'mention.decided' || e.action === 'mention.created') if (num(e.payload.entityId)) entityIds.add(num(e.payload.entityId)!);
  const names = await visibleEntityNames(db, user, [...entityIds]);

  return events.map((e) => {
    const p = e.payload;
    const context: CustodyContext = {};
    const at = (segmentId: number | undefined) => (segmentId === undefined ? undefined : place.get(segmentId));
    const setPlace = (where: LinePlace | undefined) => {
      if (where) Object.assign(context, { page: where.page, line: where.line });
    };
    if (e.targetType === 'segment' && e.targetId) {
      const id = Number(e.targetId);
      setPlace(at(id));
      const status = statusAt.get(`${id}:${num(p.toVersion) ?? 1}`);
      if (status) context.lineStatus = status;
    } else if (e.targetType === 'page' && e.targetId) {
      const page = pageNo.get(Number(e.targetId));
      if (page !== undefined) context.page = page;
    } else if (e.targetType === 'mention' && e.targetId) {
      setPlace(at(num(p.segmentId)));
      if (e.action === 'mention.followed_edit' && num(p.otherSegmentId)) context.otherLine = at(num(p.otherSegmentId)) ?? null;
      const tag = tags.get(Number(e.targetId));
      if (tag) context.tag = { kind: tag.kind, field: tag.field, text: tag.surface };
      const entityId = 'entityId' in p ? num(p.entityId) : (tag?.entityId ?? undefined);
      const entity = entityId === undefined ? undefined : names.get(entityId);
      if (entity) context.entity = entity;
    } else if (e.action === 'review.decided') {
      const page = pageNo.get(num(p.pageId) ?? -1);
      if (page !== undefined) context.page = page;
      const ids = Array.isArray(p.segmentIds) ? p.segmentIds.filter((x): x is number => typeof x === 'number') : [];
      if (p.scope === 'line') context.lines = ids.flatMap((id) => (place.has(id) ? [place.get(id)!] : []));
      const comment = typeof p.commentHash === 'string' ? comments.get(p.commentHash) : undefined;
      if (comment) context.comment = comment;
    }
    return { ...e, context };
  });
}

const csvColumns = [
  'seq',
  'at',
  'actor_id',
  'actor_name',
  'actor_role',
  'action',
  'target_type',
  'target_id',
  'payload',
  'prev_hash',
  'hash',
  'intact',
] as const;

/** One row per event; the payload as its JSON. Written by the one CSV writer (api/exchange/csv.ts). */
export function custodyCsv(events: CustodyEvent[]): string {
  return toCsv(
    csvColumns,
    events.map((e) => [
      e.seq,
      e.at,
      e.actor?.id ?? '',
      e.actor?.name ?? '',
      e.actor?.role ?? '',
      e.action,
      e.targetType ?? '',
      e.targetId ?? '',
      JSON.stringify(e.payload),
      e.prevHash,
      e.hash,
      e.intact,
    ]),
  );
}
