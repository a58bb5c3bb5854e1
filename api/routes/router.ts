import { OpenAPIHono } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware';
import type { AppEnv } from '../context';

/** Turns a failed zod check into a 400 a person can act on. */
export const validationHook = (
  result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } },
  c: { json: (b: unknown, s: 400) => Response },
) => {
  if (result.success) return;
  const issues = result.error?.issues ?? [];
  const message = issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
  return c.json({ error: 'invalid_request', message: `The request is not valid. ${message}`, issues }, 400);
};

export const publicRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

/** Every route of a router made here requires a signed-in user or an API token. */
export const protectedRouter = () => {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.use('*', requireUser);
  return router;
};
