import { createRoute, z } from '@hono/zod-openapi';
import { issueApiToken } from '../auth/credentials';
import { errorResponse, jsonContent } from './schemas';
import { protectedRouter } from './router';

const createTokenRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['auth'],
  summary: 'Create an API token for the signed-in user (shown once)',
  request: {
    body: {
      required: false,
      content: { 'application/json': { schema: z.object({ name: z.string().trim().min(1).max(100).default('api') }) } },
    },
  },
  responses: {
    201: jsonContent(z.object({ id: z.number(), token: z.string() }), 'The token; only its hash is stored'),
    401: errorResponse('Not signed in'),
  },
});

export const tokenRoutes = protectedRouter().openapi(createTokenRoute, async (c) => {
  const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : { name: 'api' };
  const created = await issueApiToken(c.var.deps.database.db, c.var.user.id, body.name ?? 'api');
  return c.json(created, 201);
});
