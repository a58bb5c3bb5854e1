import { createRoute, z } from '@hono/zod-openapi';
import { addUser, resetPassword, updateUser } from '../auth/accounts';
import { assertCan } from '../auth/permissions';
import { listUsers, type UserRow } from '../../db/queries/users';
import { roles } from '../../db/schema';
import { errorResponse, IdParam, jsonBody, jsonContent } from './schemas';
import { protectedRouter } from './router';

/** Account management: administrators only (`user.manage`). */

export const AccountSchema = z
  .object({
    id: z.number(),
    email: z.string(),
    name: z.string(),
    role: z.enum(roles),
    canCertify: z.boolean(),
    disabled: z.boolean(),
    createdAt: z.string(),
    /** Invited or reset with a set-password token not used yet. */
    passwordPending: z.boolean(),
  })
  .openapi('Account');

/** A one-time set-password token, shown once: hand it to the person (POST /api/auth/set-password). */
const SetPasswordSchema = z.object({ token: z.string(), expiresAt: z.string() }).nullable();
const password = z.string().min(1).max(1024).openapi({ description: 'At least 10 characters' });

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['users'],
  summary: 'Every account, disabled ones included (administrators)',
  responses: {
    200: jsonContent(z.object({ users: z.array(AccountSchema) }), 'The accounts, by email'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not an administrator'),
  },
});

const addRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['users'],
  summary: 'Add an account, with a password or invited with a one-time set-password token',
  description: 'Without `password`, the answer carries `setPassword.token` (valid 7 days, shown once) for the person to choose theirs.',
  request: {
    body: jsonBody(
      z.object({
        email: z.string().trim().toLowerCase().email().max(320),
        name: z.string().trim().min(1).max(200).optional(),
        role: z.enum(roles),
        password: password.optional(),
        canCertify: z.boolean().optional(),
      }),
    ),
  },
  responses: {
    201: jsonContent(z.object({ user: AccountSchema, setPassword: SetPasswordSchema }), 'Added'),
    400: errorResponse('Invalid email, role or a password that is too short'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not an administrator'),
    409: errorResponse('An account with this email exists'),
  },
});

const updateRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['users'],
  summary: 'Change an account’s name, role, right to certify, or disable / enable it',
  description: 'Disabling ends its sessions and stops its API tokens at once. 409 `last_admin` if no enabled administrator would be left.',
  request: {
    params: IdParam,
    body: jsonBody(
      z.object({
        name: z.string().trim().min(1).max(200).optional(),
        role: z.enum(roles).optional(),
        canCertify: z.boolean().optional(),
        disabled: z.boolean().optional(),
      }),
    ),
  },
  responses: {
    200: jsonContent(z.object({ user: AccountSchema }), 'The account as it is now'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not an administrator'),
    404: errorResponse('No such account'),
    409: errorResponse('The last administrator'),
  },
});

const resetRoute = createRoute({
  method: 'post',
  path: '/{id}/password',
  tags: ['users'],
  summary: 'Reset an account’s password: to a given one, or with a one-time set-password token',
  description: 'Every session of the account ends.',
  request: { params: IdParam, body: jsonBody(z.object({ password: password.optional() })) },
  responses: {
    200: jsonContent(z.object({ setPassword: SetPasswordSchema, sessionsEnded: z.number() }), 'Reset'),
    400: errorResponse('A password that is too short'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not an administrator'),
    404: errorResponse('No such account'),
  },
});

const accountOut = (u: UserRow) => ({ ...u, createdAt: u.createdAt.toISOString() });
const setPasswordOut = (s: { token: string; expiresAt: Date } | null) => s && { token: s.token, expiresAt: s.expiresAt.toISOString() };

export const userRoutes = protectedRouter()
  .openapi(listRoute, async (c) => {
    assertCan(c.var.user, 'user.manage');
    return c.json({ users: (await listUsers(c.var.deps.database.db)).map(accountOut) }, 200);
  })
  .openapi(addRoute, async (c) => {
    assertCan(c.var.user, 'user.manage');
    const { user, setPassword } = await addUser(c.var.deps.database.db, c.var.user.id, c.req.valid('json'));
    return c.json({ user: accountOut(user), setPassword: setPasswordOut(setPassword) }, 201);
  })
  .openapi(updateRoute, async (c) => {
    assertCan(c.var.user, 'user.manage');
    const user = await updateUser(c.var.deps.database.db, c.var.user.id, c.req.valid('param').id, c.req.valid('json'));
    return c.json({ user: accountOut(user) }, 200);
  })
  .openapi(resetRoute, async (c) => {
    assertCan(c.var.user, 'user.manage');
    const result = await resetPassword(c.var.deps.database.db, c.var.user.id, c.req.valid('param').id, c.req.valid('json').password);
    return c.json({ setPassword: setPasswordOut(result.setPassword), sessionsEnded: result.sessionsEnded }, 200);
  });
