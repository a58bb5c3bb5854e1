import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { login, logout, sessionTtlMs } from '../auth/credentials';
import { requireUser, sessionCookie } from '../auth/middleware';
import { limited } from '../auth/rate-limits';
import { permissionsOf } from '../auth/permissions';
import { errorResponse, jsonBody, jsonContent, UserSchema } from './schemas';
import { publicRouter } from './router';

const loginRoute = createRoute({
  method: 'post',
  path: '/login',
  tags: ['auth'],
  summary: 'Sign in with email and password; sets the session cookie',
  description:
    'After 10 failed attempts for one email from one address, or 30 from one address whatever the emails, in 15 minutes, further attempts get 429 until the window passes. ' +
    'The first failed attempt on an account in each 15 minutes is recorded in the audit chain.',
  middleware: [limited('loginFromAddress'), limited('login')] as const,
  request: {
    body: jsonBody(z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(1024) })),
  },
  responses: {
    200: jsonContent(z.object({ user: UserSchema }), 'Signed in'),
    400: errorResponse('Malformed request'),
    401: errorResponse('Wrong email or password'),
    429: errorResponse('Too many failed attempts; see Retry-After'),
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/logout',
  tags: ['auth'],
  middleware: [requireUser] as const,
  responses: { 200: jsonContent(z.object({ ok: z.literal(true) }), 'Signed out'), 401: errorResponse('Not signed in') },
});

const meRoute = createRoute({
  method: 'get',
  path: '/me',
  tags: ['auth'],
  middleware: [requireUser] as const,
  responses: {
    200: jsonContent(z.object({ user: UserSchema, permissions: z.array(z.string()) }), 'The signed-in user and what their role may do'),
    401: errorResponse('Not signed in'),
  },
});

export const authRoutes = publicRouter()
  .openapi(loginRoute, async (c) => {
    const { email, password } = c.req.valid('json');
    const { user, token } = await login(c.var.deps.database.db, email, password, {
      auditFailure: (userId) => c.var.limits.failedSignIns.shouldAudit(userId),
    });
    setCookie(c, sessionCookie, token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: c.var.deps.config.cookieSecure,
      path: '/',
      maxAge: Math.floor(sessionTtlMs / 1000),
    });
    return c.json({ user }, 200);
  })
  .openapi(logoutRoute, async (c) => {
    const token = getCookie(c, sessionCookie);
    if (token) await logout(c.var.deps.database.db, token, c.var.user.id);
    deleteCookie(c, sessionCookie, { path: '/' });
    return c.json({ ok: true as const }, 200);
  })
  .openapi(meRoute, (c) => c.json({ user: c.var.user, permissions: permissionsOf(c.var.user) }, 200));
