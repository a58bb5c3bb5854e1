// Who is signed in and what their role may do (GET /api/auth/me), sign-in and sign-out.
import { query, revalidate } from '@solidjs/router';
import type { InferResponseType } from 'hono/client';
import { ApiError, client, mayHoldSession, ok, type Api } from './client.ts';

export type Session = InferResponseType<Api['auth']['me']['$get'], 200>;
export type User = Session['user'];
export type Role = User['role'];

/** The signed-in user and what their role may do, or null when there is no session. */
export const getSession = query(async (): Promise<Session | null> => {
  if (!mayHoldSession()) return null;
  try {
    const res = await ok(client.api.auth.me.$get(), { allow401: true });
    return await res.json();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}, 'session');

/** The signed-in user, or null when there is no session. */
export const getMe = query(async (): Promise<User | null> => (await getSession())?.user ?? null, 'me');

export async function login(email: string, password: string): Promise<User> {
  const res = await ok(client.api.auth.login.$post({ json: { email, password } }), {
    allow401: true,
  });
  const { user } = await res.json();
  // Everything cached belonged to no one (or someone else): refetch all of it. Not
  // query.clear(), which would also drop the entries live components are subscribed to.
  await revalidate();
  return user;
}

export async function logout(): Promise<void> {
  try {
    await ok(client.api.auth.logout.$post(), { allow401: true });
  } finally {
    await revalidate([getSession.key, getMe.key]);
  }
}
