import { z } from '@hono/zod-openapi';
import { documentStatuses, entityKinds, mentionEventActions, mentionFields, mentionStatuses, pageOcrStatuses, roles, segmentStatuses, transcriptionFormats } from '../../db/schema';

export const ErrorSchema = z
  .object({
    error: z.string().openapi({ example: 'stale_version' }),
    message: z.string().openapi({ description: 'What went wrong and what to do, for a person.' }),
  })
  .passthrough()
  .openapi('Error');

export const errorResponse = (description: string) => ({ content: { 'application/json': { schema: ErrorSchema } }, description });
export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

/** A required JSON request body (a missing or malformed body is a 400 with a message). */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });

/** The largest id a PostgreSQL integer column holds. */
export const maxId = 2_147_483_647;

export const IdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(maxId)
    .openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

export const UserSchema = z
  .object({ id: z.number(), email: z.string(), name: z.string(), role: z.enum(roles), canCertify: z.boolean() })
  .openapi('User');

export const BoxSchema = z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }).openapi('Box');

export const DocumentSchema = z
  .object({
    id: z.number(),
    title: z.string(),
    archiveRef: z.string().nullable(),
    documentDate: z.string().nullable().openapi({ description: 'The date the document bears (ISO), as entered' }),
    collection: z.string(),
    collectionId: z.number(),
    notes: z.string().nullable(),
    status: z.enum(documentStatuses),
    pageCount: z.number(),
    pagesDone: z.number(),
    pagesFailed: z.number(),
    lines: z.object({ total: z.number(), corrected: z.number(), translated: z.number(), reviewed: z.number() }),
    openReturns: z.number().openapi({ description: 'Lines a reviewer returned that nobody has changed since' }),
    sha256: z.string(),
    sizeBytes: z.number(),
    mime: z.string(),
    originalName: z.string().nullable(),
    transcriptionFormat: z.enum(transcriptionFormats).nullable().openapi({ description: 'Lines came from this sidecar instead of OCR' }),
    uploadedBy: z.object({ id: z.number(), name: z.string() }).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Document');

export const PageSchema = z
  .object({
    id: z.number(),
    pageNo: z.number(),
    width: z.number().nullable(),
    height: z.number().nullable(),
    dpi: z.number().nullable(),
    ocrStatus: z.enum(pageOcrStatuses),
    ocrError: z.string().nullable(),
    textSource: z.string().nullable(),
    ocrEngine: z.string().nullable(),
    ocrModel: z.string().nullable(),
    meanConfidence: z.number().nullable(),
    ocrMs: z.number().nullable(),
    sensitive: z.boolean(),
    imageUrl: z.string().nullable(),
  })
  .openapi('Page');

export const SegmentSchema = z
  .object({
    id: z.number(),
    documentId: z.number(),
    pageId: z.number(),
    pageNo: z.number(),
    lineOrder: z.number(),
    box: BoxSchema,
    ocrText: z.string(),
    ocrConfidence: z.number().nullable(),
    words: z.array(
      z.object({
        text: z.string(),
        confidence: z.number(),
        box: BoxSchema,
        flagged: z.boolean().optional(),
        at: z
          .object({ start: z.number(), end: z.number() })
          .nullable()
          .openapi({ description: 'Where the word is in the current text (UTF-16); null once a person changed it, so its uncertainty mark goes' }),
      }),
    ),
    text: z.string(),
    translation: z.string(),
    version: z.number(),
    status: z.enum(segmentStatuses),
    suggestion: z.object({ origin: z.string(), score: z.number() }).nullable(),
    updatedAt: z.string(),
    updatedBy: z.object({ id: z.number(), name: z.string() }).nullable(),
  })
  .openapi('Segment');

export const SegmentVersionSchema = z
  .object({
    version: z.number(),
    text: z.string(),
    translation: z.string(),
    status: z.enum(segmentStatuses),
    note: z.string().nullable(),
    changedAt: z.string(),
    changedBy: z.object({ id: z.number(), name: z.string() }).nullable(),
  })
  .openapi('SegmentVersion');

/** One change to a tag of the line (the tag half of its history; api/entities/tag-history.ts). */
export const TagChangeSchema = z
  .object({
    mentionId: z.number(),
    version: z.number().openapi({ description: 'The line version it happened at' }),
    action: z.enum(mentionEventActions).openapi({
      description:
        'By a person: created, accepted, rejected, changed, removed. Following an edit: revalued (value read again from corrected text), dropped (a confirmed tag back to a suggestion: its words changed), detached (its text deleted; a restore brings it back), reattached, moved (to or from `otherSegmentId`: split, join, restore), withdrawn (an engine suggestion whose words changed).',
    }),
    at: z.string(),
    by: z.object({ id: z.number(), name: z.string() }).nullable(),
    otherSegmentId: z.number().nullable(),
    tag: z
      .object({
        field: z.enum(mentionFields),
        start: z.number(),
        end: z.number(),
        kind: z.enum(entityKinds),
        entityId: z.number().nullable(),
        normalized: z.string().nullable(),
        status: z.enum(mentionStatuses),
        surface: z.string(),
      })
      .openapi({ description: 'The tag after the change (before it, for removed and detached)' }),
    previous: z
      .object({ status: z.enum(mentionStatuses).optional(), normalized: z.string().nullable().optional(), entityId: z.number().nullable().optional(), surface: z.string().optional() })
      .nullable(),
  })
  .openapi('TagChange');

/** A QA finding: `check` and `params` to word it in the client's language, `message` in English (api/translation/qa.ts). */
export const QaIssueSchema = z
  .object({
    check: z.string().openapi({ description: 'empty_translation, suggested, date_missing, number_missing, date_added, number_added, entity_missing, term_mismatch, inconsistent' }),
    severity: z.enum(['error', 'warning']),
    segmentId: z.number(),
    message: z.string().openapi({ description: 'The finding in English, for clients that show it as is' }),
    params: z.record(z.string(), z.union([z.string(), z.number()])).openapi({ description: 'Values to word the finding by its check (see QaIssue in api/translation/qa.ts)' }),
    expected: z.string().optional(),
  })
  .openapi('QaIssue');
