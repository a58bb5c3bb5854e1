import { and, asc, desc, eq, ilike, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client';
import { collections, documents, entities, mentions, pages, segments, type EntityKind, type MentionField, type MentionStatus } from '../schema';
import { readableBy, readableByEveryReaderOf } from './documents';
import type { SessionUser } from './users';

/*
 * Entities are one register for everyone signed in; mentions are read through their document,
 * so a mention in a collection the user may not read is never listed or counted.
 */

export const entityColumns = {
  id: entities.id,
  kind: entities.kind,
  canonicalAr: entities.canonicalAr,
  canonicalEn: entities.canonicalEn,
  aliasesAr: entities.aliasesAr,
  aliasesEn: entities.aliasesEn,
  attributes: entities.attributes,
  seedKey: entities.seedKey,
  mergedIntoId: entities.mergedIntoId,
  createdAt: entities.createdAt,
  updatedAt: entities.updatedAt,
};
export type EntityRow = Awaited<ReturnType<typeof getEntity>> & {};

export async function getEntity(db: Executor, id: number) {
  const [row] = await db.select(entityColumns).from(entities).where(eq(entities.id, id));
  return row ?? null;
}

/**
 * Whom a register entry is shown to: a user, or every reader of one collection at once — the
 * viewer of what is stored without a user for a document of that collection (tags suggested
 * after OCR or a PAGE/ALTO import, tags re-checked after an edit), which all of the document's
 * readers will see.
 */
export type RegisterViewer = SessionUser | { readersOfCollection: number };

/**
 * Who may see a register entry. Units, places and other public bodies: everyone. A person is
 * personal data: visible to admins, to whoever registered them, to users who can read a
 * document that mentions them (suggested or accepted), and to everyone while no document
 * mentions them yet — so a name tagged only in a restricted collection does not surface to
 * users without access to it. For `{ readersOfCollection }` the same rule holds for all of that
 * collection's readers together: neither the admin nor the registrar clause applies, and the
 * documents that count are those of open collections and of that collection.
 */
export function entityVisibleTo(viewer: RegisterViewer): SQL | undefined {
  const user = 'role' in viewer ? viewer : null;
  if (user?.role === 'admin') return undefined;
  const readable = user ? readableBy(user) : readableByEveryReaderOf((viewer as { readersOfCollection: number }).readersOfCollection);
  // A merged entry's mentions moved to its survivor: it is seen where the survivor is, or merging
  // a person away would leave their name with no mentions, that is, visible to everyone.
  const mentioned = sql`coalesce(${entities.mergedIntoId}, ${entities.id})`;
  return or(
    ne(entities.kind, 'person'),
    user ? eq(entities.createdBy, user.id) : undefined,
    sql`NOT EXISTS (SELECT 1 FROM ${mentions} am WHERE am.entity_id = ${mentioned} AND am.status <> 'rejected')`,
    sql`EXISTS (SELECT 1 FROM ${mentions} vm
      JOIN ${documents} vd ON vd.id = vm.document_id
      JOIN ${collections} ON ${collections.id} = vd.collection_id
      WHERE vm.entity_id = ${mentioned} AND vm.status <> 'rejected' ${readable ? sql`AND ${readable}` : sql``})`,
  );
}

/** The entity if this user may see it (see `entityVisibleTo`). */
export async function getVisibleEntity(db: Executor, user: SessionUser, id: number) {
  const [row] = await db.select(entityColumns).from(entities).where(and(eq(entities.id, id), entityVisibleTo(user)));
  return row ?? null;
}

/** Which of these entity ids the viewer may see (`entityVisibleTo`). */
export async function visibleEntityIds(db: Executor, viewer: RegisterViewer, ids: number[]) {
  if (ids.length === 0) return new Set<number>();
  const rows = await db.select({ id: entities.id }).from(entities).where(and(inArray(entities.id, ids), entityVisibleTo(viewer)));
  return new Set(rows.map((r) => r.id));
}

/** The Arabic and English names of these entities, those the user may see only. */
export async function visibleEntityNames(db: Executor, user: SessionUser, ids: number[]) {
  if (ids.length === 0) return new Map<number, { ar: string; en: string }>();
  const rows = await db
    .select({ id: entities.id, ar: entities.canonicalAr, en: entities.canonicalEn })
    .from(entities)
    .where(and(inArray(entities.id, ids), entityVisibleTo(user)));
  return new Map(rows.map((r) => [r.id, { ar: r.ar, en: r.en }]));
}

/** Every live (not merged away) entity, for the suggestion engine. */
export async function listLiveEntities(db: Executor) {
  return db
    .select({ id: entities.id, kind: entities.kind, canonicalAr: entities.canonicalAr, canonicalEn: entities.canonicalEn, aliasesAr: entities.aliasesAr, aliasesEn: entities.aliasesEn })
    .from(entities)
    .where(isNull(entities.mergedIntoId));
}

/**
 * Mentions the user can read (not on deleted lines), counted per entity: accepted ones (the
 * facts), and open suggestions apart, so that a list can show them labelled as such.
 */
async function readableMentionCounts(db: Executor, user: SessionUser, entityIds: number[]) {
  const out = new Map<number, { accepted: number; suggested: number }>();
  if (entityIds.length === 0) return out;
  const rows = await db
    .select({
      entityId: mentions.entityId,
      accepted: sql<number>`count(*) FILTER (WHERE ${mentions.status} = 'accepted')::int`,
      suggested: sql<number>`count(*) FILTER (WHERE ${mentions.status} = 'suggested')::int`,
    })
    .from(mentions)
    .innerJoin(segments, eq(segments.id, mentions.segmentId))
    .innerJoin(documents, eq(documents.id, mentions.documentId))
    .innerJoin(collections, eq(collections.id, documents.collectionId))
    .where(and(inArray(mentions.entityId, entityIds), ne(mentions.status, 'rejected'), ne(segments.status, 'deleted'), readableBy(user)))
    .groupBy(mentions.entityId);
  for (const r of rows) out.set(r.entityId!, { accepted: Number(r.accepted), suggested: Number(r.suggested) });
  return out;
}

/** These entities (those the user may see), each with its readable mention counts, in the order given. */
export async function visibleEntitiesWithCounts(db: Executor, user: SessionUser, ids: number[]) {
  if (ids.length === 0) return [];
  const rows = await db.select(entityColumns).from(entities).where(and(inArray(entities.id, ids), entityVisibleTo(user)));
  const counts = await readableMentionCounts(db, user, rows.map((r) => r.id));
  const byId = new Map(rows.map((r) => [r.id, { ...r, mentionCount: counts.get(r.id)?.accepted ?? 0, suggestedCount: counts.get(r.id)?.suggested ?? 0 }]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

export async function listEntities(
  db: Executor,
  user: SessionUser,
  opts: { kind?: EntityKind; q?: string; normQ?: string; limit: number; offset: number; includeMerged?: boolean },
) {
  const where: SQL[] = [];
  const visible = entityVisibleTo(user);
  if (visible) where.push(visible);
  if (!opts.includeMerged) where.push(isNull(entities.mergedIntoId));
  if (opts.kind) where.push(eq(entities.kind, opts.kind));
  if (opts.q) {
    const like = `%${opts.q.replace(/[\\%_]/g, '\\$&')}%`;
    const normLike = `%${(opts.normQ ?? opts.q).replace(/[\\%_]/g, '\\$&')}%`;
    where.push(
      or(
        ilike(entities.canonicalEn, like),
        ilike(entities.normKey, normLike),
        sql`EXISTS (SELECT 1 FROM unnest(${entities.aliasesEn}) a WHERE a ILIKE ${like})`,
        sql`EXISTS (SELECT 1 FROM unnest(${entities.aliasesAr}) a WHERE a ILIKE ${like})`,
      )!,
    );
  }
  const condition = where.length ? and(...where) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select(entityColumns)
      .from(entities)
      .where(condition)
      .orderBy(asc(entities.kind), asc(entities.canonicalEn), asc(entities.id))
      .limit(opts.limit)
      .offset(opts.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(entities).where(condition),
  ]);
  const counts = await readableMentionCounts(db, user, rows.map((r) => r.id));
  return {
    entities: rows.map((r) => ({ ...r, mentionCount: counts.get(r.id)?.accepted ?? 0, suggestedCount: counts.get(r.id)?.suggested ?? 0 })),
    total: total?.n ?? 0,
  };
}

export const mentionColumns = {
  id: mentions.id,
  segmentId: mentions.segmentId,
  documentId: mentions.documentId,
  field: mentions.field,
  start: mentions.startOffset,
  end: mentions.endOffset,
  kind: mentions.kind,
  entityId: mentions.entityId,
  normalized: mentions.normalized,
  status: mentions.status,
  source: mentions.source,
  score: mentions.score,
  segmentVersion: mentions.segmentVersion,
  surface: mentions.surface,
  recheck: mentions.recheck,
  createdBy: mentions.createdBy,
  createdAt: mentions.createdAt,
  decidedBy: mentions.decidedBy,
  decidedAt: mentions.decidedAt,
};
export type MentionRow = Awaited<ReturnType<typeof getMention>> & {};

/** One mention, if the user may read its document. */
export async function getMention(db: Executor, user: SessionUser, id: number) {
  const [row] = await db
    .select(mentionColumns)
    .from(mentions)
    .innerJoin(documents, eq(documents.id, mentions.documentId))
    .innerJoin(collections, eq(collections.id, documents.collectionId))
    .where(and(eq(mentions.id, id), readableBy(user)));
  return row ?? null;
}

/** Mentions of a document or one segment, in reading order; deleted lines' mentions are left out. */
export async function listMentions(
  db: Executor,
  user: SessionUser,
  opts: { documentId?: number; segmentId?: number; status?: MentionStatus[]; field?: MentionField },
) {
  const where: Array<SQL | undefined> = [readableBy(user), ne(segments.status, 'deleted')];
  if (opts.documentId !== undefined) where.push(eq(mentions.documentId, opts.documentId));
  if (opts.segmentId !== undefined) where.push(eq(mentions.segmentId, opts.segmentId));
  if (opts.status?.length) where.push(inArray(mentions.status, opts.status));
  if (opts.field) where.push(eq(mentions.field, opts.field));
  return db
    .select(mentionColumns)
    .from(mentions)
    .innerJoin(segments, eq(segments.id, mentions.segmentId))
    .innerJoin(pages, eq(pages.id, segments.pageId))
    .innerJoin(documents, eq(documents.id, mentions.documentId))
    .innerJoin(collections, eq(collections.id, documents.collectionId))
    .where(and(...where))
    .orderBy(asc(pages.pageNo), asc(segments.lineOrder), asc(mentions.field), asc(mentions.startOffset), asc(mentions.id));
}

/** Every readable mention of an entity with its line in context, newest documents first. */
export async function entityMentionsInContext(
  db: Executor,
  user: SessionUser,
  entityId: number,
  opts: { limit: number; offset: number; includeSuggested: boolean },
) {
  const where = and(
    eq(mentions.entityId, entityId),
    opts.includeSuggested ? ne(mentions.status, 'rejected') : eq(mentions.status, 'accepted'),
    ne(segments.status, 'deleted'),
    readableBy(user),
  );
  const base = () =>
    db
      .select({
        ...mentionColumns,
        documentTitle: documents.title,
        archiveRef: documents.archiveRef,
        pageNo: pages.pageNo,
        lineOrder: segments.lineOrder,
        segmentText: segments.text,
        segmentTranslation: segments.translation,
        segmentVersionNow: segments.version,
      })
      .from(mentions)
      .innerJoin(segments, eq(segments.id, mentions.segmentId))
      .innerJoin(pages, eq(pages.id, segments.pageId))
      .innerJoin(documents, eq(documents.id, mentions.documentId))
      .innerJoin(collections, eq(collections.id, documents.collectionId));
  const [rows, [total]] = await Promise.all([
    base()
      .where(where)
      .orderBy(desc(mentions.documentId), asc(pages.pageNo), asc(segments.lineOrder), asc(mentions.startOffset))
      .limit(opts.limit)
      .offset(opts.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(mentions)
      .innerJoin(segments, eq(segments.id, mentions.segmentId))
      .innerJoin(documents, eq(documents.id, mentions.documentId))
      .innerJoin(collections, eq(collections.id, documents.collectionId))
      .where(where),
  ]);
  return { mentions: rows, total: total?.n ?? 0 };
}

/**
 * Counts for an entity page: per document, and per month of the document's date. A document's
 * date is its first dated line's date mention (the letter date in the header, in these
 * archives); documents without one are counted under `null`. Accepted tags only, unless
 * `includeSuggested` (then the engine's open suggestions count too, for the mentions and the date).
 */
export async function entityCounts(db: Executor, user: SessionUser, entityId: number, opts: { includeSuggested: boolean }) {
  const readable = readableBy(user);
  const statusCond = opts.includeSuggested ? sql`m.status <> 'rejected'` : sql`m.status = 'accepted'`;
  type Row = { document_id: number; title: string; archive_ref: string | null; mentions: number; document_date: string | null };
  const byDocument = await db.execute(sql`
    SELECT d.id AS document_id, d.title, d.archive_ref, count(*)::int AS mentions,
      (SELECT dm.normalized FROM ${mentions} dm
         JOIN ${segments} ds ON ds.id = dm.segment_id
         JOIN ${pages} dp ON dp.id = ds.page_id
        WHERE dm.document_id = d.id AND dm.kind = 'date' AND dm.field = 'text' AND ${opts.includeSuggested ? sql`dm.status <> 'rejected'` : sql`dm.status = 'accepted'`}
          AND dm.normalized IS NOT NULL AND ds.status <> 'deleted'
        ORDER BY dp.page_no, ds.line_order, dm.start_offset LIMIT 1) AS document_date
    FROM ${mentions} m
    JOIN ${segments} s ON s.id = m.segment_id
    JOIN ${documents} d ON d.id = m.document_id
    JOIN ${collections} ON ${collections.id} = d.collection_id
    WHERE m.entity_id = ${entityId} AND ${statusCond} AND s.status <> 'deleted' ${readable ? sql`AND ${readable}` : sql``}
    GROUP BY d.id, d.title, d.archive_ref
    ORDER BY mentions DESC, d.id`);
  const rows = rowsOf<Row>(byDocument).map((r) => ({
    documentId: Number(r.document_id),
    title: r.title,
    archiveRef: r.archive_ref,
    mentions: Number(r.mentions),
    documentDate: r.document_date,
  }));
  const months = new Map<string | null, { documents: number; mentions: number }>();
  for (const r of rows) {
    const key = r.documentDate ? r.documentDate.slice(0, 7) : null;
    const m = months.get(key) ?? { documents: 0, mentions: 0 };
    m.documents++;
    m.mentions += r.mentions;
    months.set(key, m);
  }
  const byMonth = [...months.entries()]
    .map(([month, c]) => ({ month, ...c }))
    .sort((a, b) => (a.month === null ? 1 : b.month === null ? -1 : a.month.localeCompare(b.month)));
  return { byDocument: rows, byMonth };
}

/** Rows of `db.execute` for both drivers (postgres-js returns an array, PGlite `{ rows }`). */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

/** Text-field mentions of an entity with their segment's translation and any tagged English span of the same entity. */
export async function entityTranslations(db: Executor, user: SessionUser, entityId: number, limit: number) {
  return db
    .select({
      segmentId: segments.id,
      documentId: segments.documentId,
      documentTitle: documents.title,
      pageNo: pages.pageNo,
      lineOrder: segments.lineOrder,
      translation: segments.translation,
      englishSpans: sql<Array<{ start: number; end: number }> | null>`(SELECT json_agg(json_build_object('start', t.start_offset, 'end', t.end_offset))
        FROM ${mentions} t WHERE t.segment_id = ${segments.id} AND t.field = 'translation' AND t.entity_id = ${entityId} AND t.status <> 'rejected')`,
    })
    .from(segments)
    .innerJoin(pages, eq(pages.id, segments.pageId))
    .innerJoin(documents, eq(documents.id, segments.documentId))
    .innerJoin(collections, eq(collections.id, documents.collectionId))
    .where(
      and(
        ne(segments.status, 'deleted'),
        readableBy(user),
        sql`EXISTS (SELECT 1 FROM ${mentions} x WHERE x.segment_id = ${segments.id} AND x.entity_id = ${entityId} AND x.status <> 'rejected')`,
      ),
    )
    .orderBy(desc(segments.documentId), asc(pages.pageNo), asc(segments.lineOrder))
    .limit(limit);
}
