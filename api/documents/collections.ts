import type { Executor } from '../../db/client';
import * as q from '../../db/queries/collections';
import { findUserRow, type SessionUser } from '../../db/queries/users';
import type { Role } from '../../db/schema';
import { appendAudit } from '../audit/chain';
import { auditEvent } from '../audit/events';
import { assertCan, can } from '../auth/permissions';
import { AppError, forbidden, notFound } from '../lib/errors';
import { cleanName } from '../text/names';
import { announceAccessChanged } from './live';

/**
 * Collections and who belongs to them (issue 12). Creating one is for administrators
 * (`collection.manage`); restricting or opening one and deciding its members and their roles in
 * it is for administrators and the collection's managers (`collection.manage` in that
 * collection). A collection the caller may not read is a 404, as one that does not exist.
 * Every change is one audit event (ids, names of collections, roles; nothing else).
 */

export async function createCollection(db: Executor, user: SessionUser, input: { name: string; restricted?: boolean }) {
  assertCan(user, 'collection.manage');
  const name = cleanName(input.name);
  if (!name) throw new AppError(400, 'invalid_request', 'A collection needs a name.');
  return db.transaction(async (tx) => {
    const id = await q.insertCollection(tx, { name, restricted: input.restricted ?? false });
    if (id === null) throw new AppError(409, 'collection_exists', `There is already a collection called “${name}”.`);
    await appendAudit(tx, auditEvent('collection.created', user.id, { collectionId: id, name, restricted: input.restricted ?? false }, { type: 'collection', id }));
    return (await q.findReadableCollection(tx, user, id))!;
  });
}

/** The collection, if the user may read it and manage it (404 / 403 otherwise). */
async function managed(db: Executor, user: SessionUser, id: number) {
  const found = await q.findReadableCollection(db, user, id);
  if (!found) throw notFound('The collection');
  assertCan(user, 'collection.manage', id);
  return found;
}

export async function changeCollection(db: Executor, user: SessionUser, id: number, change: { name?: string; restricted?: boolean }) {
  const before = await managed(db, user, id);
  const values: { name?: string; restricted?: boolean } = {};
  if (change.name !== undefined) {
    const name = cleanName(change.name);
    if (!name) throw new AppError(400, 'invalid_request', 'A collection needs a name.');
    if (name !== before.name) values.name = name;
  }
  if (change.restricted !== undefined && change.restricted !== before.restricted) values.restricted = change.restricted;
  if (Object.keys(values).length === 0) return before;
  return db.transaction(async (tx) => {
    await q.updateCollection(tx, id, values).catch((err: unknown) => {
      if ((err as { code?: string; cause?: { code?: string } }).code === '23505' || (err as { cause?: { code?: string } }).cause?.code === '23505') {
        throw new AppError(409, 'collection_exists', `There is already a collection called “${values.name}”.`);
      }
      throw err;
    });
    await appendAudit(tx, auditEvent('collection.updated', user.id, { collectionId: id, fields: Object.keys(values), ...values }, { type: 'collection', id }));
    // Restricted now: those not in it lose its documents, their open streams with them.
    if (values.restricted === true) await announceAccessChanged(tx, { userId: null, documentId: null });
    return (await q.findReadableCollection(tx, user, id))!;
  });
}

/**
 * A collection's manager decides other people's place in it, never their own: their role there
 * (null lets their global role apply, which may be higher), their manager flag and their
 * membership are for administrators to change. A collection needs no manager (administrators
 * manage every collection), so removing or demoting the last manager is allowed to those who may.
 */
function assertNotOwnPlace(user: SessionUser, userId: number) {
  if (userId === user.id && !can(user, 'collection.manage')) {
    throw forbidden('A manager cannot change their own role, manager flag or membership in a collection; an administrator can.');
  }
}

export async function members(db: Executor, user: SessionUser, id: number) {
  await managed(db, user, id);
  return q.listMembers(db, id);
}

/**
 * Adds a member or changes their place: `role` replaces their global role in this collection
 * (null: their global role applies); `manager` lets them manage it too. Administrators are
 * administrators everywhere, so `admin` is not a collection role.
 */
export async function setMember(db: Executor, user: SessionUser, id: number, userId: number, input: { role: Exclude<Role, 'admin'> | null; manager?: boolean }) {
  await managed(db, user, id);
  assertNotOwnPlace(user, userId);
  const member = await findUserRow(db, userId);
  if (!member) throw notFound('The account');
  const before = await q.findMember(db, id, userId);
  const next = { role: input.role, manager: input.manager ?? before?.manager ?? false };
  if (before && before.role === next.role && before.manager === next.manager) return;
  await db.transaction(async (tx) => {
    await q.upsertMember(tx, { collectionId: id, userId, ...next });
    await appendAudit(
      tx,
      auditEvent('collection.member_set', user.id, { collectionId: id, userId, role: next.role, manager: next.manager, added: !before }, { type: 'collection', id }),
    );
  });
}

export async function removeMember(db: Executor, user: SessionUser, id: number, userId: number) {
  await managed(db, user, id);
  assertNotOwnPlace(user, userId);
  return db.transaction(async (tx) => {
    const removed = await q.deleteMember(tx, id, userId);
    if (removed) {
      await appendAudit(tx, auditEvent('collection.member_removed', user.id, { collectionId: id, userId }, { type: 'collection', id }));
      await announceAccessChanged(tx, { userId, documentId: null });
    }
    return removed;
  });
}
