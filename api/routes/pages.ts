import { getDocument } from '../../db/queries/documents';
import { createRoute, z } from '@hono/zod-openapi';
import { getPageForUser, getPageImageForUser, setPageSensitive } from '../../db/queries/pages';
import { appendAudit } from '../audit/chain';
import { auditEvent } from '../audit/events';
import { assertCan } from '../auth/permissions';
import { notFound } from '../lib/errors';
import { addSegment } from '../segments/update-segment';
import { BoxSchema, errorResponse, IdParam, jsonBody, jsonContent, PageSchema, SegmentSchema } from './schemas';
import { protectedRouter } from './router';

const imageRoute = createRoute({
  method: 'get',
  path: '/{id}/image',
  tags: ['pages'],
  summary: 'The working image of a page (the original file is kept apart, unchanged)',
  request: { params: IdParam },
  responses: {
    200: {
      content: {
        'image/png': { schema: z.string().openapi({ format: 'binary' }) },
        'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) },
      },
      description: 'Image',
    },
    404: errorResponse('No such page, not rendered yet, or not readable'),
  },
});

const patchPageRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['pages'],
  summary: 'Mark a page as a photograph of a person (blurred until revealed), or unmark it',
  request: { params: IdParam, body: jsonBody(z.object({ sensitive: z.boolean() }).strict()) },
  responses: {
    200: jsonContent(z.object({ page: PageSchema }), 'The page'),
    403: errorResponse('Role may not edit'),
    404: errorResponse('No such page, or not readable'),
  },
});

const addLineRoute = createRoute({
  method: 'post',
  path: '/{id}/segments',
  tags: ['segments'],
  summary: 'Add a line the OCR missed, with the box drawn on the scan; placed in reading order by its box',
  request: {
    params: IdParam,
    body: jsonBody(
      z.object({ box: BoxSchema, text: z.string().max(10_000).optional(), translation: z.string().max(10_000).optional() }).strict(),
    ),
  },
  responses: {
    201: jsonContent(z.object({ segment: SegmentSchema }), 'The new line'),
    403: errorResponse('Role may not edit'),
    404: errorResponse('No such page, or not readable'),
  },
});

export const pageRoutes = protectedRouter()
  .openapi(patchPageRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { sensitive } = c.req.valid('json');
    const { db } = c.var.deps.database;
    assertCan(c.var.user, 'segment.edit');
    const page = await getPageForUser(db, c.var.user, id);
    const document = page && (await getDocument(db, c.var.user, page.documentId));
    if (!page || !document) throw notFound('The page');
    assertCan(c.var.user, 'segment.edit', document.collectionId);
    await db.transaction(async (tx) => {
      await setPageSensitive(tx, id, sensitive);
      await appendAudit(tx, auditEvent('page.marked', c.var.user.id, { sensitive }, { type: 'page', id }));
    });
    const { documentId: _d, ...updated } = (await getPageForUser(db, c.var.user, id))!;
    return c.json({ page: { ...updated, imageUrl: updated.width ? `/api/pages/${id}/image` : null } }, 200);
  })
  .openapi(addLineRoute, async (c) => {
    const { id } = c.req.valid('param');
    const segment = await addSegment(c.var.deps.database.db, c.var.user, id, c.req.valid('json'));
    return c.json({ segment }, 201);
  })
  .openapi(imageRoute, async (c) => {
    const { id } = c.req.valid('param');
    const page = await getPageImageForUser(c.var.deps.database.db, c.var.user, id);
    if (!page?.imageKey) throw notFound('The page image');
    const bytes = await c.var.deps.blobs.get('page', page.imageKey);
    // Content-addressed: the bytes behind this URL never change while the key stays.
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': page.imageMime ?? 'application/octet-stream',
      'cache-control': 'private, max-age=3600',
      etag: `"${page.imageKey}"`,
    }) as never;
  });
