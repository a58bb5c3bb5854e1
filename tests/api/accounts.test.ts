/**
 * Credentials and accounts (issue 12): API tokens (list, expiry, revoke), sign-out of a session and
 * everywhere, password changes, disabled accounts, and account management by administrators.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, auditEvents, users } from '../../db/schema';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { databaseKind } from '../helpers/test-db';

const password = 'correct horse battery';
type Json = Record<string, any>;

describe(`accounts and credentials (${databaseKind} database)`, () => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  /** Calls with a session cookie or a bearer token. */
  const call = (cred: { cookie?: string; bearer?: string }, method: string, path: string, body?: unknown) =>
    t.app.request(path, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: {
        'content-type': 'application/json',
        ...(cred.cookie ? { cookie: cred.cookie } : {}),
        ...(cred.bearer ? { authorization: `Bearer ${cred.bearer}` } : {}),
      },
    });
  const signIn = async (email: string, pw = password) => {
    const res = await t.json(null, 'POST', '/api/auth/login', { email, password: pw });
    expect(res.status, await res.clone().text()).toBe(200);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  };
  const status = async (cred: { cookie?: string; bearer?: string }) => (await call(cred, 'GET', '/api/auth/me')).status;
  /** A new account with a password, as an administrator would add it. */
  const newAccount = async (role = 'translator') => {
    const email = `person${n++}@example.test`;
    const res = await t.json('admin', 'POST', '/api/users', { email, name: `Person ${n}`, role, password });
    expect(res.status, await res.clone().text()).toBe(201);
    return { email, id: ((await res.json()) as Json).user.id as number };
  };
  const tokenFor = async (cred: { cookie?: string; bearer?: string }, body: unknown = { name: 'script' }) => {
    const res = await call(cred, 'POST', '/api/tokens', body);
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as { id: number; token: string };
  };

  it('lists my tokens without their secrets; everyone’s only for administrators', async () => {
    const a = await newAccount();
    const b = await newAccount();
    const cookieA = await signIn(a.email);
    const mine = await tokenFor({ cookie: cookieA }, { name: 'laptop' });
    const theirs = await tokenFor({ cookie: await signIn(b.email) }, { name: 'other' });
    const res = await call({ cookie: cookieA }, 'GET', '/api/tokens');
    expect(res.status).toBe(200);
    const text = await res.text();
    const listed = JSON.parse(text).tokens as Json[];
    expect(listed.map((x) => x.id)).toEqual([mine.id]);
    expect(listed[0]).toMatchObject({ name: 'laptop', email: a.email, active: true, sessionBound: true, revokedAt: null, expiresAt: null });
    expect(text).not.toContain(mine.token);
    expect(text).not.toContain('tokenHash');
    expect((await call({ cookie: cookieA }, 'GET', '/api/tokens?all=true')).status).toBe(403);
    const all = ((await (await t.request('admin', '/api/tokens?all=true')).json()) as Json).tokens as Json[];
    expect(all.map((x) => x.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  });

  it('records when a token was last used, at most once a minute per token', async () => {
    const a = await newAccount();
    const cookie = await signIn(a.email);
    const made = await tokenFor({ cookie }, { name: 'poller' });
    const lastUsed = async () => {
      const listed = ((await (await call({ cookie }, 'GET', '/api/tokens')).json()) as Json).tokens as Json[];
      return listed.find((x) => x.id === made.id)!.lastUsedAt as string | null;
    };
    expect(await lastUsed()).toBeNull();
    const before = Date.now();
    expect(await status({ bearer: made.token })).toBe(200);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    expect(Date.parse(first!)).toBeGreaterThanOrEqual(before - 1000);
    // Within the minute: the request is served, nothing is written.
    expect(await status({ bearer: made.token })).toBe(200);
    expect(await lastUsed()).toBe(first);
    // Recorded more than a minute ago: the next request records it again.
    const [row] = await t.db.select({ lastUsedAt: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, made.id));
    const longAgo = new Date(row!.lastUsedAt!.getTime() - 61_000);
    await t.db.update(apiTokens).set({ lastUsedAt: longAgo }).where(eq(apiTokens.id, made.id));
    expect(await lastUsed()).toBe(longAgo.toISOString());
    expect(await status({ bearer: made.token })).toBe(200);
    expect(Date.parse((await lastUsed())!)).toBeGreaterThan(longAgo.getTime() + 60_000);
    // A session cookie is not a token: listing with it wrote nothing for any token.
    const [other] = await t.db.select({ lastUsedAt: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, (await tokenFor({ cookie })).id));
    expect(other!.lastUsedAt).toBeNull();
  });

  it('refuses a token after its expiry, and an expiry in the past', async () => {
    const a = await newAccount();
    const cookie = await signIn(a.email);
    expect((await call({ cookie }, 'POST', '/api/tokens', { name: 'old', expiresAt: '2020-01-01T00:00:00Z' })).status).toBe(400);
    const soon = await tokenFor({ cookie }, { name: 'soon', expiresAt: new Date(Date.now() + 60 * 60_000).toISOString() });
    expect(await status({ bearer: soon.token })).toBe(200);
    // An hour later, as far as the database is concerned.
    await t.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, soon.id));
    expect(await status({ bearer: soon.token })).toBe(401);
    const listed = ((await (await call({ cookie }, 'GET', '/api/tokens')).json()) as Json).tokens as Json[];
    expect(listed.find((x) => x.id === soon.id)!.active).toBe(false);
  });

  it('revokes my token at once; another person’s token is not mine to revoke, an administrator’s to revoke', async () => {
    const a = await newAccount();
    const b = await newAccount();
    const cookieA = await signIn(a.email);
    const own = await tokenFor({ cookie: cookieA });
    const other = await tokenFor({ cookie: await signIn(b.email) });
    expect((await call({ cookie: cookieA }, 'DELETE', `/api/tokens/${other.id}`)).status).toBe(404);
    expect(await status({ bearer: other.token })).toBe(200);
    const revoked = await call({ cookie: cookieA }, 'DELETE', `/api/tokens/${own.id}`);
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as Json).token.active).toBe(false);
    expect(await status({ bearer: own.token })).toBe(401);
    expect((await t.request('admin', `/api/tokens/${other.id}`, { method: 'DELETE' })).status).toBe(200);
    expect(await status({ bearer: other.token })).toBe(401);
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'token.revoked'));
    expect(events.map((e) => (e.payload as Json).tokenId)).toEqual(expect.arrayContaining([own.id, other.id]));
  });

  it('signing out ends the session and the tokens made in it, not tokens made otherwise', async () => {
    const a = await newAccount();
    const cookie = await signIn(a.email);
    const bound = await tokenFor({ cookie });
    const unbound = await tokenFor({ bearer: bound.token }); // made with a token: no session to end with
    expect(await status({ bearer: bound.token })).toBe(200);
    expect((await call({ cookie }, 'POST', '/api/auth/logout')).status).toBe(200);
    expect(await status({ cookie })).toBe(401);
    expect(await status({ bearer: bound.token })).toBe(401);
    expect(await status({ bearer: unbound.token })).toBe(200);
  });

  it('signs out everywhere: every session and every token of mine, nobody else’s', async () => {
    const a = await newAccount();
    const b = await newAccount();
    const first = await signIn(a.email);
    const second = await signIn(a.email);
    const token = await tokenFor({ bearer: (await tokenFor({ cookie: first })).token });
    const otherPerson = await signIn(b.email);
    const res = await call({ cookie: first }, 'POST', '/api/auth/logout-everywhere');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sessions: 2, tokens: 2 });
    for (const cred of [{ cookie: first }, { cookie: second }, { bearer: token.token }]) expect(await status(cred)).toBe(401);
    expect(await status({ cookie: otherPerson })).toBe(200);
  });

  it('changes my password only with the current one, and ends my other sessions', async () => {
    const a = await newAccount();
    const here = await signIn(a.email);
    const elsewhere = await signIn(a.email);
    const token = await tokenFor({ bearer: (await tokenFor({ cookie: elsewhere })).token });
    const wrong = await call({ cookie: here }, 'POST', '/api/auth/password', { currentPassword: 'not my password', newPassword: 'a new long passphrase' });
    expect(wrong.status).toBe(401);
    expect(await status({ cookie: elsewhere })).toBe(200);
    expect((await call({ cookie: here }, 'POST', '/api/auth/password', { currentPassword: password, newPassword: 'short' })).status).toBe(400);
    const ok = await call({ cookie: here }, 'POST', '/api/auth/password', { currentPassword: password, newPassword: 'a new long passphrase' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ sessionsEnded: 1 });
    expect(await status({ cookie: here })).toBe(200);
    expect(await status({ cookie: elsewhere })).toBe(401);
    expect(await status({ bearer: token.token })).toBe(200); // tokens are revoked one by one, or everywhere
    expect((await t.json(null, 'POST', '/api/auth/login', { email: a.email, password })).status).toBe(401);
    await signIn(a.email, 'a new long passphrase');
  });

  it('stops a disabled account’s sessions and tokens at once', async () => {
    const a = await newAccount();
    const cookie = await signIn(a.email);
    const token = await tokenFor({ bearer: (await tokenFor({ cookie })).token });
    const res = await t.json('admin', 'PATCH', `/api/users/${a.id}`, { disabled: true });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).user.disabled).toBe(true);
    expect(await status({ cookie })).toBe(401);
    expect(await status({ bearer: token.token })).toBe(401);
    expect((await t.json(null, 'POST', '/api/auth/login', { email: a.email, password })).status).toBe(401);
    // Enabled again: the ended session stays ended; the token was never revoked.
    expect((await t.json('admin', 'PATCH', `/api/users/${a.id}`, { disabled: false })).status).toBe(200);
    expect(await status({ cookie })).toBe(401);
    expect(await status({ bearer: token.token })).toBe(200);
  });

  it('lets administrators add, invite, change and reset accounts, and nobody else', async () => {
    for (const role of ['translator', 'reviewer', 'researcher', 'legal'] as const) {
      expect((await t.request(role, '/api/users')).status, role).toBe(403);
      expect((await t.json(role, 'POST', '/api/users', { email: `x${role}@example.test`, role: 'admin', password })).status, role).toBe(403);
    }
    const listed = ((await (await t.request('admin', '/api/users')).json()) as Json).users as Json[];
    expect(listed.map((u) => u.email)).toContain('translator@example.test');
    expect(JSON.stringify(listed)).not.toMatch(/scrypt|passwordHash/);

    // Invited: no password anyone knows until the one-time token is used, once.
    const invited = await t.json('admin', 'POST', '/api/users', { email: 'Invited.Person@Example.test', name: 'Invited', role: 'reviewer' });
    expect(invited.status).toBe(201);
    const { user, setPassword } = (await invited.json()) as Json;
    expect(user).toMatchObject({ email: 'invited.person@example.test', role: 'reviewer', passwordPending: true, disabled: false });
    expect((await t.json(null, 'POST', '/api/auth/set-password', { token: setPassword.token, password: 'short' })).status).toBe(400);
    const set = await t.json(null, 'POST', '/api/auth/set-password', { token: setPassword.token, password: 'chosen by the person' });
    expect(set.status).toBe(200);
    expect((await t.json(null, 'POST', '/api/auth/set-password', { token: setPassword.token, password: 'chosen again, twice' })).status).toBe(400);
    const cookie = await signIn('invited.person@example.test', 'chosen by the person');
    expect(((await (await call({ cookie }, 'GET', '/api/auth/me')).json()) as Json).permissions).toContain('review.decide');
    expect((await t.json('admin', 'POST', '/api/users', { email: 'invited.person@example.test', role: 'translator', password })).status).toBe(409);

    // A new role applies to the next request of an existing session.
    expect((await t.json('admin', 'PATCH', `/api/users/${user.id}`, { role: 'researcher' })).status).toBe(200);
    expect(((await (await call({ cookie }, 'GET', '/api/auth/me')).json()) as Json).user.role).toBe('researcher');

    // Reset by an administrator: sessions end; a new one-time token, or a given password.
    const reset = await t.json('admin', 'POST', `/api/users/${user.id}/password`, {});
    expect(reset.status).toBe(200);
    const resetBody = (await reset.json()) as Json;
    expect(resetBody.sessionsEnded).toBe(1);
    expect(await status({ cookie })).toBe(401);
    expect((await t.json(null, 'POST', '/api/auth/login', { email: user.email, password: 'chosen by the person' })).status).toBe(401);
    expect((await t.json(null, 'POST', '/api/auth/set-password', { token: resetBody.setPassword.token, password: 'after the reset' })).status).toBe(200);
    expect((await t.json('admin', 'POST', `/api/users/${user.id}/password`, { password: 'given by the admin' })).status).toBe(200);
    await signIn(user.email, 'given by the admin');

    // The last enabled administrator stays one.
    const adminId = (await t.db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, 'admin@example.test') }))!.id;
    const demote = await t.json('admin', 'PATCH', `/api/users/${adminId}`, { role: 'translator' });
    expect(demote.status).toBe(409);
    expect(((await demote.json()) as Json).error).toBe('last_admin');
    expect((await t.json('admin', 'PATCH', `/api/users/${adminId}`, { disabled: true })).status).toBe(409);
    expect((await t.json('admin', 'PATCH', '/api/users/2000000000', { name: 'x' })).status).toBe(404);

    // Every change is in the audit chain, without a password or token.
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, String(user.id)));
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['user.created', 'user.updated', 'user.password_changed']),
    );
    const updated = events.find((e) => e.action === 'user.updated')!.payload as Json;
    expect(updated).toMatchObject({ userId: user.id, fields: ['role'], role: 'researcher' });
    const everything = JSON.stringify(await t.db.select().from(auditEvents));
    for (const secret of [password, 'chosen by the person', 'after the reset', 'given by the admin', setPassword.token, resetBody.setPassword.token]) {
      expect(everything).not.toContain(secret);
    }
    const row = await t.db.query.users.findFirst({ where: eq(users.id, user.id) });
    expect(row!.passwordTokenHash).toBeNull();
  });
});
