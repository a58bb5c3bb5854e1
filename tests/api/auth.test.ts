import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { databaseKind } from '../helpers/test-db';

describe(`auth (${databaseKind} database)`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('lets only health, login and the API description through without credentials', async () => {
    expect((await t.request(null, '/api/health')).status).toBe(200);
    expect((await t.request(null, '/api/openapi.json')).status).toBe(200);
    for (const [method, path] of [
      ['GET', '/api/documents'],
      ['GET', '/api/documents/1'],
      ['GET', '/api/documents/1/segments'],
      ['PATCH', '/api/segments/1'],
      ['GET', '/api/pages/1/image'],
      ['POST', '/api/tokens'],
      ['GET', '/api/auth/me'],
    ] as const) {
      const res = await t.request(null, path, { method });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(((await res.json()) as { message: string }).message).toMatch(/Sign in/);
    }
    const forged = await t.request(null, '/api/documents', { headers: { authorization: 'Bearer sij_forged' } });
    expect(forged.status).toBe(401);
  });

  it('signs in with a session cookie that is httpOnly and SameSite=Strict', async () => {
    const bad = await t.json(null, 'POST', '/api/auth/login', { email: 'translator@example.test', password: 'wrong password' });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('set-cookie')).toBeNull();

    const res = await t.json(null, 'POST', '/api/auth/login', { email: 'Translator@Example.test ', password: 'correct horse battery' });
    expect(res.status).toBe(200);
    const [cookie, hint] = res.headers.getSetCookie();
    expect(cookie).toMatch(/^sijill_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const session = cookie!.split(';')[0]!;
    // Beside it, a cookie the web app can read, saying only that a session may exist (no 401s
    // before the sign-in form); it carries nothing of the session and grants nothing.
    expect(hint).toMatch(/^sijill_signed_in=1;/);
    expect(hint).not.toMatch(/HttpOnly/i);
    expect((await t.request(null, '/api/auth/me', { headers: { cookie: 'sijill_signed_in=1' } })).status).toBe(401);

    const me = await t.request(null, '/api/auth/me', { headers: { cookie: session } });
    expect(((await me.json()) as { user: { role: string } }).user.role).toBe('translator');

    const out = await t.request(null, '/api/auth/logout', { method: 'POST', headers: { cookie: session } });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().map((c) => c.split('=')[0]).sort()).toEqual(['sijill_session', 'sijill_signed_in']);
    expect((await t.request(null, '/api/auth/me', { headers: { cookie: session } })).status).toBe(401);
  });

  it('stops guessing a password after 10 failed sign-ins, for that account only', async () => {
    const attempt = (email: string, password: string) => t.json(null, 'POST', '/api/auth/login', { email, password });
    for (let i = 0; i < 10; i++) expect((await attempt('reviewer@example.test', `guess ${i}`)).status).toBe(401);
    const blocked = await attempt('Reviewer@example.test', 'correct horse battery');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await blocked.json()) as { message: string }).message).toMatch(/Too many failed sign-ins/);
    // Another account from the same place signs in, as many times as it likes.
    for (let i = 0; i < 12; i++) expect((await attempt('researcher@example.test', 'correct horse battery')).status).toBe(200);
  });

  it('limits public verification look-ups to 60 a minute from one address', async () => {
    const lookUp = () => t.request(null, `/api/verify/${'ab'.repeat(32)}`);
    for (let i = 0; i < 60; i++) expect((await lookUp()).status).toBe(200);
    expect((await lookUp()).status).toBe(429);
  });

  it('stores passwords with scrypt and tokens only as hashes', async () => {
    const user = await t.db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, 'researcher@example.test') });
    // the suite hashes at a lower N (tests/helpers/password-cost.ts); a server's N=2^15 is checked in tests/unit/password.test.ts
    expect(user!.passwordHash).toMatch(/^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(user!.passwordHash).not.toContain('correct horse');
    const res = await t.json('researcher', 'POST', '/api/tokens', { name: 'script' });
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as { token: string };
    const rows = await t.db.query.apiTokens.findMany();
    expect(rows.some((r) => r.tokenHash === token)).toBe(false);
    expect((await t.request(null, '/api/auth/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('lets a researcher read but not change text, nor upload', async () => {
    const patch = await t.json('researcher', 'PATCH', '/api/segments/1', { version: 1, text: 'x' });
    expect(patch.status).toBe(403);
    expect(((await patch.json()) as { message: string }).message).toMatch(/may read but not change/);
    const form = new FormData();
    form.set('file', new File([new Uint8Array([0xff, 0xd8, 0xff])], 'a.jpg'));
    const upload = await t.request('researcher', '/api/documents', { method: 'POST', body: form });
    expect(upload.status).toBe(403);
  });
});
