/**
 * Tagging API (issue 5): the entity register (`/api/entities`) and tags on lines
 * (`/api/mentions`). Offsets are UTF-16 code units into the segment's `text` (Arabic) or
 * `translation` (English), as everywhere in this API. A tag ("mention") is `suggested` (found by
 * the engine, shown dotted), `accepted` (a person placed or confirmed it) or `rejected` (kept so
 * the same span is not suggested again). Tags follow edits of their line: after a PATCH of the
 * segment, re-read its mentions.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { getDocument } from '../../db/queries/documents';
import {
  entityCounts,
  entityMentionsInContext,
  entityTranslations,
  getEntity,
  getVisibleEntity,
  listEntities,
  listMentions,
  type MentionRow,
} from '../../db/queries/entities';
import type { SessionUser } from '../../db/queries/users';
import { getSegment } from '../../db/queries/segments';
import { entityKinds, mentionFields, mentionStatuses } from '../../db/schema';
import { createMention, decideMention, deleteMention, suggestForDocument, updateMention, type NewEntityFromTag } from '../entities/mentions';
import { registerMatchesForMention } from '../entities/register-links';
import { createEntity, ensureRegisterSeeded, findSameName, hiddenRegisterEntries, loadSuggestionEngine, mergeEntities, updateEntity } from '../entities/service';
import { AppError, notFound } from '../lib/errors';
import { normalizeArabic } from '../text/arabic';
import { errorResponse, IdParam, jsonBody, jsonContent } from './schemas';
import { protectedRouter } from './router';

// ——— schemas ———

const Kind = z.enum(entityKinds).openapi({ description: 'person | unit | place | date | other' });
// Bounded (issue 12): a register entry's facts are a few short values, not a place to store files.
const maxAttributes = 50;
const Attributes = z
  .record(z.string().min(1).max(100), z.union([z.string().max(2000), z.number().finite()]))
  .refine((a) => Object.keys(a).length <= maxAttributes, { message: `At most ${maxAttributes} attributes.` })
  .openapi({
    description: 'Optional facts: fatherName, motherName, birthYear, detentionNumber, or others.',
    example: { fatherName: 'محمد', birthYear: 1984 },
  });

const EntitySchema = z
  .object({
    id: z.number(),
    kind: Kind,
    canonicalAr: z.string().openapi({ description: 'Canonical Arabic name, as written' }),
    canonicalEn: z.string().openapi({ description: 'Canonical English form (romanization for people); empty if not set yet' }),
    aliasesAr: z.array(z.string()),
    aliasesEn: z.array(z.string()),
    attributes: Attributes,
    seeded: z.boolean().openapi({ description: 'Comes from the seeded register of units and places' }),
    mergedIntoId: z.number().nullable().openapi({ description: 'Set when this entity was merged into another; use that one' }),
    mentionCount: z.number().optional().openapi({ description: 'Accepted tags (confirmed by a person) in documents the user may read' }),
    suggestedCount: z.number().optional().openapi({ description: 'Open suggestions of the engine for this entity, not yet confirmed (not counted in mentionCount)' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Entity');

const MentionSchema = z
  .object({
    id: z.number(),
    segmentId: z.number(),
    documentId: z.number(),
    field: z.enum(mentionFields).openapi({ description: '`text` = the Arabic line, `translation` = the English line' }),
    start: z.number().openapi({ description: 'UTF-16 offset, inclusive' }),
    end: z.number().openapi({ description: 'UTF-16 offset, exclusive' }),
    kind: Kind,
    entityId: z.number().nullable(),
    normalized: z
      .string()
      .nullable()
      .openapi({
        description: 'ISO date (YYYY-MM-DD, or YYYY-MM when partial) for dates; the English form for engine matches of register entries',
        example: '2016-06-17',
      }),
    status: z.enum(mentionStatuses),
    source: z
      .string()
      .openapi({
        description:
          '`user`, or how the engine found it: `date`, `register`, `fuzzy` (OCR-tolerant), `pattern` (context like المدعو), `pair` (the English rendering of an Arabic tag of the same line)',
      }),
    score: z.number().nullable(),
    segmentVersion: z.number().openapi({ description: 'The line version the offsets refer to' }),
    surface: z.string().openapi({ description: 'The text the span covers (kept equal to it through every edit of the line)' }),
    recheck: z
      .object({
        reason: z.literal('text_changed'),
        was: z.object({ surface: z.string(), normalized: z.string().nullable(), entityId: z.number().nullable(), status: z.enum(mentionStatuses) }),
      })
      .nullable()
      .openapi({
        description:
          'Set when a tag a person had confirmed went back to `suggested` because its words changed and no longer read as the same entity or value; `was` is what had been confirmed. Accepting or rejecting clears it.',
      }),
    createdBy: z.number().nullable(),
    createdAt: z.string(),
    decidedBy: z.number().nullable(),
    decidedAt: z.string().nullable(),
  })
  .openapi('Mention');

const MentionInContextSchema = MentionSchema.extend({
  documentTitle: z.string(),
  archiveRef: z.string().nullable(),
  pageNo: z.number(),
  lineOrder: z.number(),
  line: z
    .object({ text: z.string(), translation: z.string(), version: z.number() })
    .openapi({ description: 'The whole line the tag is in; highlight `start`–`end` of `field`' }),
}).openapi('MentionInContext');

const AnnotationSchema = z
  .object({
    line: z.number(),
    mentions: z.array(
      z.object({
        start: z.number(),
        end: z.number(),
        type: Kind,
        normalized: z.string().nullable(),
        entityId: z.number().nullable(),
        source: z.string(),
      }),
    ),
  })
  .openapi('Annotation');

const entityDto = (e: NonNullable<Awaited<ReturnType<typeof getEntity>>> & { mentionCount?: number; suggestedCount?: number }) => ({
  id: e.id,
  kind: e.kind,
  canonicalAr: e.canonicalAr,
  canonicalEn: e.canonicalEn,
  aliasesAr: e.aliasesAr,
  aliasesEn: e.aliasesEn,
  attributes: Object.fromEntries(Object.entries(e.attributes).filter((kv): kv is [string, string | number] => kv[1] !== undefined)),
  seeded: e.seedKey !== null,
  mergedIntoId: e.mergedIntoId,
  ...(e.mentionCount === undefined ? {} : { mentionCount: e.mentionCount }),
  ...(e.suggestedCount === undefined ? {} : { suggestedCount: e.suggestedCount }),
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});

const mentionDto = (m: MentionRow) => ({
  id: m.id,
  segmentId: m.segmentId,
  documentId: m.documentId,
  field: m.field,
  start: m.start,
  end: m.end,
  kind: m.kind,
  entityId: m.entityId,
  normalized: m.normalized,
  status: m.status,
  source: m.source,
  score: m.score,
  segmentVersion: m.segmentVersion,
  surface: m.surface,
  recheck: m.recheck ?? null,
  createdBy: m.createdBy,
  createdAt: m.createdAt.toISOString(),
  decidedBy: m.decidedBy,
  decidedAt: m.decidedAt ? m.decidedAt.toISOString() : null,
});

const EntityBody = z
  .object({
    kind: Kind,
    canonicalAr: z.string().min(1).max(300),
    canonicalEn: z.string().max(300).optional(),
    aliasesAr: z.array(z.string().max(300)).max(200).optional(),
    aliasesEn: z.array(z.string().max(300)).max(200).optional(),
    attributes: Attributes.optional(),
  })
  .strict();

const tooMany = errorResponse('Not allowed for this role');

// ——— /api/entities ———

const listEntitiesRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['entities'],
  summary: 'The register: people, units, places; search by any Arabic or English spelling',
  description:
    'Arabic queries are folded with the one normalizer (hamza, ta marbuta, diacritics, digits), so أحمد finds احمد. People are personal data: a person tagged only in documents the user cannot read is not listed (admins and whoever registered them still see it).',
  request: {
    query: z.object({
      kind: Kind.optional(),
      q: z.string().max(200).optional(),
      includeMerged: z.enum(['true', 'false']).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: { 200: jsonContent(z.object({ entities: z.array(EntitySchema), total: z.number() }), 'A page of entities') },
});

const createEntityRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['entities'],
  summary: 'Add a person, unit, place or other entity to the register',
  description:
    'Returns `sameName`: ids of live entities of the same kind whose Arabic name folds to the same form (possible duplicates to merge).',
  request: { body: jsonBody(EntityBody) },
  responses: {
    201: jsonContent(z.object({ entity: EntitySchema, sameName: z.array(z.number()) }), 'Created'),
    400: errorResponse('Invalid body'),
    403: tooMany,
  },
});

const getEntityRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['entities'],
  summary: 'An entity page: the entity, counts of its mentions by document and by month of the document date',
  description:
    'A document’s date is the first date tagged in it (in reading order: the letter date in the header). Only accepted tags count, unless `includeSuggested=true` (the engine’s unconfirmed suggestions too). A merged entity answers with `mergedIntoId` set; follow it.',
  request: { params: IdParam, query: z.object({ includeSuggested: z.enum(['true', 'false']).default('false') }) },
  responses: {
    200: jsonContent(
      z.object({
        entity: EntitySchema,
        counts: z.object({
          total: z.number(),
          byDocument: z.array(
            z.object({
              documentId: z.number(),
              title: z.string(),
              archiveRef: z.string().nullable(),
              mentions: z.number(),
              documentDate: z.string().nullable(),
            }),
          ),
          byMonth: z.array(
            z.object({ month: z.string().nullable().openapi({ example: '2016-05' }), documents: z.number(), mentions: z.number() }),
          ),
        }),
      }),
      'The entity and its counts',
    ),
    404: errorResponse('No such entity'),
  },
});

const entityMentionsRoute = createRoute({
  method: 'get',
  path: '/{id}/mentions',
  tags: ['entities'],
  summary: 'Every mention of an entity across readable documents, each with its whole line',
  description: 'Accepted tags; with `includeSuggested=true` also the engine’s open suggestions (`status: suggested`, to be shown as such).',
  request: {
    params: IdParam,
    query: z.object({
      includeSuggested: z.enum(['true', 'false']).default('false'),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: jsonContent(z.object({ mentions: z.array(MentionInContextSchema), total: z.number() }), 'Mentions in context'),
    404: errorResponse('No such entity'),
  },
});

const patchEntityRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['entities'],
  summary: 'Rename or edit an entity; old canonical names are kept as aliases',
  description:
    'Sending `aliasesAr`/`aliasesEn` replaces those lists (a renamed canonical form is added back). `attributes` are merged; send "" to remove one.',
  request: { params: IdParam, body: jsonBody(EntityBody.partial().strict()) },
  responses: {
    200: jsonContent(z.object({ entity: EntitySchema }), 'Saved'),
    400: errorResponse('Invalid body'),
    403: tooMany,
    404: errorResponse('No such entity'),
    409: errorResponse('The entity was merged into another'),
  },
});

const mergeRoute = createRoute({
  method: 'post',
  path: '/{id}/merge',
  tags: ['entities'],
  summary: 'Merge this entity into another: aliases kept, every mention moved',
  description: 'The merged entity stays as a pointer (`mergedIntoId`). Both must be of the same kind.',
  request: { params: IdParam, body: jsonBody(z.object({ intoId: z.number().int().positive() }).strict()) },
  responses: {
    200: jsonContent(z.object({ entity: EntitySchema, mentionsMoved: z.number() }), 'The surviving entity'),
    400: errorResponse('Different kinds, or the same entity'),
    403: tooMany,
    404: errorResponse('No such entity'),
    409: errorResponse('One of them was already merged'),
  },
});

const translationsRoute = createRoute({
  method: 'get',
  path: '/{id}/translations',
  tags: ['entities'],
  summary: 'Lines whose English translation renders the entity differently from its English forms',
  description:
    'For each readable line that mentions the entity: if its translation contains neither the canonical English form nor an English alias (case-insensitive), it is listed with the rendering used — the tagged English span of this entity when there is one, else null (the name is missing or spelled otherwise). `renderings` groups them by that text.',
  request: { params: IdParam, query: z.object({ limit: z.coerce.number().int().min(1).max(2000).default(500) }) },
  responses: {
    200: jsonContent(
      z.object({
        expected: z.array(z.string()),
        checked: z.number().openapi({ description: 'Translated lines mentioning the entity' }),
        differing: z.array(
          z.object({
            segmentId: z.number(),
            documentId: z.number(),
            documentTitle: z.string(),
            pageNo: z.number(),
            lineOrder: z.number(),
            translation: z.string(),
            rendering: z.string().nullable(),
          }),
        ),
        renderings: z.array(z.object({ rendering: z.string().nullable(), lines: z.number() })),
      }),
      'Differences',
    ),
    404: errorResponse('No such entity'),
  },
});

/** The entity, or 404 when it does not exist or this user may not see it (a person known only from documents they cannot read). */
async function liveEntityOr404(db: Parameters<typeof getEntity>[0], user: SessionUser, id: number) {
  const e = await getVisibleEntity(db, user, id);
  if (!e) throw notFound('The entity');
  return e;
}

export const entityRoutes = protectedRouter()
  .openapi(listEntitiesRoute, async (c) => {
    const q = c.req.valid('query');
    const db = c.var.deps.database.db;
    await ensureRegisterSeeded(db);
    const result = await listEntities(db, c.var.user, {
      kind: q.kind,
      q: q.q?.trim() || undefined,
      normQ: q.q ? normalizeArabic(q.q.trim()) : undefined,
      includeMerged: q.includeMerged === 'true',
      limit: q.limit,
      offset: q.offset,
    });
    return c.json({ entities: result.entities.map(entityDto), total: result.total }, 200);
  })
  .openapi(createEntityRoute, async (c) => {
    const body = c.req.valid('json');
    const db = c.var.deps.database.db;
    const sameName = (await findSameName(db, body.kind, body.canonicalAr)).map((r) => r.id);
    const entity = await createEntity(db, c.var.user, body);
    return c.json({ entity: entityDto(entity), sameName }, 201);
  })
  .openapi(getEntityRoute, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.var.deps.database.db;
    const entity = await liveEntityOr404(db, c.var.user, id);
    const counts = await entityCounts(db, c.var.user, id, { includeSuggested: c.req.valid('query').includeSuggested === 'true' });
    return c.json({ entity: entityDto(entity), counts: { total: counts.byDocument.reduce((n, d) => n + d.mentions, 0), ...counts } }, 200);
  })
  .openapi(entityMentionsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const db = c.var.deps.database.db;
    await liveEntityOr404(db, c.var.user, id);
    const result = await entityMentionsInContext(db, c.var.user, id, {
      limit: q.limit,
      offset: q.offset,
      includeSuggested: q.includeSuggested === 'true',
    });
    return c.json(
      {
        mentions: result.mentions.map((m) => ({
          ...mentionDto(m),
          documentTitle: m.documentTitle,
          archiveRef: m.archiveRef,
          pageNo: m.pageNo,
          lineOrder: m.lineOrder,
          line: { text: m.segmentText, translation: m.segmentTranslation, version: m.segmentVersionNow },
        })),
        total: result.total,
      },
      200,
    );
  })
  .openapi(patchEntityRoute, async (c) => {
    const { id } = c.req.valid('param');
    await liveEntityOr404(c.var.deps.database.db, c.var.user, id);
    const entity = await updateEntity(c.var.deps.database.db, c.var.user, id, c.req.valid('json'));
    return c.json({ entity: entityDto(entity) }, 200);
  })
  .openapi(mergeRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { intoId } = c.req.valid('json');
    for (const e of [id, intoId]) await liveEntityOr404(c.var.deps.database.db, c.var.user, e);
    const result = await mergeEntities(c.var.deps.database.db, c.var.user, id, intoId);
    return c.json({ entity: entityDto(result.entity), mentionsMoved: result.mentionsMoved }, 200);
  })
  .openapi(translationsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.var.deps.database.db;
    const entity = await liveEntityOr404(db, c.var.user, id);
    const expected = [entity.canonicalEn, ...entity.aliasesEn].filter(Boolean);
    const lower = expected.map((e) => e.toLowerCase());
    const rows = (await entityTranslations(db, c.var.user, id, c.req.valid('query').limit)).filter((r) => r.translation.trim());
    const differing = rows
      .filter((r) => !lower.some((e) => r.translation.toLowerCase().includes(e)))
      .map((r) => {
        const span = r.englishSpans?.[0];
        return {
          segmentId: r.segmentId,
          documentId: r.documentId,
          documentTitle: r.documentTitle,
          pageNo: r.pageNo,
          lineOrder: r.lineOrder,
          translation: r.translation,
          rendering: span ? r.translation.slice(span.start, span.end) : null,
        };
      });
    const groups = new Map<string | null, number>();
    for (const d of differing) groups.set(d.rendering, (groups.get(d.rendering) ?? 0) + 1);
    const renderings = [...groups.entries()].map(([rendering, lines]) => ({ rendering, lines })).sort((a, b) => b.lines - a.lines);
    return c.json({ expected, checked: rows.length, differing, renderings }, 200);
  });

// ——— /api/mentions ———

const MentionIdParam = IdParam;

const listMentionsRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['mentions'],
  summary: 'Tags of a document or of one line, in reading order',
  description:
    'Give `documentId` or `segmentId`. Without `status`, suggested and accepted tags are listed (rejected ones with `status=rejected`).',
  request: {
    query: z.object({
      documentId: z.coerce.number().int().positive().optional(),
      segmentId: z.coerce.number().int().positive().optional(),
      status: z
        .string()
        .regex(/^(suggested|accepted|rejected)(,(suggested|accepted|rejected))*$/)
        .optional()
        .openapi({ description: 'Comma-separated statuses', example: 'suggested,accepted' }),
      field: z.enum(mentionFields).optional(),
    }),
  },
  responses: {
    200: jsonContent(z.object({ mentions: z.array(MentionSchema) }), 'Tags'),
    400: errorResponse('Neither documentId nor segmentId'),
    404: errorResponse('No such document or line, or not readable'),
  },
});

const Disclose = z.boolean().optional().openapi({
  description:
    'Administrators only: link a person known only from a restricted collection although not every reader of this document may see them (recorded in the audit chain as `disclosedRestricted`). Without it such a link is refused (409 `restricted_person`).',
});

const createMentionRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['mentions'],
  summary: 'Tag a span of a line (Arabic text or English translation)',
  description:
    'Send the line version the offsets refer to (`segmentVersion`); 409 if the line changed. Dates get their ISO value from the text unless `normalized` is given. Tagging a span that was suggested accepts that suggestion.',
  request: {
    body: jsonBody(
      z
        .object({
          segmentId: z.number().int().positive(),
          segmentVersion: z.number().int().positive(),
          field: z.enum(mentionFields).default('text'),
          start: z.number().int().min(0),
          end: z.number().int().min(1),
          kind: Kind,
          entityId: z.number().int().positive().nullable().optional(),
          normalized: z.string().max(300).nullable().optional(),
          disclose: Disclose,
        })
        .strict(),
    ),
  },
  responses: {
    201: jsonContent(z.object({ mention: MentionSchema }), 'Tagged'),
    400: errorResponse('Span outside the line, unreadable date, or entity of another kind'),
    403: tooMany,
    404: errorResponse('No such line'),
    409: errorResponse('The line changed since the given version, or the entity is a person not every reader of the document may see (`restricted_person`)'),
  },
});

const patchMentionRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['mentions'],
  summary: 'Change a tag: span, kind, entity or normalized value (accepts a suggestion)',
  request: {
    params: MentionIdParam,
    body: jsonBody(
      z
        .object({
          segmentVersion: z.number().int().positive(),
          start: z.number().int().min(0).optional(),
          end: z.number().int().min(1).optional(),
          kind: Kind.optional(),
          entityId: z.number().int().positive().nullable().optional(),
          normalized: z.string().max(300).nullable().optional(),
          disclose: Disclose,
        })
        .strict(),
    ),
  },
  responses: {
    200: jsonContent(z.object({ mention: MentionSchema }), 'Saved'),
    400: errorResponse('Invalid change'),
    403: tooMany,
    404: errorResponse('No such tag'),
    409: errorResponse('The line changed since the given version, or the entity is a person not every reader of the document may see (`restricted_person`)'),
  },
});

const AcceptBody = z
  .object({
    entityId: z
      .number()
      .int()
      .positive()
      .nullable()
      .optional()
      .openapi({ description: 'The entity this span is (a merged one is followed to its survivor)' }),
    disclose: Disclose,
    newEntity: z
      .object({
        canonicalAr: z.string().max(300).optional(),
        canonicalEn: z.string().max(300).optional(),
        aliasesAr: z.array(z.string().max(300)).max(50).optional(),
        aliasesEn: z.array(z.string().max(300)).max(50).optional(),
        attributes: Attributes.optional(),
      })
      .strict()
      .optional()
      .openapi({
        description:
          'Register a new entity of the tag’s kind and link it: the tagged text is its form on the tag’s side (Arabic for a text tag, English for a translation tag) unless given; a translation tag needs `canonicalAr`. A first-seen name becomes known, found anywhere from then on.',
      }),
  })
  .strict();

// Decision and body are type parameters so that each route keeps its own path and request type
// in the web client (one union-typed path gave both routes the reject body's type).
const decideRoute = <Decision extends 'accept' | 'reject', Body extends z.ZodTypeAny>(decision: Decision, body: Body) =>
  createRoute({
    method: 'post',
    path: `/{id}/${decision}`,
    tags: ['mentions'],
    summary:
      decision === 'accept'
        ? 'Accept a suggestion (optionally naming its entity, or registering a new one from the tagged text)'
        : 'Reject a suggestion; the span is not suggested again',
    request: { params: MentionIdParam, body: { required: false, content: { 'application/json': { schema: body } } } },
    responses: {
      200: jsonContent(z.object({ mention: MentionSchema }), 'Decided'),
      403: tooMany,
      404: errorResponse('No such tag'),
      409: errorResponse('`entityId` is a person not every reader of the document may see (`restricted_person`)'),
    },
  });

const deleteMentionRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['mentions'],
  summary: 'Remove a tag',
  request: { params: MentionIdParam },
  responses: { 200: jsonContent(z.object({ deleted: z.literal(true) }), 'Removed'), 403: tooMany, 404: errorResponse('No such tag') },
});

const suggestRoute = createRoute({
  method: 'post',
  path: '/suggest',
  tags: ['mentions'],
  summary: 'Run the suggestion engine again over a document’s current text',
  description:
    'New OCR pages get suggestions automatically. Use this after the register grew or lines were corrected; spans already tagged (any status) are left alone.',
  request: { body: jsonBody(z.object({ documentId: z.number().int().positive() }).strict()) },
  responses: {
    200: jsonContent(z.object({ added: z.number() }), 'How many suggestions were added'),
    403: tooMany,
    404: errorResponse('No such document'),
  },
});

const annotateRoute = createRoute({
  method: 'post',
  path: '/annotate',
  tags: ['mentions'],
  summary: 'Run the suggestion engine on free text (nothing is stored); same output as `npx sijill annotate`',
  description: 'Known people the user may not see (registered only from documents they cannot read) are left out.',
  request: {
    body: jsonBody(z.object({ lines: z.array(z.string().max(10_000)).min(1).max(2000) }).strict()),
  },
  responses: { 200: jsonContent(z.object({ annotations: z.array(AnnotationSchema) }), 'One entry per line, offsets in UTF-16 code units') },
});

const RegisterMatchSchema = z
  .object({
    entity: EntitySchema,
    score: z.number().openapi({ description: '0–1; 1 for the canonical form exactly (after folding)' }),
    how: z.enum(['exact', 'alias', 'romanized', 'fuzzy']).openapi({
      description:
        'exact: the canonical form; alias: another spelling of the entry; romanized: the entry’s form in the other script romanizes the same; fuzzy: a few letters away (OCR, typing)',
    }),
    form: z.string().openapi({ description: 'The entry’s form that matched' }),
    restricted: z.boolean().openapi({
      description: 'A person known only from a restricted collection that not every reader of this document may read: linking the tag to them is refused (409 `restricted_person`)',
    }),
  })
  .openapi('RegisterMatch');

const matchesRoute = createRoute({
  method: 'get',
  path: '/{id}/matches',
  tags: ['mentions'],
  summary: 'The register entries a tag may be, best first, and a new entry drafted from its line',
  description:
    'Same normalizer as search and suggestions; Arabic and English forms and aliases, and romanized forms across scripts. Only entries the user may see. Link one with `POST /api/mentions/{id}/accept {entityId}`, or create `newEntry` (edited) with `{newEntity: {canonicalAr, canonicalEn}}`. `newEntry` takes the other script’s form from the same line when the translator wrote it there.',
  request: { params: MentionIdParam, query: z.object({ limit: z.coerce.number().int().min(1).max(20).default(5) }) },
  responses: {
    200: jsonContent(
      z.object({
        matches: z.array(RegisterMatchSchema),
        newEntry: z.object({ kind: Kind, canonicalAr: z.string(), canonicalEn: z.string() }),
      }),
      'Matches and a draft entry',
    ),
    400: errorResponse('A date tag (dates are values, not entries)'),
    404: errorResponse('No such tag, or not readable'),
  },
});

export const mentionRoutes = protectedRouter()
  .openapi(listMentionsRoute, async (c) => {
    const q = c.req.valid('query');
    const db = c.var.deps.database.db;
    if (q.documentId === undefined && q.segmentId === undefined)
      throw new AppError(400, 'invalid_request', 'Give documentId or segmentId.');
    if (q.documentId !== undefined && !(await getDocument(db, c.var.user, q.documentId))) throw notFound('The document');
    if (q.segmentId !== undefined) {
      const segment = await getSegment(db, q.segmentId);
      if (!segment || !(await getDocument(db, c.var.user, segment.documentId))) throw notFound('This line');
    }
    const status = (q.status?.split(',') as Array<(typeof mentionStatuses)[number]> | undefined) ?? ['suggested', 'accepted'];
    const rows = await listMentions(db, c.var.user, { documentId: q.documentId, segmentId: q.segmentId, status, field: q.field });
    return c.json({ mentions: rows.map(mentionDto) }, 200);
  })
  .openapi(createMentionRoute, async (c) => {
    const mention = await createMention(c.var.deps.database.db, c.var.user, c.req.valid('json'));
    return c.json({ mention: mentionDto(mention) }, 201);
  })
  .openapi(suggestRoute, async (c) => {
    const { documentId } = c.req.valid('json');
    const db = c.var.deps.database.db;
    if (!(await getDocument(db, c.var.user, documentId))) throw notFound('The document');
    const added = await suggestForDocument(db, c.var.user, documentId);
    return c.json({ added }, 200);
  })
  .openapi(annotateRoute, async (c) => {
    const { lines } = c.req.valid('json');
    const db = c.var.deps.database.db;
    const engine = await loadSuggestionEngine(db);
    const text = lines.map((l) => l.normalize('NFC'));
    // Free text must not become a way to ask the register about people one may not see: what it
    // finds is what it would find if they were not in the register.
    const hidden = await hiddenRegisterEntries(db, c.var.user, text.flatMap((l) => engine.registerIdsIn(l)));
    const found = text.map((line, i) => engine.annotate(line, { previous: i > 0 ? text[i - 1] : undefined, hidden }));
    const annotations = found.map((list, i) => ({
      line: i + 1,
      mentions: list
        .map((m) => ({
          start: m.start,
          end: m.end,
          type: m.type,
          normalized: m.normalized,
          entityId: typeof m.entityId === 'number' ? m.entityId : null,
          source: m.source,
        })),
    }));
    return c.json({ annotations }, 200);
  })
  .openapi(matchesRoute, async (c) => {
    const { id } = c.req.valid('param');
    const result = await registerMatchesForMention(c.var.deps.database.db, c.var.user, id, c.req.valid('query').limit);
    return c.json(
      {
        matches: result.matches.map((m) => ({ entity: entityDto(m.entity), score: Math.round(m.score * 1000) / 1000, how: m.how, form: m.form, restricted: m.restricted })),
        newEntry: { kind: result.mention.kind, ...result.newEntry },
      },
      200,
    );
  })
  .openapi(patchMentionRoute, async (c) => {
    const { id } = c.req.valid('param');
    const mention = await updateMention(c.var.deps.database.db, c.var.user, id, c.req.valid('json'));
    return c.json({ mention: mentionDto(mention) }, 200);
  })
  .openapi(decideRoute('accept', AcceptBody), async (c) => {
    const { id } = c.req.valid('param');
    const body = (c.req.valid('json') ?? {}) as { entityId?: number | null; newEntity?: NewEntityFromTag; disclose?: boolean };
    const mention = await decideMention(c.var.deps.database.db, c.var.user, id, 'accepted', {
      entityId: body.entityId,
      newEntity: body.newEntity,
      disclose: body.disclose,
    });
    return c.json({ mention: mentionDto(mention) }, 200);
  })
  .openapi(decideRoute('reject', z.object({}).strict()), async (c) => {
    const { id } = c.req.valid('param');
    const mention = await decideMention(c.var.deps.database.db, c.var.user, id, 'rejected');
    return c.json({ mention: mentionDto(mention) }, 200);
  })
  .openapi(deleteMentionRoute, async (c) => {
    const { id } = c.req.valid('param');
    await deleteMention(c.var.deps.database.db, c.var.user, id);
    return c.json({ deleted: true as const }, 200);
  });
