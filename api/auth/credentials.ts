import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '../../db/client';
import type { Role } from '../../db/schema';
import * as userQueries from '../../db/queries/users';
import { appendAudit } from '../audit/chain';
import { auditEvent } from '../audit/events';
import { announceAccessChanged } from '../documents/live';
import type { SessionUser } from '../../db/queries/users';
import { AppError, notFound } from '../lib/errors';
import { hashPassword, verifyPassword } from './password';
import { can } from './permissions';

export const sessionTtlMs = 12 * 60 * 60 * 1000;
const apiTokenPrefix = 'sij_';

/** Secrets are stored only as SHA-256: they are random 256-bit values, so no KDF is needed. */
export const secretHash = (secret: string) => createHash('sha256').update(secret).digest('hex');
const newSecret = () => randomBytes(32).toString('base64url');

export async function createUserAccount(
  db: Executor,
  input: { email: string; password: string; role: Role; name?: string; canCertify?: boolean },
  by: { actorId: number | null; via: 'cli' | 'api' | 'bootstrap'; invited?: boolean },
) {
  assertStrongPassword(input.password);
  if (await userQueries.findUserByEmail(db, input.email)) {
    throw new AppError(409, 'email_taken', `An account for ${input.email} already exists.`);
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const user = await userQueries.insertUser(tx, {
      email: input.email,
      name: input.name ?? input.email.split('@')[0]!,
      role: input.role,
      passwordHash,
      canCertify: input.canCertify ?? input.role === 'legal',
    });
    await appendAudit(
      tx,
      auditEvent('user.created', by.actorId, { userId: user.id, email: user.email, role: user.role, by: by.via, ...(by.invited ? { invited: true } : {}) }, { type: 'user', id: user.id }),
    );
    return user;
  });
}

/**
 * Signs in with email and password. A failure is recorded in the audit chain (against the
 * account tried) only when `auditFailure` says so for that account: the route records the first
 * per account and window (api/auth/rate-limits.ts); attempts on unknown emails are not recorded.
 */
export async function login(db: Executor, email: string, password: string, opts: { auditFailure?: (userId: number) => boolean } = {}) {
  const found = await userQueries.findUserForLogin(db, email);
  // Verify against a dummy hash when the account is unknown so timing does not reveal which emails exist.
  const ok = await verifyPassword(password, found?.passwordHash ?? (await dummyHash()));
  if (!found || !ok || found.disabled) {
    if (found && (opts.auditFailure?.(found.id) ?? true)) {
      await db.transaction((tx) =>
        appendAudit(tx, auditEvent('auth.login_failed', null, { email: found.email }, { type: 'user', id: found.id })),
      );
    }
    throw new AppError(401, 'invalid_credentials', 'The email or password is not correct.');
  }
  const token = newSecret();
  const expiresAt = new Date(Date.now() + sessionTtlMs);
  await db.transaction(async (tx) => {
    await userQueries.insertSession(tx, secretHash(token), found.id, expiresAt);
    await appendAudit(tx, auditEvent('auth.login', found.id, { method: 'password' }, { type: 'user', id: found.id }));
  });
  const { passwordHash: _p, disabled: _d, ...user } = found;
  return { user, token, expiresAt };
}

/** Ends this session, and revokes the API tokens that were made in it. */
export async function logout(db: Executor, sessionToken: string, userId: number) {
  const sessionHash = secretHash(sessionToken);
  await db.transaction(async (tx) => {
    await userQueries.deleteSession(tx, sessionHash);
    const tokenIds = await userQueries.revokeApiTokensWhere(tx, { sessionHash });
    await appendAudit(tx, auditEvent('auth.logout', userId, { tokensRevoked: tokenIds }, { type: 'user', id: userId }));
    await announceAccessChanged(tx, { userId, documentId: null, credentialsEnded: true });
  });
}

/** "Sign out everywhere": every session of the user ends and every API token of theirs is revoked. */
export async function logoutEverywhere(db: Executor, userId: number) {
  return db.transaction(async (tx) => {
    const sessions = await userQueries.deleteSessionsOfUser(tx, userId);
    const tokenIds = await userQueries.revokeApiTokensWhere(tx, { userId });
    await appendAudit(
      tx,
      auditEvent('auth.logout_everywhere', userId, { sessions, tokensRevoked: tokenIds }, { type: 'user', id: userId }),
    );
    await announceAccessChanged(tx, { userId, documentId: null, credentialsEnded: true });
    return { sessions, tokens: tokenIds.length };
  });
}

/**
 * A new API token for `userId`, shown once. `expiresAt`: refused from then on (null: until
 * revoked). `sessionHash`: the session it was made in, whose sign-out revokes it.
 */
export async function issueApiToken(
  db: Executor,
  userId: number,
  name: string,
  opts: { expiresAt?: Date | null; sessionHash?: string | null } = {},
) {
  const token = apiTokenPrefix + newSecret();
  return db.transaction(async (tx) => {
    const { id } = await userQueries.insertApiToken(tx, { userId, name, tokenHash: secretHash(token), ...opts });
    await appendAudit(
      tx,
      auditEvent(
        'token.created',
        userId,
        { tokenId: id, name, expiresAt: opts.expiresAt?.toISOString() ?? null, sessionBound: Boolean(opts.sessionHash) },
        { type: 'user', id: userId },
      ),
    );
    return { id, token };
  });
}

/**
 * Revokes a token: the caller's own, or anyone's for those who manage accounts. Someone else's
 * token is answered like one that does not exist (404), so ids do not tell whose they are.
 */
export async function revokeToken(db: Executor, actor: SessionUser, tokenId: number) {
  const token = await userQueries.findApiToken(db, tokenId);
  if (!token || (token.userId !== actor.id && !can(actor, 'user.manage'))) throw notFound('The token');
  return db.transaction(async (tx) => {
    const revoked = await userQueries.revokeApiToken(tx, tokenId);
    if (revoked) {
      await appendAudit(tx, auditEvent('token.revoked', actor.id, { tokenId, ownerId: token.userId }, { type: 'user', id: token.userId }));
      await announceAccessChanged(tx, { userId: token.userId, documentId: null, credentialsEnded: true });
    }
    return { ...token, revokedAt: revoked ? new Date() : token.revokedAt };
  });
}

/**
 * Changes the caller's own password. The current password is required (401 `invalid_credentials`
 * otherwise, counted as a failed sign-in by the route's limit); every other session of the
 * account ends, the one the request came with (`keepSessionHash`) stays. API tokens stay: they
 * are revoked one by one or with "sign out everywhere".
 */
export async function changeOwnPassword(
  db: Executor,
  user: SessionUser,
  input: { currentPassword: string; newPassword: string },
  keepSessionHash?: string,
) {
  const hash = await userQueries.findPasswordHash(db, user.id);
  if (!hash || !(await verifyPassword(input.currentPassword, hash))) {
    throw new AppError(401, 'invalid_credentials', 'The current password is not correct.');
  }
  assertStrongPassword(input.newPassword);
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    await userQueries.setPasswordHash(tx, user.id, passwordHash);
    const sessions = await userQueries.deleteSessionsOfUser(tx, user.id, keepSessionHash);
    await appendAudit(tx, auditEvent('user.password_changed', user.id, { userId: user.id, by: 'self', sessionsEnded: sessions }, { type: 'user', id: user.id }));
    if (sessions > 0) await announceAccessChanged(tx, { userId: user.id, documentId: null, credentialsEnded: true });
    return { sessionsEnded: sessions };
  });
}

/** 10 characters at least: a passphrase of a few words passes, a short word does not. */
export function assertStrongPassword(password: string) {
  if (password.length < 10) throw new AppError(400, 'weak_password', 'The password must be at least 10 characters long.');
}

/** One-time set-password tokens (invitations, resets) last this long. */
export const passwordTokenTtlMs = 7 * 24 * 60 * 60 * 1000;

/** A new one-time set-password token for the account (replacing any earlier one); shown once. */
export async function newPasswordToken(db: Executor, userId: number) {
  const token = newSecret();
  const expiresAt = new Date(Date.now() + passwordTokenTtlMs);
  await userQueries.setPasswordToken(db, userId, secretHash(token), expiresAt);
  return { token, expiresAt };
}

/**
 * Chooses a password with a one-time token (an invitation or a reset). The token is used up;
 * every session of the account ends. 400 `invalid_token` for an unknown, used or expired token
 * and for a disabled account, in the same words.
 */
export async function setPasswordWithToken(db: Executor, token: string, password: string) {
  const found = await userQueries.findUserByPasswordToken(db, secretHash(token));
  if (!found || found.disabled) {
    throw new AppError(400, 'invalid_token', 'This link to set a password is not valid any more. Ask an administrator for a new one.');
  }
  assertStrongPassword(password);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await userQueries.setPasswordHash(tx, found.id, passwordHash);
    const sessions = await userQueries.deleteSessionsOfUser(tx, found.id);
    await appendAudit(tx, auditEvent('user.password_changed', found.id, { userId: found.id, by: 'token', sessionsEnded: sessions }, { type: 'user', id: found.id }));
    await announceAccessChanged(tx, { userId: found.id, documentId: null, credentialsEnded: true });
  });
  return { email: found.email };
}

/**
 * A token's `lastUsedAt` is written when it authenticates a request, at most this often (ms):
 * a script polling every second must not turn every read into a write. The tokens list is
 * therefore right to within a minute.
 */
export const tokenUseRecordedEveryMs = 60_000;

/**
 * Resolves `Authorization: Bearer` (API token) or the session cookie to a user, and with a
 * session cookie the session's hash (to end it, or keep it when others end). Revoked or expired
 * credentials, and those of a disabled account, resolve to nobody.
 */
export async function authenticate(
  db: Executor,
  creds: { bearer?: string; sessionToken?: string },
): Promise<{ user: SessionUser; sessionHash?: string } | null> {
  const withMemberships = async (user: SessionUser | null) => user && { ...user, memberships: await userQueries.membershipsOf(db, user.id) };
  if (creds.bearer) {
    const found = await userQueries.findUserByApiToken(db, secretHash(creds.bearer));
    if (!found) return null;
    const unlessSince = new Date(Date.now() - tokenUseRecordedEveryMs);
    if (!found.lastUsedAt || found.lastUsedAt < unlessSince) await userQueries.recordApiTokenUse(db, found.tokenId, unlessSince);
    return { user: (await withMemberships(found.user))! };
  }
  if (creds.sessionToken) {
    const sessionHash = secretHash(creds.sessionToken);
    const user = await withMemberships(await userQueries.findUserBySession(db, sessionHash));
    return user && { user, sessionHash };
  }
  return null;
}

// A real scrypt hash of a random password, computed on first use, for constant-time failures.
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(newSecret()));
