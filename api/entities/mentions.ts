/**
 * Tags on segment text: create/change/delete by hand, accept/reject suggestions, compute
 * suggestions for new OCR pages. What becomes of tags when their line is edited, split, joined
 * or restored is api/entities/follow-edit.ts; every change a person makes to a tag is also a row
 * of the line's tag history (api/entities/tag-history.ts).
 *
 * Suggestions are computed when OCR inserts a page's lines (the runner calls
 * `suggestForPage` in the transaction that writes them), not lazily on request: they are then
 * ordinary rows that the editor, the entity pages and the counts all read the same way, a
 * rejection is remembered (the span is not suggested again), and reading a document never
 * writes. When the register grows, `suggestForDocument` (POST /api/mentions/suggest) adds what
 * the new entries find, leaving every decided tag alone.
 *
 * The English side: when a line's translation is saved (or an Arabic tag is placed or accepted),
 * the entity's English forms and English-written dates in the translation are suggested as
 * translation tags (`source: 'pair'`), so both lines can be underlined.
 */
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/client';
import { getMention } from '../../db/queries/entities';
import { lockSegmentForUser } from '../../db/queries/segments';
import type { SessionUser } from '../../db/queries/users';
import { documents, entities, mentions, pages, segments, type EntityAttributes, type EntityKind, type MentionField, type MentionStatus } from '../../db/schema';
import { appendAudit } from '../audit/chain';
import { auditEvent } from '../audit/events';
import { assertCan } from '../auth/permissions';
import { AppError, notFound } from '../lib/errors';
import { parseDate } from '../text/dates';
import { findEnglishDates, pairInTranslation } from '../text/english';
import { personFactsFromLine } from '../text/person-context';
import type { SuggestionEngine } from '../text/suggest';
import { hiddenForDocument, insertEntity, loadSuggestionEngine, resolveLiveEntity } from './service';
import { recordTagEvent, stateOf } from './tag-history';

// ——— suggestions ———

type SegmentForSuggest = { id: number; documentId: number; text: string; version: number };

/** Runs the engine over lines (each with the line before it as context) and stores what is new. */
async function storeSuggestions(tx: Executor, engine: SuggestionEngine, lines: SegmentForSuggest[], hidden?: (entityId: number | string) => boolean): Promise<number> {
  if (lines.length === 0) return 0;
  const existing = await tx
    .select({ segmentId: mentions.segmentId, start: mentions.startOffset, end: mentions.endOffset })
    .from(mentions)
    .where(and(sql`${mentions.segmentId} IN (${sql.join(lines.map((l) => sql`${l.id}`), sql`, `)})`, eq(mentions.field, 'text')));
  const taken = new Map<number, Array<[number, number]>>();
  for (const e of existing) (taken.get(e.segmentId) ?? taken.set(e.segmentId, []).get(e.segmentId)!).push([e.start, e.end]);

  const values: Array<typeof mentions.$inferInsert> = [];
  lines.forEach((line, i) => {
    const spans = taken.get(line.id) ?? [];
    for (const s of engine.annotate(line.text, { previous: i > 0 ? lines[i - 1]!.text : undefined, hidden })) {
      // A span that overlaps any tag (accepted, rejected or already suggested) is left alone.
      if (spans.some(([a, b]) => s.start < b && a < s.end)) continue;
      values.push({
        segmentId: line.id,
        documentId: line.documentId,
        field: 'text',
        startOffset: s.start,
        endOffset: s.end,
        kind: s.type,
        entityId: typeof s.entityId === 'number' ? s.entityId : null,
        normalized: s.normalized,
        status: 'suggested',
        source: s.source,
        score: s.score,
        segmentVersion: line.version,
        surface: line.text.slice(s.start, s.end),
      });
    }
  });
  if (values.length) await tx.insert(mentions).values(values);
  return values.length;
}

async function liveLines(tx: Executor, where: ReturnType<typeof eq>) {
  return tx
    .select({ id: segments.id, documentId: segments.documentId, text: segments.text, version: segments.version })
    .from(segments)
    .innerJoin(pages, eq(pages.id, segments.pageId))
    .where(and(where, ne(segments.status, 'deleted')))
    .orderBy(asc(pages.pageNo), asc(segments.lineOrder));
}

/**
 * For the OCR runner (OCR or an imported PAGE/ALTO transcription), right after
 * `replacePageSegments`, in the same transaction. No one asked: a tag may link only register
 * entries every reader of the document could see anyway (`hiddenForDocument`), or a person known
 * only from a restricted collection would become visible to this document's readers.
 */
export async function suggestForPage(tx: Executor, pageId: number): Promise<number> {
  const engine = await loadSuggestionEngine(tx);
  const lines = await liveLines(tx, eq(segments.pageId, pageId));
  if (lines.length === 0) return 0;
  const hidden = await hiddenForDocument(tx, lines[0]!.documentId, lines.flatMap((l) => engine.registerIdsIn(l.text)));
  const count = await storeSuggestions(tx, engine, lines, hidden);
  if (count) await appendAudit(tx, auditEvent('mentions.suggested', null, { count, segments: lines.length, trigger: 'ocr' }, { type: 'page', id: pageId }));
  return count;
}

/** Re-runs the engine over a document's current text (after the register grew, or after corrections). */
export async function suggestForDocument(db: Executor, user: SessionUser, documentId: number): Promise<number> {
  assertCan(user, 'tag.edit');
  const [document] = await db.select({ collectionId: documents.collectionId }).from(documents).where(eq(documents.id, documentId));
  if (document) assertCan(user, 'tag.edit', document.collectionId);
  return db.transaction(async (tx) => {
    const engine = await loadSuggestionEngine(tx);
    const lines = await liveLines(tx, eq(segments.documentId, documentId));
    // The tags are read by every reader of the document, not only by the asker (who may see
    // more, e.g. a member of a restricted collection or an admin): a tag linking a person they
    // may not see would make that person visible to them.
    const hidden = await hiddenForDocument(tx, documentId, lines.flatMap((l) => engine.registerIdsIn(l.text)));
    let count = await storeSuggestions(tx, engine, lines, hidden);
    for (const line of lines) count += await pairTranslationTags(tx, line.id);
    if (count) await appendAudit(tx, auditEvent('mentions.suggested', user.id, { count, segments: lines.length, trigger: 'request' }, { type: 'document', id: documentId }));
    return count;
  });
}

// ——— the English side ———

/**
 * Suggests translation-side tags for a line's Arabic tags (not rejected ones): the entity's
 * English forms, or the same date in English, found in the translation (api/text/english.ts).
 * An Arabic tag that already has its English counterpart on the line is skipped, and existing
 * translation tags (any status) are never overlapped. Returns how many were added.
 */
export async function pairTranslationTags(tx: Executor, segmentId: number): Promise<number> {
  const [segment] = await tx
    .select({ id: segments.id, documentId: segments.documentId, translation: segments.translation, version: segments.version, status: segments.status })
    .from(segments)
    .where(eq(segments.id, segmentId));
  if (!segment || segment.status === 'deleted' || !segment.translation.trim()) return 0;
  const rows = await tx
    .select({ id: mentions.id, field: mentions.field, start: mentions.startOffset, end: mentions.endOffset, kind: mentions.kind, entityId: mentions.entityId, normalized: mentions.normalized, status: mentions.status })
    .from(mentions)
    .where(eq(mentions.segmentId, segmentId))
    .orderBy(asc(mentions.startOffset));
  const arabic = rows.filter((m) => m.field === 'text' && m.status !== 'rejected' && (m.entityId !== null || (m.kind === 'date' && m.normalized)));
  if (arabic.length === 0) return 0;
  const english = rows.filter((m) => m.field === 'translation');
  const keyOf = (m: { kind: string; entityId: number | null; normalized: string | null }) => (m.entityId !== null ? `e${m.entityId}` : `d${m.normalized}`);
  // How many of each entity/date already have an English tag: that many Arabic tags are paired.
  const paired = new Map<string, number>();
  for (const m of english) if (m.status !== 'rejected') paired.set(keyOf(m), (paired.get(keyOf(m)) ?? 0) + 1);
  const open = arabic.filter((m) => {
    const k = keyOf(m);
    const n = paired.get(k) ?? 0;
    if (n > 0) {
      paired.set(k, n - 1);
      return false;
    }
    return true;
  });
  if (open.length === 0) return 0;
  const ids = [...new Set(open.map((m) => m.entityId).filter((id): id is number => id !== null))];
  const forms = new Map<number, string[]>();
  if (ids.length) {
    const found = await tx.select({ id: entities.id, canonicalEn: entities.canonicalEn, aliasesEn: entities.aliasesEn }).from(entities).where(inArray(entities.id, ids));
    for (const e of found) forms.set(e.id, [e.canonicalEn, ...e.aliasesEn]);
  }
  const pairs = pairInTranslation(
    segment.translation,
    open.map((m) => ({ key: m.id, kind: m.kind, entityId: m.entityId, normalized: m.normalized, forms: m.entityId !== null ? (forms.get(m.entityId) ?? []) : [] })),
    english.map((m) => ({ start: m.start, end: m.end })),
  );
  if (pairs.length === 0) return 0;
  const byId = new Map(open.map((m) => [m.id, m]));
  await tx.insert(mentions).values(
    pairs.map((p) => {
      const m = byId.get(p.key)!;
      return {
        segmentId,
        documentId: segment.documentId,
        field: 'translation' as const,
        startOffset: p.start,
        endOffset: p.end,
        kind: m.kind,
        entityId: m.entityId,
        normalized: m.normalized,
        status: 'suggested' as const,
        source: 'pair',
        score: 1,
        segmentVersion: segment.version,
        surface: segment.translation.slice(p.start, p.end),
      };
    }),
  );
  return pairs.length;
}

// ——— tagging by hand ———

export type MentionInput = {
  segmentId: number;
  /** The segment version the offsets refer to; 409 if the line changed since. */
  segmentVersion: number;
  field: MentionField;
  start: number;
  end: number;
  kind: EntityKind;
  entityId?: number | null;
  normalized?: string | null;
  /** Administrators: link a person not every reader of the document may see (see `tagValue`). */
  disclose?: boolean;
};

export async function createMention(db: Executor, user: SessionUser, input: MentionInput) {
  assertCan(user, 'tag.edit');
  const id = await db.transaction(async (tx) => {
    const segment = await lockLine(tx, user, input.segmentId, input.segmentVersion);
    const text = input.field === 'text' ? segment.text : segment.translation;
    checkSpan(text, input.start, input.end);
    const surface = text.slice(input.start, input.end);
    const { entityId, normalized, disclosed } = await tagValue(tx, user, input.kind, input.entityId ?? null, input.normalized ?? null, surface, { documentId: segment.documentId, linked: null, disclose: input.disclose });
    // Tagging a span the engine suggested (or that was rejected) decides that row instead of duplicating it.
    const [same] = await tx
      .select({ id: mentions.id })
      .from(mentions)
      .where(and(eq(mentions.segmentId, input.segmentId), eq(mentions.field, input.field), eq(mentions.startOffset, input.start), eq(mentions.endOffset, input.end), eq(mentions.kind, input.kind)));
    const now = new Date();
    const decided = { entityId, normalized, surface, recheck: null, status: 'accepted' as const, decidedBy: user.id, decidedAt: now, updatedAt: now, segmentVersion: segment.version };
    const [row] = same
      ? await tx.update(mentions).set(decided).where(eq(mentions.id, same.id)).returning()
      : await tx
          .insert(mentions)
          .values({ ...decided, segmentId: input.segmentId, documentId: segment.documentId, field: input.field, startOffset: input.start, endOffset: input.end, kind: input.kind, source: 'user', createdBy: user.id })
          .returning();
    await appendAudit(
      tx,
      auditEvent('mention.created', user.id, { segmentId: input.segmentId, field: input.field, kind: input.kind, entityId, segmentVersion: segment.version, ...disclosedMark(disclosed) }, { type: 'mention', id: row!.id }),
    );
    await recordTagEvent(tx, { mention: row!, segmentId: input.segmentId, segmentVersion: segment.version, action: same ? 'accepted' : 'created', actorId: user.id });
    if (input.field === 'text') await pairTranslationTags(tx, input.segmentId);
    return row!.id;
  });
  return (await getMention(db, user, id))!;
}

export type MentionPatch = {
  segmentVersion: number;
  start?: number;
  end?: number;
  kind?: EntityKind;
  entityId?: number | null;
  normalized?: string | null;
  /** Administrators: link a person not every reader of the document may see (see `tagValue`). */
  disclose?: boolean;
};

/** Change a tag's span, kind, entity or value. Changing a suggestion this way accepts it. */
export async function updateMention(db: Executor, user: SessionUser, id: number, patch: MentionPatch) {
  assertCan(user, 'tag.edit');
  await db.transaction(async (tx) => {
    const current = await lockMention(tx, user, id);
    const segment = await lockLine(tx, user, current.segmentId, patch.segmentVersion);
    const text = current.field === 'text' ? segment.text : segment.translation;
    const start = patch.start ?? current.startOffset;
    const end = patch.end ?? current.endOffset;
    checkSpan(text, start, end);
    const kind = patch.kind ?? current.kind;
    const kindOrSpanChanged = kind !== current.kind || start !== current.startOffset || end !== current.endOffset;
    const { entityId, normalized, disclosed } = await tagValue(
      tx,
      user,
      kind,
      patch.entityId === undefined ? (kind === current.kind ? current.entityId : null) : patch.entityId,
      patch.normalized === undefined ? (kindOrSpanChanged ? null : current.normalized) : patch.normalized,
      text.slice(start, end),
      { documentId: current.documentId, linked: current.entityId, disclose: patch.disclose },
    );
    const next = { startOffset: start, endOffset: end, kind, entityId, normalized };
    const fields = (Object.keys(next) as Array<keyof typeof next>).filter((k) => next[k] !== current[k]);
    const now = new Date();
    const accepting = current.status !== 'accepted';
    if (fields.length === 0 && !accepting) return;
    const [row] = await tx
      .update(mentions)
      .set({ ...next, surface: text.slice(start, end), recheck: null, status: 'accepted', decidedBy: user.id, decidedAt: now, updatedAt: now, segmentVersion: segment.version })
      .where(eq(mentions.id, id))
      .returning();
    await appendAudit(tx, auditEvent('mention.updated', user.id, { segmentId: current.segmentId, fields: accepting ? [...fields, 'status'] : fields, ...disclosedMark(disclosed) }, { type: 'mention', id }));
    await recordTagEvent(tx, { mention: row!, segmentId: current.segmentId, segmentVersion: segment.version, action: 'changed', actorId: user.id, previous: stateOf(current) });
  });
  return (await getMention(db, user, id))!;
}

/** A new register entry made from a tag: its Arabic and English forms (the tagged text fills the side it is on). */
export type NewEntityFromTag = {
  canonicalAr?: string;
  canonicalEn?: string;
  aliasesAr?: string[];
  aliasesEn?: string[];
  attributes?: EntityAttributes;
};

/**
 * Accept or reject a suggestion (or revisit a decision). Accepting may name the entity it is, or
 * register a new one from the tagged text (`newEntity`: a first-seen name becomes a known one,
 * found anywhere from then on). Deciding clears a re-check (the person has looked again).
 */
export async function decideMention(
  db: Executor,
  user: SessionUser,
  id: number,
  decision: 'accepted' | 'rejected',
  opts: { entityId?: number | null; newEntity?: NewEntityFromTag; disclose?: boolean } = {},
) {
  assertCan(user, 'tag.edit');
  await db.transaction(async (tx) => {
    const current = await lockMention(tx, user, id);
    let entityId = current.entityId;
    let normalized = current.normalized;
    let disclosed = false;
    if (decision === 'accepted' && opts.newEntity) {
      if (opts.entityId) throw new AppError(400, 'invalid_request', 'Give either entityId or newEntity, not both.');
      if (current.kind === 'date') throw new AppError(400, 'invalid_request', 'Dates are values, not entities.');
      const segment = await lockLine(tx, user, current.segmentId, null);
      const text = current.field === 'text' ? segment.text : segment.translation;
      const spanText = text.slice(current.startOffset, current.endOffset);
      const forms = opts.newEntity;
      const canonicalAr = (current.field === 'text' ? forms.canonicalAr || spanText : forms.canonicalAr) ?? '';
      const canonicalEn = (current.field === 'translation' ? forms.canonicalEn || spanText : forms.canonicalEn) ?? '';
      if (!canonicalAr.trim()) throw new AppError(400, 'invalid_entity', 'A register entry made from an English tag needs its Arabic form (`newEntity.canonicalAr`).');
      entityId = await insertEntity(tx, user, {
        kind: current.kind,
        canonicalAr,
        canonicalEn,
        // The tagged spelling, when it is not the canonical form given, is one the entry appears under.
        aliasesAr: [...(forms.aliasesAr ?? []), ...(current.field === 'text' && canonicalAr !== spanText ? [spanText] : [])],
        aliasesEn: [...(forms.aliasesEn ?? []), ...(current.field === 'translation' && canonicalEn !== spanText ? [spanText] : [])],
        // What the line says next to a person's name (father, birth year, number), unless the user said otherwise.
        attributes: {
          ...(current.kind === 'person' && current.field === 'text' ? personFactsFromLine(text, current.startOffset, current.endOffset) : {}),
          ...forms.attributes,
        },
      });
      normalized = canonicalEn.trim() || null;
    } else if (decision === 'accepted' && opts.entityId !== undefined) {
      const segment = await lockLine(tx, user, current.segmentId, null);
      const text = current.field === 'text' ? segment.text : segment.translation;
      ({ entityId, normalized, disclosed } = await tagValue(tx, user, current.kind, opts.entityId, null, text.slice(current.startOffset, current.endOffset), {
        documentId: current.documentId,
        linked: current.entityId,
        disclose: opts.disclose,
      }));
    }
    const now = new Date();
    const [row] = await tx
      .update(mentions)
      .set({ status: decision, entityId, normalized, recheck: null, decidedBy: user.id, decidedAt: now, updatedAt: now })
      .where(eq(mentions.id, id))
      .returning();
    await appendAudit(tx, auditEvent('mention.decided', user.id, { segmentId: current.segmentId, decision, entityId, ...disclosedMark(disclosed) }, { type: 'mention', id }));
    await recordTagEvent(tx, { mention: row!, segmentId: current.segmentId, segmentVersion: current.segmentVersion, action: decision, actorId: user.id, previous: stateOf(current) });
    if (decision === 'accepted' && current.field === 'text') await pairTranslationTags(tx, current.segmentId);
  });
  return (await getMention(db, user, id))!;
}

/** Removes a tag: a person's decision, kept in the line's tag history and the audit chain. */
export async function deleteMention(db: Executor, user: SessionUser, id: number) {
  assertCan(user, 'tag.edit');
  await db.transaction(async (tx) => {
    const current = await lockMention(tx, user, id);
    const [segment] = await tx.select({ version: segments.version }).from(segments).where(eq(segments.id, current.segmentId));
    await tx.delete(mentions).where(eq(mentions.id, id));
    await appendAudit(tx, auditEvent('mention.deleted', user.id, { segmentId: current.segmentId, reason: 'user', segmentVersion: segment?.version ?? 0 }, { type: 'mention', id }));
    await recordTagEvent(tx, { mention: current, segmentId: current.segmentId, segmentVersion: segment?.version ?? current.segmentVersion, action: 'removed', actorId: user.id });
  });
}

// ——— helpers ———

async function lockMention(tx: Tx, user: SessionUser, id: number) {
  if (!(await getMention(tx, user, id))) throw notFound('The tag');
  const [row] = await tx.select().from(mentions).where(eq(mentions.id, id)).for('update');
  if (!row) throw notFound('The tag');
  const [line] = await tx.select({ collectionId: segments.collectionId }).from(segments).where(eq(segments.id, row.segmentId));
  assertCan(user, 'tag.edit', line?.collectionId); // the role in the tagged line's collection
  return row;
}

/** Locks the line so a concurrent edit cannot move the text under a tag being placed. */
async function lockLine(tx: Tx, user: SessionUser, segmentId: number, expectedVersion: number | null) {
  const segment = await lockSegmentForUser(tx, user, segmentId);
  if (!segment || segment.status === 'deleted') throw notFound('This line');
  assertCan(user, 'tag.edit', segment.collectionId); // the role in the line's collection
  if (expectedVersion !== null && segment.version !== expectedVersion) {
    throw new AppError(409, 'stale_version', `The line changed since you opened it (now version ${segment.version}); its tags moved with the text. Reload the line and tag again.`, {
      currentVersion: segment.version,
    });
  }
  return segment;
}

function checkSpan(text: string, start: number, end: number) {
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= text.length)) {
    throw new AppError(400, 'invalid_span', `A tag must cover at least one character inside the line (0–${text.length}); got ${start}–${end}.`);
  }
  const lowSurrogate = (i: number) => i > 0 && i < text.length && /[\uDC00-\uDFFF]/.test(text[i]!);
  if (lowSurrogate(start) || lowSurrogate(end)) throw new AppError(400, 'invalid_span', 'A tag may not start or end inside a character.');
}

/**
 * A tag's entity and normalized value: dates get their ISO value from the text when none is
 * given (and must parse, or carry an explicit value); other kinds may name a live entity of the
 * same kind (a merged one is followed to its survivor), whose English form is then the value.
 *
 * A tag is read by every reader of its document, not only by the person who links it: linking a
 * person (other than the one it is `linked` to already) whom some of those readers may not see —
 * known only from a restricted collection the linker belongs to — would show them the person
 * (English name, facts, the entity page). Refused: 409 `restricted_person`; the name can still be
 * tagged as a person without the link, or linked to a new entry. An administrator may decide to
 * link them anyway, saying so (`disclose`): `disclosed` is then true, for the audit event.
 */
async function tagValue(
  tx: Executor,
  user: SessionUser,
  kind: EntityKind,
  entityId: number | null,
  normalized: string | null,
  spanText: string,
  on: { documentId: number; linked: number | null; disclose?: boolean },
): Promise<{ entityId: number | null; normalized: string | null; disclosed: boolean }> {
  if (kind === 'date') {
    // Arabic spellings first (the normal case), then a date written in English (translation tags).
    const value = normalized ?? parseDate(spanText)?.iso ?? findEnglishDates(spanText)[0]?.iso ?? null;
    if (!value) throw new AppError(400, 'invalid_date', 'This span is not a date the system can read; send its ISO value as `normalized` (YYYY-MM-DD or YYYY-MM).');
    if (!/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/.test(value)) throw new AppError(400, 'invalid_date', `"${value}" is not an ISO date (YYYY-MM-DD or YYYY-MM).`);
    return { entityId: null, normalized: value, disclosed: false };
  }
  if (entityId === null) return { entityId: null, normalized, disclosed: false };
  const entity = await resolveLiveEntity(tx, user, entityId);
  if (entity.kind !== kind) throw new AppError(400, 'kind_mismatch', `Entity ${entity.id} is a ${entity.kind}, not a ${kind}.`);
  const hidden = entity.id !== on.linked && (await hiddenForDocument(tx, on.documentId, [entity.id]))(entity.id);
  if (hidden && !(on.disclose && user.role === 'admin')) {
    throw new AppError(
      409,
      'restricted_person',
      `This person (register entry ${entity.id}) is known only from a restricted collection that not every reader of this document may read; linking the tag would show them the person. Tag the name without linking it, or link it to a new entry${user.role === 'admin' ? '; to link it anyway, send `disclose: true` (recorded in the audit chain)' : ''}.`,
      { entityId: entity.id },
    );
  }
  return { entityId: entity.id, normalized: normalized ?? (entity.canonicalEn || null), disclosed: hidden };
}

const disclosedMark = (disclosed: boolean) => (disclosed ? { disclosedRestricted: true as const } : {});

export type { MentionStatus };
