import { and, asc, desc, eq, gt, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { apiTokens, collectionMembers, sessions, users, type Role } from '../schema';

/** A user's place in one collection: their role there (null: their global role) and whether they manage it. */
export type Membership = { role: Role | null; manager: boolean };

/**
 * The signed-in user. `memberships` (collection id → membership) is loaded with every request
 * (api/auth/credentials.ts `authenticate`); absent, the user is taken to belong nowhere.
 */
export type SessionUser = { id: number; email: string; name: string; role: Role; canCertify: boolean; memberships?: Readonly<Record<number, Membership>> };

/** Collection id → membership, for `SessionUser.memberships`. */
export async function membershipsOf(db: Executor, userId: number): Promise<Record<number, Membership>> {
  const rows = await db
    .select({ collectionId: collectionMembers.collectionId, role: collectionMembers.role, manager: collectionMembers.manager })
    .from(collectionMembers)
    .where(eq(collectionMembers.userId, userId));
  return Object.fromEntries(rows.map((r) => [r.collectionId, { role: r.role, manager: r.manager }]));
}

const sessionUserColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  canCertify: users.canCertify,
};

export async function findUserForLogin(db: Executor, email: string) {
  const [row] = await db
    .select({ ...sessionUserColumns, passwordHash: users.passwordHash, disabled: users.disabled })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()));
  return row ?? null;
}

export async function findUserByEmail(db: Executor, email: string): Promise<SessionUser | null> {
  const [row] = await db.select(sessionUserColumns).from(users).where(eq(users.email, email.trim().toLowerCase()));
  return row ?? null;
}

export async function findUserById(db: Executor, id: number): Promise<SessionUser | null> {
  const [row] = await db.select(sessionUserColumns).from(users).where(and(eq(users.id, id), eq(users.disabled, false)));
  return row ?? null;
}

export async function insertUser(
  db: Executor,
  values: { email: string; name: string; role: Role; passwordHash: string; canCertify?: boolean },
): Promise<SessionUser> {
  const [row] = await db
    .insert(users)
    .values({ ...values, email: values.email.trim().toLowerCase() })
    .returning(sessionUserColumns);
  return row!;
}

export async function countUsers(db: Executor): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

export async function insertSession(db: Executor, tokenHash: string, userId: number, expiresAt: Date) {
  await db.insert(sessions).values({ tokenHash, userId, expiresAt });
}

export async function deleteSession(db: Executor, tokenHash: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function findUserBySession(db: Executor, tokenHash: string): Promise<SessionUser | null> {
  const [row] = await db
    .select(sessionUserColumns)
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, new Date()), eq(users.disabled, false)));
  return row ?? null;
}

export async function insertApiToken(
  db: Executor,
  values: { userId: number; name: string; tokenHash: string; expiresAt?: Date | null; sessionHash?: string | null },
) {
  const [row] = await db.insert(apiTokens).values(values).returning({ id: apiTokens.id });
  return row!;
}

/**
 * The user an API token belongs to, with the token's id and when it was last recorded as used;
 * null when it is revoked, expired or its account disabled.
 */
export async function findUserByApiToken(db: Executor, tokenHash: string): Promise<{ user: SessionUser; tokenId: number; lastUsedAt: Date | null } | null> {
  const [row] = await db
    .select({ ...sessionUserColumns, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, new Date())),
        eq(users.disabled, false),
      ),
    );
  if (!row) return null;
  const { tokenId, lastUsedAt, ...user } = row;
  return { user, tokenId, lastUsedAt };
}

/**
 * Records that a token was used now, unless that was already recorded at or after `unlessSince`
 * (so concurrent requests write once). Returns whether it wrote.
 */
export async function recordApiTokenUse(db: Executor, tokenId: number, unlessSince: Date): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, unlessSince))))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

const tokenColumns = {
  id: apiTokens.id,
  userId: apiTokens.userId,
  email: users.email,
  name: apiTokens.name,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  revokedAt: apiTokens.revokedAt,
  /** Recorded at most once a minute per token (api/auth/credentials.ts); null: never used. */
  lastUsedAt: apiTokens.lastUsedAt,
  /** Made with the session cookie: ends when that session signs out. */
  sessionBound: sql<boolean>`${apiTokens.sessionHash} is not null`,
};
export type ApiTokenRow = { id: number; userId: number; email: string; name: string; createdAt: Date; expiresAt: Date | null; revokedAt: Date | null; lastUsedAt: Date | null; sessionBound: boolean };

/** API tokens, newest first: one user's, or everyone's (`userId` null). Never their secrets. */
export async function listApiTokens(db: Executor, userId: number | null): Promise<ApiTokenRow[]> {
  return db
    .select(tokenColumns)
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(userId === null ? undefined : eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

export async function findApiToken(db: Executor, id: number): Promise<ApiTokenRow | null> {
  const [row] = await db.select(tokenColumns).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId)).where(eq(apiTokens.id, id));
  return row ?? null;
}

/** Revokes one token (no-op if already revoked); returns whether it was live. */
export async function revokeApiToken(db: Executor, id: number): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

/** Revokes the live tokens of a user, or those made in one session; returns their ids. */
export async function revokeApiTokensWhere(db: Executor, where: { userId: number } | { sessionHash: string }): Promise<number[]> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and('userId' in where ? eq(apiTokens.userId, where.userId) : eq(apiTokens.sessionHash, where.sessionHash), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.map((r) => r.id);
}

/** Ends every session of a user except `keepHash` (the one the request came with); returns how many. */
export async function deleteSessionsOfUser(db: Executor, userId: number, keepHash?: string): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), keepHash ? ne(sessions.tokenHash, keepHash) : undefined))
    .returning({ h: sessions.tokenHash });
  return rows.length;
}

export async function findPasswordHash(db: Executor, userId: number): Promise<string | null> {
  const [row] = await db.select({ h: users.passwordHash }).from(users).where(eq(users.id, userId));
  return row?.h ?? null;
}

/** A new password; any pending set-password token is used up with it. */
export async function setPasswordHash(db: Executor, userId: number, passwordHash: string) {
  await db.update(users).set({ passwordHash, passwordTokenHash: null, passwordTokenExpiresAt: null }).where(eq(users.id, userId));
}

export async function setPasswordToken(db: Executor, userId: number, tokenHash: string, expiresAt: Date) {
  await db.update(users).set({ passwordTokenHash: tokenHash, passwordTokenExpiresAt: expiresAt }).where(eq(users.id, userId));
}

/** The account a live set-password token belongs to (disabled accounts included: the caller decides). */
export async function findUserByPasswordToken(db: Executor, tokenHash: string) {
  const [row] = await db
    .select({ ...sessionUserColumns, disabled: users.disabled })
    .from(users)
    .where(and(eq(users.passwordTokenHash, tokenHash), gt(users.passwordTokenExpiresAt, new Date())));
  return row ?? null;
}

export type UserRow = SessionUser & { disabled: boolean; createdAt: Date; passwordPending: boolean };
const userRowColumns = {
  ...sessionUserColumns,
  disabled: users.disabled,
  createdAt: users.createdAt,
  /** Invited or reset with a set-password token that has not been used yet. */
  passwordPending: sql<boolean>`${users.passwordTokenHash} is not null`,
};

/** Every account (disabled ones included), by email. */
export async function listUsers(db: Executor): Promise<UserRow[]> {
  return db.select(userRowColumns).from(users).orderBy(asc(users.email));
}

export async function findUserRow(db: Executor, id: number): Promise<UserRow | null> {
  const [row] = await db.select(userRowColumns).from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function updateUserFields(db: Executor, id: number, values: Partial<{ name: string; role: Role; disabled: boolean; canCertify: boolean }>) {
  await db.update(users).set(values).where(eq(users.id, id));
}

/** Enabled administrators other than `exceptId`. */
export async function countOtherActiveAdmins(db: Executor, exceptId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.disabled, false), ne(users.id, exceptId)));
  return row?.n ?? 0;
}
