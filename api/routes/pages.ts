import { createRoute, z } from '@hono/zod-openapi';
import { getPageImageForUser } from '../../db/queries/pages';
import { notFound } from '../lib/errors';
import { errorResponse, IdParam } from './schemas';
import { protectedRouter } from './router';

const imageRoute = createRoute({
  method: 'get',
  path: '/{id}/image',
  tags: ['pages'],
  summary: 'The working image of a page (the original file is kept apart, unchanged)',
  request: { params: IdParam },
  responses: {
    200: { content: { 'image/png': { schema: z.string().openapi({ format: 'binary' }) }, 'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) } }, description: 'Image' },
    404: errorResponse('No such page, not rendered yet, or not readable'),
  },
});

export const pageRoutes = protectedRouter().openapi(imageRoute, async (c) => {
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
