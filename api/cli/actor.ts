import { asc, eq } from 'drizzle-orm';
import type { DbHandle } from '../../db/client';
import type { SessionUser } from '../../db/queries/users';
import { users } from '../../db/schema';
import { AppError } from '../lib/errors';

/** Whom a command acts as (audit, permissions): `--as EMAIL`, or the first administrator. */
export async function cliActor({ db }: DbHandle, email?: string): Promise<SessionUser> {
  const columns = { id: users.id, email: users.email, name: users.name, role: users.role, canCertify: users.canCertify };
  const [row] = email
    ? await db.select(columns).from(users).where(eq(users.email, email.toLowerCase()))
    : await db.select(columns).from(users).where(eq(users.role, 'admin')).orderBy(asc(users.id)).limit(1);
  if (!row) throw new AppError(400, 'usage', email ? `No account for ${email}.` : 'No administrator account yet: run npm start once, or users add --role admin.');
  return row;
}
