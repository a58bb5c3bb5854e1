import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../api/audit/chain';
import { auditEvents } from '../../db/schema';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { databaseKind } from '../helpers/test-db';

describe(`audit chain (${databaseKind} database)`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.json(null, 'POST', '/api/auth/login', { email: 'admin@example.test', password: 'wrong password' });
    await t.json(null, 'POST', '/api/auth/login', { email: 'admin@example.test', password: 'correct horse battery' });
  });
  afterAll(() => t?.close());

  it('links every event to the one before and verifies', async () => {
    const rows = await t.db.select().from(auditEvents).orderBy(auditEvents.seq);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.map((r) => r.action)).toContain('auth.login_failed');
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, count: rows.length });
  });

  it('names the first altered event', async () => {
    await t.db.update(auditEvents).set({ payload: sql`jsonb_set(payload, '{role}', '"admin"')` }).where(eq(auditEvents.seq, 3));
    const result = await verifyAuditChain(t.db);
    expect(result).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('names a removed event', async () => {
    await t.db.delete(auditEvents).where(eq(auditEvents.seq, 2));
    const result = await verifyAuditChain(t.db);
    expect(result).toMatchObject({ ok: false, firstBadSeq: 2 });
  });
});
