import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '../../db/client';
import type { Role } from '../../db/schema';
import * as userQueries from '../../db/queries/users';
import { appendAudit } from '../audit/chain';
import { auditEvent } from '../audit/events';
import { AppError } from '../lib/errors';
import { hashPassword, verifyPassword } from './password';

export const sessionTtlMs = 12 * 60 * 60 * 1000;
const apiTokenPrefix = 'sij_';

/** Secrets are stored only as SHA-256: they are random 256-bit values, so no KDF is needed. */
export const secretHash = (secret: string) => createHash('sha256').update(secret).digest('hex');
const newSecret = () => randomBytes(32).toString('base64url');

export async function createUserAccount(
  db: Executor,
  input: { email: string; password: string; role: Role; name?: string; canCertify?: boolean },
  by: { actorId: number | null; via: 'cli' | 'api' | 'bootstrap' },
) {
  if (input.password.length < 10) throw new AppError(400, 'weak_password', 'The password must be at least 10 characters long.');
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
      auditEvent('user.created', by.actorId, { userId: user.id, email: user.email, role: user.role, by: by.via }, { type: 'user', id: user.id }),
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

export async function logout(db: Executor, sessionToken: string, userId: number) {
  await db.transaction(async (tx) => {
    await userQueries.deleteSession(tx, secretHash(sessionToken));
    await appendAudit(tx, auditEvent('auth.logout', userId, {}, { type: 'user', id: userId }));
  });
}

export async function issueApiToken(db: Executor, userId: number, name: string) {
  const token = apiTokenPrefix + newSecret();
  return db.transaction(async (tx) => {
    const { id } = await userQueries.insertApiToken(tx, userId, name, secretHash(token));
    await appendAudit(tx, auditEvent('token.created', userId, { tokenId: id, name }, { type: 'user', id: userId }));
    return { id, token };
  });
}

/** Resolves `Authorization: Bearer` (API token) or the session cookie to a user. */
export async function authenticate(db: Executor, creds: { bearer?: string; sessionToken?: string }) {
  if (creds.bearer) return userQueries.findUserByApiToken(db, secretHash(creds.bearer));
  if (creds.sessionToken) return userQueries.findUserBySession(db, secretHash(creds.sessionToken));
  return null;
}

// A real scrypt hash of a random password, computed on first use, for constant-time failures.
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(newSecret()));
