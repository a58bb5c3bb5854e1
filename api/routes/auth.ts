import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { changeOwnPassword, login, logout, logoutEverywhere, sessionTtlMs, setPasswordWithToken } from '../auth/credentials';
import { requireUser, sessionCookie } from '../auth/middleware';
import { limited } from '../auth/rate-limits';
import { signedInHintCookie } from '../auth/signed-in-hint';
import { permissionsOf } from '../auth/permissions';
import { errorResponse, jsonBody, jsonContent, UserSchema } from './schemas';
import { publicRouter } from './router';

const loginRoute = createRoute({
  method: 'post',
  path: '/login',
  tags: ['auth'],
  summary: 'Sign in with email and password; sets the session cookie (and `sijill_signed_in`, readable by the web app)',
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

const logoutEverywhereRoute = createRoute({
  method: 'post',
  path: '/logout-everywhere',
  tags: ['auth'],
  summary: 'Sign out everywhere: ends every session of the signed-in user and revokes all their API tokens',
  middleware: [requireUser] as const,
  responses: {
    200: jsonContent(z.object({ sessions: z.number(), tokens: z.number() }), 'How many sessions ended and tokens were revoked'),
    401: errorResponse('Not signed in'),
  },
});

const newPassword = z.string().min(1).max(1024).openapi({ description: 'At least 10 characters (400 `weak_password` otherwise)' });

const changePasswordRoute = createRoute({
  method: 'post',
  path: '/password',
  tags: ['auth'],
  summary: 'Change my password (the current one is required); my other sessions end',
  description:
    'The session the request comes with stays signed in; every other session of the account ends. API tokens stay (revoke them, or sign out everywhere). ' +
    'After 10 wrong current passwords in 15 minutes, further attempts get 429.',
  middleware: [requireUser, limited('passwordCheck')] as const,
  request: { body: jsonBody(z.object({ currentPassword: z.string().min(1).max(1024), newPassword })) },
  responses: {
    200: jsonContent(z.object({ sessionsEnded: z.number() }), 'Changed'),
    400: errorResponse('The new password is too short'),
    401: errorResponse('Not signed in, or the current password is wrong'),
    429: errorResponse('Too many wrong passwords'),
  },
});

const setPasswordRoute = createRoute({
  method: 'post',
  path: '/set-password',
  tags: ['auth'],
  summary: 'Choose a password with a one-time token from an invitation or a reset',
  description: 'The token is used up; every session of the account ends. Sign in afterwards.',
  request: { body: jsonBody(z.object({ token: z.string().min(1).max(200), password: newPassword })) },
  responses: {
    200: jsonContent(z.object({ email: z.string() }), 'The password is set; sign in with this email'),
    400: errorResponse('Unknown, used or expired token, or a password that is too short'),
  },
});

export const authRoutes = publicRouter()
  .openapi(loginRoute, async (c) => {
    const { email, password } = c.req.valid('json');
    const { user, token } = await login(c.var.deps.database.db, email, password, {
      auditFailure: (userId) => c.var.limits.failedSignIns.shouldAudit(userId),
    });
    const cookie = { sameSite: 'Strict', secure: c.var.deps.config.cookieSecure, path: '/', maxAge: Math.floor(sessionTtlMs / 1000) } as const;
    setCookie(c, sessionCookie, token, { ...cookie, httpOnly: true });
    setCookie(c, signedInHintCookie, '1', cookie);
    return c.json({ user }, 200);
  })
  .openapi(logoutRoute, async (c) => {
    const token = getCookie(c, sessionCookie);
    if (token) await logout(c.var.deps.database.db, token, c.var.user.id);
    deleteCookie(c, sessionCookie, { path: '/' });
    deleteCookie(c, signedInHintCookie, { path: '/' });
    return c.json({ ok: true as const }, 200);
  })
  .openapi(logoutEverywhereRoute, async (c) => {
    const result = await logoutEverywhere(c.var.deps.database.db, c.var.user.id);
    deleteCookie(c, sessionCookie, { path: '/' });
    deleteCookie(c, signedInHintCookie, { path: '/' });
    return c.json(result, 200);
  })
  .openapi(changePasswordRoute, async (c) => {
    const result = await changeOwnPassword(c.var.deps.database.db, c.var.user, c.req.valid('json'), c.var.sessionHash);
    return c.json(result, 200);
  })
  .openapi(setPasswordRoute, async (c) => {
    const { token, password } = c.req.valid('json');
    return c.json(await setPasswordWithToken(c.var.deps.database.db, token, password), 200);
  })
  .openapi(meRoute, (c) => c.json({ user: c.var.user, permissions: permissionsOf(c.var.user) }, 200));
