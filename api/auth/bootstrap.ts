import { randomBytes } from 'node:crypto';
import type { Executor } from '../../db/client';
import { countUsers } from '../../db/queries/users';
import { createUserAccount } from './credentials';

/** On an empty database, one admin account; its password is returned to be shown once. */
export async function ensureFirstAdmin(db: Executor, opts: { email?: string; password?: string }) {
  if ((await countUsers(db)) > 0) return null;
  const email = opts.email ?? 'admin@sijill.local';
  const password = opts.password ?? randomBytes(12).toString('base64url');
  await createUserAccount(db, { email, password, role: 'admin', name: 'Administrator', canCertify: true }, { actorId: null, via: 'bootstrap' });
  return { email, password, generated: !opts.password };
}
