import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { collectionMembers, collections, documents, users, type Role } from '../schema';
import { readableBy } from './documents';
import type { SessionUser } from './users';

export type CollectionRow = { id: number; name: string; restricted: boolean; createdAt: Date; documents: number; members: number };

const collectionColumns = {
  id: collections.id,
  name: collections.name,
  restricted: collections.restricted,
  createdAt: collections.createdAt,
  documents: sql<number>`(SELECT count(*)::int FROM ${documents} WHERE ${documents.collectionId} = ${collections.id})`,
  members: sql<number>`(SELECT count(*)::int FROM ${collectionMembers} WHERE ${collectionMembers.collectionId} = ${collections.id})`,
};

/** The collections this user may read, by name. */
export async function listCollections(db: Executor, user: SessionUser): Promise<CollectionRow[]> {
  return db.select(collectionColumns).from(collections).where(readableBy(user)).orderBy(asc(collections.name));
}

/** One collection, if this user may read it. */
export async function findReadableCollection(db: Executor, user: SessionUser, id: number): Promise<CollectionRow | null> {
  const [row] = await db.select(collectionColumns).from(collections).where(and(eq(collections.id, id), readableBy(user)));
  return row ?? null;
}

export async function insertCollection(db: Executor, values: { name: string; restricted: boolean }) {
  const [row] = await db.insert(collections).values(values).onConflictDoNothing().returning({ id: collections.id });
  return row?.id ?? null;
}

export async function updateCollection(db: Executor, id: number, values: Partial<{ name: string; restricted: boolean }>) {
  await db.update(collections).set(values).where(eq(collections.id, id));
}

export type MemberRow = { userId: number; email: string; name: string; globalRole: Role; role: Role | null; manager: boolean; disabled: boolean };

export async function listMembers(db: Executor, collectionId: number): Promise<MemberRow[]> {
  return db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      globalRole: users.role,
      role: collectionMembers.role,
      manager: collectionMembers.manager,
      disabled: users.disabled,
    })
    .from(collectionMembers)
    .innerJoin(users, eq(users.id, collectionMembers.userId))
    .where(eq(collectionMembers.collectionId, collectionId))
    .orderBy(asc(users.email));
}

export async function findMember(db: Executor, collectionId: number, userId: number) {
  const [row] = await db
    .select({ role: collectionMembers.role, manager: collectionMembers.manager })
    .from(collectionMembers)
    .where(and(eq(collectionMembers.collectionId, collectionId), eq(collectionMembers.userId, userId)));
  return row ?? null;
}

export async function upsertMember(db: Executor, values: { collectionId: number; userId: number; role: Role | null; manager: boolean }) {
  await db
    .insert(collectionMembers)
    .values(values)
    .onConflictDoUpdate({ target: [collectionMembers.collectionId, collectionMembers.userId], set: { role: values.role, manager: values.manager } });
}

export async function deleteMember(db: Executor, collectionId: number, userId: number): Promise<boolean> {
  const rows = await db
    .delete(collectionMembers)
    .where(and(eq(collectionMembers.collectionId, collectionId), eq(collectionMembers.userId, userId)))
    .returning({ userId: collectionMembers.userId });
  return rows.length > 0;
}
