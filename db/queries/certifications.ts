import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { auditEvents, certifications, documents, mentionEvents, mentions, pages, segments, segmentVersions, users } from '../schema';

const certificationColumns = {
  id: certifications.id,
  documentId: certifications.documentId,
  snapshotHash: certifications.snapshotHash,
  certifiedById: certifications.certifiedBy,
  certifiedByName: users.name,
  certifiedAt: certifications.certifiedAt,
  place: certifications.place,
  credential: certifications.credential,
  declaration: certifications.declaration,
  templateId: certifications.templateId,
  translators: certifications.translators,
  reviewers: certifications.reviewers,
  pdfSha256: certifications.pdfSha256,
  pdfSizeBytes: certifications.pdfSizeBytes,
  supersededAt: certifications.supersededAt,
  supersededReason: certifications.supersededReason,
};

export type CertificationRow = Awaited<ReturnType<typeof listCertifications>>[number];

export async function insertCertification(db: Executor, values: typeof certifications.$inferInsert) {
  const [row] = await db.insert(certifications).values(values).returning({ id: certifications.id });
  return row!.id;
}

export async function listCertifications(db: Executor, documentId: number) {
  return db
    .select(certificationColumns)
    .from(certifications)
    .innerJoin(users, eq(users.id, certifications.certifiedBy))
    .where(eq(certifications.documentId, documentId))
    .orderBy(desc(certifications.id));
}

/** Marks every still-current certification of the document superseded; returns their ids. */
export async function supersedeCertifications(db: Executor, documentId: number, reason: 'edited' | 'recertified') {
  const rows = await db
    .update(certifications)
    .set({ supersededAt: new Date(), supersededReason: reason })
    .where(and(eq(certifications.documentId, documentId), isNull(certifications.supersededAt)))
    .returning({ id: certifications.id });
  return rows.map((r) => r.id);
}

/** Certifications a hash matches, and as what: the issued PDF, the original scan, or the snapshot. */
export async function findCertificationsByHash(db: Executor, sha256: string) {
  return db
    .select({
      kind: sql<'certified_pdf' | 'original_scan' | 'snapshot'>`CASE
        WHEN ${certifications.pdfSha256} = ${sha256} THEN 'certified_pdf'
        WHEN ${documents.sha256} = ${sha256} THEN 'original_scan'
        ELSE 'snapshot' END`,
      certifiedByName: users.name,
      certifiedAt: certifications.certifiedAt,
      supersededAt: certifications.supersededAt,
      auditSeq: certifications.auditSeq,
      auditHash: certifications.auditHash,
    })
    .from(certifications)
    .innerJoin(documents, eq(documents.id, certifications.documentId))
    .innerJoin(users, eq(users.id, certifications.certifiedBy))
    .where(or(eq(certifications.pdfSha256, sha256), eq(documents.sha256, sha256), eq(certifications.snapshotHash, sha256)))
    .orderBy(asc(certifications.id));
}

/**
 * Who shaped the certified lines: authors of text/translation versions and approvers (the
 * versions that set `reviewed`), up to each line's certified version. A version that only
 * stored a translation-memory suggestion (`suggested`) makes no one a translator; the person
 * whose version confirmed it (the next one, translation unchanged) is named among `confirmers`.
 */
export async function contributorsOf(db: Executor, lines: Array<{ segmentId: number; version: number }>) {
  if (lines.length === 0) return { translators: [], reviewers: [], confirmers: [] };
  const maxVersion = new Map(lines.map((l) => [l.segmentId, l.version]));
  const rows = await db
    .selectDistinct({
      segmentId: segmentVersions.segmentId,
      version: segmentVersions.version,
      status: segmentVersions.status,
      translation: segmentVersions.translation,
      id: users.id,
      name: users.name,
    })
    .from(segmentVersions)
    .innerJoin(users, eq(users.id, segmentVersions.changedBy))
    .where(inArray(segmentVersions.segmentId, [...maxVersion.keys()]));
  const translators = new Map<number, string>();
  const reviewers = new Map<number, string>();
  const confirmers = new Map<number, string>();
  const byVersion = new Map(rows.map((r) => [`${r.segmentId}:${r.version}`, r]));
  for (const r of rows) {
    if (r.version > (maxVersion.get(r.segmentId) ?? 0)) continue;
    if (r.status === 'suggested') continue;
    const before = byVersion.get(`${r.segmentId}:${r.version - 1}`);
    if (before?.status === 'suggested' && before.translation === r.translation) {
      confirmers.set(r.id, r.name);
      if (r.status === 'reviewed') reviewers.set(r.id, r.name);
      continue;
    }
    (r.status === 'reviewed' ? reviewers : translators).set(r.id, r.name);
  }
  const list = (m: Map<number, string>) => [...m].map(([id, name]) => ({ id, name })).sort((a, b) => a.id - b.id);
  return { translators: list(translators), reviewers: list(reviewers), confirmers: list(confirmers) };
}

/**
 * Every audit event about the document, its pages, its lines, their tags, its review and its
 * certifications, in chain order. (Events of lines that no longer exist, e.g. replaced by a new
 * OCR reading, cannot be tied to the document any more and are not listed.)
 */
export async function listCustodyEvents(db: Executor, documentId: number) {
  const id = String(documentId);
  const segmentIds = db
    .select({ id: sql<string>`${segments.id}::text` })
    .from(segments)
    .where(eq(segments.documentId, documentId));
  const pageIds = db
    .select({ id: sql<string>`${pages.id}::text` })
    .from(pages)
    .where(eq(pages.documentId, documentId));
  return db
    .select({
      seq: auditEvents.seq,
      at: auditEvents.at,
      actorId: auditEvents.actorId,
      actorName: users.name,
      actorRole: users.role,
      action: auditEvents.action,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      payload: auditEvents.payload,
      prevHash: auditEvents.prevHash,
      hash: auditEvents.hash,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(
      or(
        and(eq(auditEvents.targetType, 'document'), eq(auditEvents.targetId, id)),
        and(eq(auditEvents.targetType, 'segment'), inArray(auditEvents.targetId, segmentIds)),
        and(eq(auditEvents.targetType, 'page'), inArray(auditEvents.targetId, pageIds)),
        and(eq(auditEvents.targetType, 'mention'), inArray(sql`${auditEvents.payload}->>'segmentId'`, segmentIds)),
        // A collection export names the documents that left in its archive.
        and(eq(auditEvents.action, 'documents.exported'), sql`${auditEvents.payload}->'documentIds' @> ${JSON.stringify([documentId])}::jsonb`),
      ),
    )
    .orderBy(asc(auditEvents.seq));
}

/**
 * Every line of the document, deleted ones too, in page and reading order, with the status of
 * each of its versions: where a custody event's line stands now and what a change made of it.
 */
export async function listCustodyLines(db: Executor, documentId: number) {
  const [lines, versions] = await Promise.all([
    db
      .select({ id: segments.id, pageId: segments.pageId, pageNo: pages.pageNo, status: segments.status })
      .from(segments)
      .innerJoin(pages, eq(pages.id, segments.pageId))
      .where(eq(segments.documentId, documentId))
      .orderBy(asc(pages.pageNo), asc(segments.lineOrder)),
    db
      .select({ segmentId: segmentVersions.segmentId, version: segmentVersions.version, status: segmentVersions.status })
      .from(segmentVersions)
      .innerJoin(segments, eq(segments.id, segmentVersions.segmentId))
      .where(eq(segments.documentId, documentId)),
  ]);
  return { lines, versions };
}

/**
 * The tags these ids name, as they are now, or for a tag since removed as its tag history last
 * recorded it (null entity and empty text when neither knows it).
 */
export async function listCustodyTags(db: Executor, ids: number[]) {
  const out = new Map<number, { kind: string; field: string; surface: string; entityId: number | null }>();
  if (ids.length === 0) return out;
  const rows = await db
    .select({ id: mentions.id, kind: mentions.kind, field: mentions.field, surface: mentions.surface, entityId: mentions.entityId })
    .from(mentions)
    .where(inArray(mentions.id, ids));
  for (const r of rows) out.set(r.id, { kind: r.kind, field: r.field, surface: r.surface, entityId: r.entityId });
  const gone = ids.filter((id) => !out.has(id));
  if (gone.length) {
    const last = await db
      .selectDistinctOn([mentionEvents.mentionId], { mentionId: mentionEvents.mentionId, state: mentionEvents.state })
      .from(mentionEvents)
      .where(inArray(mentionEvents.mentionId, gone))
      .orderBy(mentionEvents.mentionId, desc(mentionEvents.id));
    for (const r of last) out.set(r.mentionId, { kind: r.state.kind, field: r.state.field, surface: r.state.surface, entityId: r.state.entityId });
  }
  return out;
}
