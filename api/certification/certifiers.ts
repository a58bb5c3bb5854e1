import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import type { DbHandle, Executor } from '../../db/client';
import { findUserByEmail } from '../../db/queries/users';
import { users } from '../../db/schema';
import { appendAudit } from '../audit/chain';
import { auditEvent } from '../audit/events';
import { AppError } from '../lib/errors';

/** Grants or revokes an account's right to certify (the `canCertify` flag), audited. */
export async function setCertifier(db: Executor, email: string, allowed: boolean, actorId: number | null) {
  const user = await findUserByEmail(db, email);
  if (!user) throw new AppError(404, 'not_found', `No account for ${email}.`);
  if (user.canCertify === allowed) return { user, changed: false };
  await db.transaction(async (tx) => {
    await tx.update(users).set({ canCertify: allowed }).where(eq(users.id, user.id));
    await appendAudit(
      tx,
      auditEvent('user.certifier_changed', actorId, { userId: user.id, canCertify: allowed }, { type: 'user', id: user.id }),
    );
  });
  return { user: { ...user, canCertify: allowed }, changed: true };
}

/** `sijill users certify --email E [--revoke]` */
export async function usersCertifyCommand({ db }: DbHandle, argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { email: { type: 'string' }, revoke: { type: 'boolean' } } });
  if (!values.email) throw new AppError(400, 'usage', 'users certify needs --email (and --revoke to take the right away).');
  const { user, changed } = await setCertifier(db, values.email, !values.revoke, null);
  const state = user.canCertify ? 'may certify translations' : 'may not certify translations';
  process.stdout.write(`${user.email} (${user.role}) ${state}${changed ? '' : ' (unchanged)'}.\n`);
  return 0;
}
