import { createRoute, z } from '@hono/zod-openapi';
import { getSegment, listSegmentVersions } from '../../db/queries/segments';
import { getDocument } from '../../db/queries/documents';
import { lineTagEvents } from '../../db/queries/mention-events';
import { notFound } from '../lib/errors';
import { toSegmentDto } from '../segments/dto';
import { deleteSegment, mergeSegments, restoreSegmentVersion, splitSegment, updateSegment } from '../segments/update-segment';
import { BoxSchema, errorResponse, IdParam, jsonBody, jsonContent, SegmentSchema, SegmentVersionSchema, TagChangeSchema } from './schemas';
import { protectedRouter } from './router';

const maxLineLength = 10_000;

const patchRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['segments'],
  summary: 'Change a line’s text, translation or status; send the version you last saw',
  request: {
    params: IdParam,
    body: jsonBody(
      z
        .object({
          version: z.number().int().positive(),
          text: z.string().max(maxLineLength).optional(),
          translation: z.string().max(maxLineLength).optional(),
          status: z.enum(['corrected', 'translated', 'reviewed']).optional(),
        })
        .strict(),
    ),
  },
  responses: {
    200: jsonContent(z.object({ segment: SegmentSchema }), 'Saved (or unchanged)'),
    400: errorResponse('Invalid body'),
    403: errorResponse('Role may not edit'),
    404: errorResponse('No such line, or not readable'),
    409: jsonContent(
      z.object({ error: z.literal('stale_version'), message: z.string(), current: SegmentSchema }),
      'Someone saved a newer version',
    ),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['segments'],
  summary: 'One line as it is now (after a `segment` event of the document’s stream, say); a deleted line too, with status `deleted`',
  request: { params: IdParam },
  responses: {
    200: jsonContent(z.object({ segment: SegmentSchema }), 'The line'),
    404: errorResponse('No such line, or not readable'),
  },
});

const versionsRoute = createRoute({
  method: 'get',
  path: '/{id}/versions',
  tags: ['segments'],
  summary: 'Every version of a line, oldest first (version 1 is the OCR reading), and every change to its tags',
  description:
    'A tag never disappears or changes value without a row in `tagChanges`: removed by a person, detached with its deleted text, returned to a suggestion when its words changed, re-valued, moved by a split or join.',
  request: { params: IdParam },
  responses: {
    200: jsonContent(z.object({ versions: z.array(SegmentVersionSchema), tagChanges: z.array(TagChangeSchema) }), 'History'),
    404: errorResponse('No such line, or not readable'),
  },
});

const conflictResponses = {
  400: errorResponse('Invalid body'),
  403: errorResponse('Role may not edit'),
  404: errorResponse('No such line, or not readable'),
  409: jsonContent(
    z.object({ error: z.string(), message: z.string(), current: SegmentSchema.nullable().optional() }),
    'A newer version exists, or the line was deleted',
  ),
};

const splitRoute = createRoute({
  method: 'post',
  path: '/{id}/split',
  tags: ['segments'],
  summary: 'Split a line in two at a UTF-16 offset of its text (and optionally of its translation)',
  request: {
    params: IdParam,
    body: jsonBody(
      z
        .object({
          version: z.number().int().positive(),
          textOffset: z.number().int().positive(),
          translationOffset: z.number().int().min(0).optional(),
          boxes: z.tuple([BoxSchema, BoxSchema]).optional(),
        })
        .strict(),
    ),
  },
  responses: { 200: jsonContent(z.object({ first: SegmentSchema, second: SegmentSchema }), 'The two lines'), ...conflictResponses },
});

const mergeRoute = createRoute({
  method: 'post',
  path: '/{id}/merge',
  tags: ['segments'],
  summary: 'Join this line with the next; the next is deleted (kept in history)',
  request: {
    params: IdParam,
    body: jsonBody(
      z
        .object({ version: z.number().int().positive(), nextId: z.number().int().positive(), nextVersion: z.number().int().positive() })
        .strict(),
    ),
  },
  responses: { 200: jsonContent(z.object({ segment: SegmentSchema }), 'The joined line'), ...conflictResponses },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['segments'],
  summary: 'Delete a line; it stays in history and can be restored',
  request: { params: IdParam, query: z.object({ version: z.coerce.number().int().positive() }) },
  responses: { 200: jsonContent(z.object({ segment: SegmentSchema }), 'The deleted line'), ...conflictResponses },
});

const restoreRoute = createRoute({
  method: 'post',
  path: '/{id}/restore',
  tags: ['segments'],
  summary: 'Restore an earlier version’s text and translation as a new version',
  request: {
    params: IdParam,
    body: jsonBody(z.object({ version: z.number().int().positive(), restore: z.number().int().positive() }).strict()),
  },
  responses: { 200: jsonContent(z.object({ segment: SegmentSchema }), 'The line, restored'), ...conflictResponses },
});

export const segmentRoutes = protectedRouter()
  .openapi(splitRoute, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await splitSegment(c.var.deps.database.db, c.var.user, id, c.req.valid('json')), 200);
  })
  .openapi(mergeRoute, async (c) => {
    const { id } = c.req.valid('param');
    return c.json({ segment: await mergeSegments(c.var.deps.database.db, c.var.user, id, c.req.valid('json')) }, 200);
  })
  .openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param');
    return c.json({ segment: await deleteSegment(c.var.deps.database.db, c.var.user, id, c.req.valid('query').version) }, 200);
  })
  .openapi(restoreRoute, async (c) => {
    const { id } = c.req.valid('param');
    return c.json({ segment: await restoreSegmentVersion(c.var.deps.database.db, c.var.user, id, c.req.valid('json')) }, 200);
  })
  .openapi(patchRoute, async (c) => {
    const { id } = c.req.valid('param');
    const segment = await updateSegment(c.var.deps.database.db, c.var.user, id, c.req.valid('json'));
    return c.json({ segment }, 200);
  })
  .openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.var.deps.database.db;
    const segment = await getSegment(db, id);
    if (!segment || !(await getDocument(db, c.var.user, segment.documentId))) throw notFound('This line');
    return c.json({ segment: toSegmentDto(segment) }, 200);
  })
  .openapi(versionsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.var.deps.database.db;
    const segment = await getSegment(db, id);
    if (!segment || !(await getDocument(db, c.var.user, segment.documentId))) throw notFound('This line');
    const [versions, tagEvents] = await Promise.all([listSegmentVersions(db, id), lineTagEvents(db, id)]);
    return c.json(
      {
        versions: versions.map((v) => ({
          version: v.version,
          text: v.text,
          translation: v.translation,
          status: v.status,
          note: v.note,
          changedAt: v.changedAt.toISOString(),
          changedBy: v.changedById === null ? null : { id: v.changedById, name: v.changedByName ?? '' },
        })),
        tagChanges: tagEvents.map((e) => ({
          mentionId: e.mentionId,
          version: e.segmentVersion,
          action: e.action,
          at: e.at.toISOString(),
          by: e.actorId === null ? null : { id: e.actorId, name: e.actorName ?? '' },
          otherSegmentId: e.otherSegmentId,
          tag: {
            field: e.state.field,
            start: e.state.start,
            end: e.state.end,
            kind: e.state.kind,
            entityId: e.state.entityId,
            normalized: e.state.normalized,
            status: e.state.status,
            surface: e.state.surface,
          },
          previous: e.previous
            ? { status: e.previous.status, normalized: e.previous.normalized, entityId: e.previous.entityId, surface: e.previous.surface }
            : null,
        })),
      },
      200,
    );
  });
