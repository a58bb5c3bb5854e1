import { z } from 'zod';

/**
 * Every audited state change, one schema each. Payloads are versioned (`v`) so that an old
 * row can always be parsed after the shape of a newer event changes. No document text goes
 * into an audit payload: hashes, ids and field names only.
 */
const base = { v: z.literal(1) };
export const auditEventSchemas = {
  'auth.login': z.object({ ...base, method: z.enum(['password']) }),
  'auth.login_failed': z.object({ ...base, email: z.string() }),
  /** `tokensRevoked`: API tokens made in the session (absent in events before issue 12). */
  'auth.logout': z.object({ ...base, tokensRevoked: z.array(z.number()).optional() }),
  'auth.logout_everywhere': z.object({ ...base, sessions: z.number(), tokensRevoked: z.array(z.number()) }),
  'user.created': z.object({
    ...base,
    userId: z.number(),
    email: z.string(),
    role: z.string(),
    by: z.enum(['cli', 'api', 'bootstrap']),
    /** Invited with a one-time set-password token rather than given a password (absent before issue 12). */
    invited: z.boolean().optional(),
  }),
  /** Account changes by an administrator: which fields, and the new role and state (never a password). */
  'user.updated': z.object({
    ...base,
    userId: z.number(),
    fields: z.array(z.string()),
    role: z.string().optional(),
    disabled: z.boolean().optional(),
    sessionsEnded: z.number(),
  }),
  /** `self`: with the current password; `admin`: reset by an administrator (`method` says how); `token`: with a one-time token. */
  'user.password_changed': z.object({
    ...base,
    userId: z.number(),
    by: z.enum(['self', 'admin', 'token']),
    method: z.enum(['password', 'token']).optional(),
    sessionsEnded: z.number(),
  }),
  'token.created': z.object({
    ...base,
    tokenId: z.number(),
    name: z.string(),
    expiresAt: z.string().nullable().optional(),
    sessionBound: z.boolean().optional(),
  }),
  // Collections and membership (issue 12): ids, collection names and roles.
  'collection.created': z.object({ ...base, collectionId: z.number(), name: z.string(), restricted: z.boolean() }),
  'collection.updated': z.object({ ...base, collectionId: z.number(), fields: z.array(z.string()), name: z.string().optional(), restricted: z.boolean().optional() }),
  /** `role`: the member's role in the collection (null: their global role). */
  'collection.member_set': z.object({ ...base, collectionId: z.number(), userId: z.number(), role: z.string().nullable(), manager: z.boolean(), added: z.boolean() }),
  'collection.member_removed': z.object({ ...base, collectionId: z.number(), userId: z.number() }),
  'token.revoked': z.object({ ...base, tokenId: z.number(), ownerId: z.number() }),
  'document.uploaded': z.object({
    ...base,
    sha256: z.string(),
    size: z.number(),
    mime: z.string(),
    pageCount: z.number(),
    collection: z.string(),
    /** A PAGE XML or ALTO transcription that came with the scan (its lines used instead of OCR). */
    transcription: z.object({ format: z.enum(['page-xml', 'alto']), sha256: z.string(), lines: z.number() }).optional(),
  }),
  'document.updated': z.object({
    ...base,
    /** Which details changed (title, archiveRef, documentDate, notes, collection). */
    fields: z.array(z.string()),
    /** SHA-256 of the new values (JSON): the chain pins them without holding a title's words. */
    contentHash: z.string(),
    /** A move between collections, by name. */
    collection: z.object({ from: z.string(), to: z.string() }).optional(),
  }),
  'document.ocr_finished': z.object({ ...base, pagesDone: z.number(), pagesFailed: z.number() }),
  'segment.updated': z.object({
    ...base,
    operation: z.enum(['edit', 'split', 'merge', 'create', 'delete', 'restore', 'suggest']).default('edit'),
    fromVersion: z.number(),
    toVersion: z.number(),
    fields: z.array(z.string()),
    /** SHA-256 of the new text and translation, so the chain pins the content without holding it. */
    contentHash: z.string(),
  }),
  'user.certifier_changed': z.object({ ...base, userId: z.number(), canCertify: z.boolean() }),
  'review.submitted': z.object({ ...base, lines: z.number(), unreviewed: z.number() }),
  'review.decided': z.object({
    ...base,
    action: z.enum(['approved', 'returned']),
    scope: z.enum(['line', 'page']),
    pageId: z.number(),
    segmentIds: z.array(z.number()),
    /** SHA-256 of the comment: the chain pins it without holding its words. */
    commentHash: z.string().nullable(),
  }),
  'document.status_changed': z.object({ ...base, from: z.string(), to: z.string(), reason: z.string() }),
  'certification.issued': z.object({
    ...base,
    certificationId: z.number(),
    snapshotHash: z.string(),
    pdfSha256: z.string(),
    originals: z.array(z.string()),
    lines: z.number(),
    templateId: z.string(),
  }),
  'certification.superseded': z.object({ ...base, certificationId: z.number(), reason: z.enum(['edited', 'recertified']) }),
  'document.exported': z.object({
    ...base,
    kind: z.enum(['certified_pdf', 'custody_json', 'custody_csv', 'page', 'alto', 'tei', 'docx', 'txt', 'json']),
    certificationId: z.number().nullable(),
    sha256: z.string().nullable(),
  }),
  /** A collection export's archive (api/exchange/export-jobs.ts): the documents in it, by id, and its SHA-256. */
  'documents.exported': z.object({
    ...base,
    jobId: z.number(),
    kind: z.enum(['page', 'alto', 'tei', 'docx', 'txt', 'json']),
    scope: z.enum(['collection', 'search']),
    documentIds: z.array(z.number()),
    skipped: z.number(),
    sha256: z.string(),
    size: z.number(),
  }),
  'page.marked': z.object({ ...base, sensitive: z.boolean() }),
  'segment.created': z.object({
    ...base,
    operation: z.enum(['split', 'create']),
    pageId: z.number(),
    contentHash: z.string(),
  }),
  // Tagging (issue 5): ids, kinds and offsets only, never the tagged text.
  'entity.seeded': z.object({ ...base, count: z.number() }),
  'entity.created': z.object({ ...base, kind: z.string() }),
  'entity.updated': z.object({ ...base, fields: z.array(z.string()) }),
  'entity.merged': z.object({ ...base, fromId: z.number(), intoId: z.number(), mentionsMoved: z.number() }),
  // disclosedRestricted: an administrator linked a person known only from a restricted collection on a document some of whose readers could not see them.
  'mention.created': z.object({ ...base, segmentId: z.number(), field: z.string(), kind: z.string(), entityId: z.number().nullable(), segmentVersion: z.number(), disclosedRestricted: z.literal(true).optional() }),
  'mention.updated': z.object({ ...base, segmentId: z.number(), fields: z.array(z.string()), disclosedRestricted: z.literal(true).optional() }),
  'mention.decided': z.object({ ...base, segmentId: z.number(), decision: z.enum(['accepted', 'rejected']), entityId: z.number().nullable(), disclosedRestricted: z.literal(true).optional() }),
  'mention.deleted': z.object({ ...base, segmentId: z.number(), reason: z.enum(['user', 'text_deleted']), segmentVersion: z.number() }),
  'mentions.suggested': z.object({ ...base, count: z.number(), segments: z.number(), trigger: z.enum(['ocr', 'request']) }),
  /**
   * A confirmed tag changed because its line was edited (api/entities/follow-edit.ts): re-valued,
   * returned to a suggestion, detached with its deleted text, reattached by a restore, moved
   * to another line by a split, join or restore, or confirmed again when its words came back.
   */
  'mention.followed_edit': z.object({
    ...base,
    segmentId: z.number(),
    segmentVersion: z.number(),
    outcome: z.enum(['revalued', 'dropped', 'detached', 'reattached', 'moved', 'withdrawn', 'reconfirmed']),
    otherSegmentId: z.number().nullable(),
  }),
  // Translation assistance (issue 15): counts, ids and file hashes, never text.
  'translation.pretranslated': z.object({ ...base, jobId: z.number(), scope: z.enum(['document', 'collection']), processed: z.number(), filled: z.number() }),
  'translation.memory_imported': z.object({ ...base, collectionId: z.number(), sha256: z.string(), units: z.number(), added: z.number(), skipped: z.number() }),
  'translation.memory_exported': z.object({ ...base, collectionId: z.number().nullable(), units: z.number() }),
  'translation.xliff_imported': z.object({ ...base, sha256: z.string(), updated: z.number(), unchanged: z.number(), conflicts: z.number() }),
  'term.changed': z.object({ ...base, collectionId: z.number(), operation: z.enum(['created', 'updated', 'deleted']) }),
  'terms.imported': z.object({ ...base, collectionId: z.number(), sha256: z.string(), added: z.number(), skipped: z.number() }),
  'qa.overridden': z.object({ ...base, errors: z.number(), checks: z.array(z.string()), reasonHash: z.string(), snapshotHash: z.string() }),
} as const;

export type AuditAction = keyof typeof auditEventSchemas;
export type AuditPayload<A extends AuditAction> = z.input<(typeof auditEventSchemas)[A]>;

export type AuditEvent<A extends AuditAction = AuditAction> = {
  action: A;
  actorId: number | null;
  target?: { type: string; id: string | number };
  payload: AuditPayload<A>;
};

/** The one constructor: validates the payload against its action's schema. */
export function auditEvent<A extends AuditAction>(
  action: A,
  actorId: number | null,
  payload: Omit<AuditPayload<A>, 'v'>,
  target?: { type: string; id: string | number },
): AuditEvent<A> {
  const parsed = auditEventSchemas[action].parse({ ...payload, v: 1 }) as AuditPayload<A>;
  return { action, actorId, target, payload: parsed };
}

/** The one parser for stored rows; unknown actions are returned raw rather than dropped. */
export function parseAuditPayload(action: string, payload: unknown) {
  const schema = (auditEventSchemas as Record<string, z.ZodType>)[action];
  return schema ? schema.safeParse(payload) : ({ success: false as const, error: new Error(`unknown action ${action}`) });
}
