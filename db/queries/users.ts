import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { apiTokens, sessions, users, type Role } from '../schema';

export type SessionUser = { id: number; email: string; name: string; role: Role; canCertify: boolean };

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

export async function insertApiToken(db: Executor, userId: number, name: string, tokenHash: string) {
  const [row] = await db.insert(apiTokens).values({ userId, name, tokenHash }).returning({ id: apiTokens.id });
  return row!;
}

export async function findUserByApiToken(db: Executor, tokenHash: string): Promise<SessionUser | null> {
  const [row] = await db
    .select(sessionUserColumns)
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), eq(users.disabled, false)));
  return row ?? null;
}
