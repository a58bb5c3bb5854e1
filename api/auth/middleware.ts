import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context';
import { AppError } from '../lib/errors';
import { authenticate } from './credentials';

export const sessionCookie = 'sijill_session';

/** The one auth check: every route registered after it requires a signed-in user. */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const found = await authenticate(c.var.deps.database.db, { bearer, sessionToken: getCookie(c, sessionCookie) });
  if (!found) throw new AppError(401, 'unauthenticated', 'Sign in first, or send a valid API token.');
  c.set('user', found.user);
  if (found.sessionHash) c.set('sessionHash', found.sessionHash);
  await next();
});
