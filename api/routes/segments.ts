import { createRoute, z } from '@hono/zod-openapi';
import { getSegment, listSegmentVersions } from '../../db/queries/segments';
import { getDocument } from '../../db/queries/documents';
import { notFound } from '../lib/errors';
import { updateSegment } from '../segments/update-segment';
import { errorResponse, IdParam, jsonContent, SegmentSchema, SegmentVersionSchema } from './schemas';
import { protectedRouter } from './router';

const maxLineLength = 10_000;

const patchRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['segments'],
  summary: 'Change a line’s text, translation or status; send the version you last saw',
  request: {
    params: IdParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              version: z.number().int().positive(),
              text: z.string().max(maxLineLength).optional(),
              translation: z.string().max(maxLineLength).optional(),
              status: z.enum(['corrected', 'translated', 'reviewed']).optional(),
            })
            .strict(),
        },
      },
    },
  },
  responses: {
    200: jsonContent(z.object({ segment: SegmentSchema }), 'Saved (or unchanged)'),
    400: errorResponse('Invalid body'),
    403: errorResponse('Role may not edit'),
    404: errorResponse('No such line, or not readable'),
    409: jsonContent(z.object({ error: z.literal('stale_version'), message: z.string(), current: SegmentSchema }), 'Someone saved a newer version'),
  },
});

const versionsRoute = createRoute({
  method: 'get',
  path: '/{id}/versions',
  tags: ['segments'],
  summary: 'Every version of a line, oldest first (version 1 is the OCR reading)',
  request: { params: IdParam },
  responses: {
    200: jsonContent(z.object({ versions: z.array(SegmentVersionSchema) }), 'History'),
    404: errorResponse('No such line, or not readable'),
  },
});

export const segmentRoutes = protectedRouter()
  .openapi(patchRoute, async (c) => {
    const { id } = c.req.valid('param');
    const segment = await updateSegment(c.var.deps.database.db, c.var.user, id, c.req.valid('json'));
    return c.json({ segment }, 200);
  })
  .openapi(versionsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.var.deps.database.db;
    const segment = await getSegment(db, id);
    if (!segment || !(await getDocument(db, c.var.user, segment.documentId))) throw notFound('This line');
    const versions = await listSegmentVersions(db, id);
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
      },
      200,
    );
  });
