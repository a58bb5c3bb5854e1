import { createRoute, z } from '@hono/zod-openapi';
import { issueApiToken, revokeToken } from '../auth/credentials';
import { assertCan } from '../auth/permissions';
import { listApiTokens } from '../../db/queries/users';
import { AppError } from '../lib/errors';
import { errorResponse, IdParam, jsonContent } from './schemas';
import { protectedRouter } from './router';

export const ApiTokenSchema = z
  .object({
    id: z.number(),
    userId: z.number(),
    email: z.string(),
    name: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    /** When it last authenticated a request, to within a minute; null: never used. */
    lastUsedAt: z.string().nullable(),
    /** Made while signed in with the session cookie: signing out of that session revokes it. */
    sessionBound: z.boolean(),
    /** Neither revoked nor expired. */
    active: z.boolean(),
  })
  .openapi('ApiToken');

const listTokensRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['auth'],
  summary: 'API tokens: my own, or everyone’s (`all=true`, administrators only)',
  description: 'Never the secrets: only names, owners and dates. Newest first.',
  request: { query: z.object({ all: z.enum(['true', 'false']).optional() }) },
  responses: {
    200: jsonContent(z.object({ tokens: z.array(ApiTokenSchema) }), 'The tokens'),
    401: errorResponse('Not signed in'),
    403: errorResponse('`all=true` without the right to manage accounts'),
  },
});

const createTokenRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['auth'],
  summary: 'Create an API token for the signed-in user (shown once)',
  description:
    'A token made with the session cookie ends when that session signs out; one made with another API token lasts until it expires or is revoked. ' +
    '`expiresAt` (ISO 8601, in the future): refused from then on.',
  request: {
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z.object({
            name: z.string().trim().min(1).max(100).default('api'),
            expiresAt: z.string().datetime({ offset: true }).optional().openapi({ example: '2027-01-01T00:00:00Z' }),
          }),
        },
      },
    },
  },
  responses: {
    201: jsonContent(z.object({ id: z.number(), token: z.string() }), 'The token; only its hash is stored'),
    400: errorResponse('An expiry that is not in the future'),
    401: errorResponse('Not signed in'),
  },
});

const revokeTokenRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['auth'],
  summary: 'Revoke an API token: my own, or anyone’s for administrators',
  description: 'Refused at once from then on. Another user’s token is a 404 for those who do not manage accounts.',
  request: { params: IdParam },
  responses: {
    200: jsonContent(z.object({ token: ApiTokenSchema }), 'Revoked (revoking twice is harmless)'),
    401: errorResponse('Not signed in'),
    404: errorResponse('No such token of yours'),
  },
});

const tokenOut = (t: Awaited<ReturnType<typeof listApiTokens>>[number]) => ({
  ...t,
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  active: !t.revokedAt && (!t.expiresAt || t.expiresAt > new Date()),
});

export const tokenRoutes = protectedRouter()
  .openapi(listTokensRoute, async (c) => {
    const all = c.req.valid('query').all === 'true';
    if (all) assertCan(c.var.user, 'user.manage');
    const tokens = await listApiTokens(c.var.deps.database.db, all ? null : c.var.user.id);
    return c.json({ tokens: tokens.map(tokenOut) }, 200);
  })
  .openapi(createTokenRoute, async (c) => {
    const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : { name: 'api', expiresAt: undefined };
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
    if (expiresAt && expiresAt <= new Date()) throw new AppError(400, 'invalid_expiry', 'The expiry must be in the future.');
    const created = await issueApiToken(c.var.deps.database.db, c.var.user.id, body.name ?? 'api', {
      expiresAt,
      sessionHash: c.var.sessionHash ?? null,
    });
    return c.json(created, 201);
  })
  .openapi(revokeTokenRoute, async (c) => {
    const token = await revokeToken(c.var.deps.database.db, c.var.user, c.req.valid('param').id);
    return c.json({ token: tokenOut(token) }, 200);
  });
