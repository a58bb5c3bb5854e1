import { randomBytes } from 'node:crypto';
import type { Executor } from '../../db/client';
import * as userQueries from '../../db/queries/users';
import type { Role } from '../../db/schema';
import { appendAudit } from '../audit/chain';
import { auditEvent } from '../audit/events';
import { announceAccessChanged } from '../documents/live';
import { AppError, notFound } from '../lib/errors';
import { assertStrongPassword, createUserAccount, newPasswordToken } from './credentials';
import { hashPassword } from './password';

/**
 * Account management by an administrator (the routes check `user.manage`): add or invite,
 * change, disable, reset a password. Every change is one audit event; passwords and tokens
 * never go into it.
 */

/**
 * Adds an account. With `password` it can sign in at once; without, it gets a one-time
 * set-password token (returned once, valid `passwordTokenTtlMs`) to hand to the person, and
 * no password anyone knows until they use it.
 */
export async function addUser(
  db: Executor,
  actorId: number,
  input: { email: string; name?: string; role: Role; password?: string; canCertify?: boolean },
) {
  const invited = input.password === undefined;
  const password = input.password ?? randomBytes(32).toString('base64url');
  const user = await createUserAccount(db, { ...input, password }, { actorId, via: 'api', invited });
  const setPassword = invited ? await newPasswordToken(db, user.id) : null;
  return { user: (await userQueries.findUserRow(db, user.id))!, setPassword };
}

/**
 * Changes name, role, certifying right or disabled state. Disabling ends the account's sessions
 * at once (its API tokens are refused while it is disabled). 409 `last_admin` when no enabled
 * administrator would be left.
 */
export async function updateUser(
  db: Executor,
  actorId: number,
  userId: number,
  changes: Partial<{ name: string; role: Role; disabled: boolean; canCertify: boolean }>,
) {
  const before = await userQueries.findUserRow(db, userId);
  if (!before) throw notFound('The account');
  const fields = (Object.keys(changes) as Array<keyof typeof changes>).filter((k) => changes[k] !== undefined && changes[k] !== before[k]);
  if (fields.length === 0) return before;
  const losesAdmin = before.role === 'admin' && !before.disabled && ((changes.role && changes.role !== 'admin') || changes.disabled === true);
  if (losesAdmin && (await userQueries.countOtherActiveAdmins(db, userId)) === 0) {
    throw new AppError(409, 'last_admin', 'This is the only enabled administrator: make someone else an administrator first.');
  }
  const values = Object.fromEntries(fields.map((k) => [k, changes[k]]));
  await db.transaction(async (tx) => {
    await userQueries.updateUserFields(tx, userId, values);
    const sessionsEnded = changes.disabled === true && fields.includes('disabled') ? await userQueries.deleteSessionsOfUser(tx, userId) : 0;
    await appendAudit(
      tx,
      auditEvent(
        'user.updated',
        actorId,
        {
          userId,
          fields,
          ...(fields.includes('role') ? { role: changes.role } : {}),
          ...(fields.includes('disabled') ? { disabled: changes.disabled } : {}),
          sessionsEnded,
        },
        { type: 'user', id: userId },
      ),
    );
    // No longer an administrator, or disabled: the documents they had open may be out of reach now.
    if (fields.includes('role') || fields.includes('disabled')) await announceAccessChanged(tx, { userId, documentId: null });
    if (fields.includes('canCertify')) {
      await appendAudit(tx, auditEvent('user.certifier_changed', actorId, { userId, canCertify: changes.canCertify! }, { type: 'user', id: userId }));
    }
  });
  return (await userQueries.findUserRow(db, userId))!;
}

/**
 * Resets an account's password: to `password` if given, otherwise to nothing anyone knows, with
 * a one-time set-password token returned once. Every session of the account ends.
 */
export async function resetPassword(db: Executor, actorId: number, userId: number, password?: string) {
  const user = await userQueries.findUserRow(db, userId);
  if (!user) throw notFound('The account');
  if (password !== undefined) assertStrongPassword(password);
  const passwordHash = await hashPassword(password ?? randomBytes(32).toString('base64url'));
  return db.transaction(async (tx) => {
    await userQueries.setPasswordHash(tx, userId, passwordHash);
    const setPassword = password === undefined ? await newPasswordToken(tx, userId) : null;
    const sessionsEnded = await userQueries.deleteSessionsOfUser(tx, userId);
    await appendAudit(
      tx,
      auditEvent(
        'user.password_changed',
        actorId,
        { userId, by: 'admin', method: password === undefined ? 'token' : 'password', sessionsEnded },
        { type: 'user', id: userId },
      ),
    );
    await announceAccessChanged(tx, { userId, documentId: null, credentialsEnded: true });
    return { setPassword, sessionsEnded };
  });
}
