import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, desc, eq, gte, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashAuditRow, verifyAuditChain, type ChainCheck } from '../../api/audit/chain';
import {
  parseCheckpoint,
  readCheckpoints,
  signCheckpoint,
  startCheckpointTimer,
  writeCheckpoint,
  type Checkpoint,
  type StoredCheckpoint,
} from '../../api/audit/checkpoints';
import { auditCheckpointCommand, auditVerifyCommand } from '../../api/audit/cli-audit';
import type { Tx } from '../../db/client';
import { auditEvents } from '../../db/schema';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { databaseKind } from '../helpers/test-db';

describe(`audit chain (${databaseKind} database)`, () => {
  let t: TestApp;
  const evidence = async (extra: StoredCheckpoint[] = []) => ({
    stored: [...(await readCheckpoints(t.deps.blobs)), ...extra],
    publicKey: t.deps.auditSigner.publicKey,
  });
  const checkpointNow = () => writeCheckpoint({ db: t.db, blobs: t.deps.blobs, signer: t.deps.auditSigner });
  const addEvents = async (n: number) => {
    for (let i = 0; i < n; i++) expect((await t.json('admin', 'POST', '/api/entities', { kind: 'unit', canonicalAr: `فرع ${i}` })).status).toBe(201);
  };
  const lastSeq = async () => (await t.db.select({ seq: auditEvents.seq }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1))[0]!.seq;

  /** Tampers with the chain inside a transaction, verifies there, and rolls it all back. */
  const tampered = async (tamper: (tx: Tx) => Promise<void>, opts: { checkpoints?: boolean } = {}) => {
    const rollback = new Error('rollback');
    let result: ChainCheck | undefined;
    const proof = opts.checkpoints === false ? {} : { checkpoints: await evidence() };
    await t.db
      .transaction(async (tx) => {
        await tamper(tx);
        result = await verifyAuditChain(tx, proof);
        throw rollback;
      })
      .catch((err: unknown) => {
        if (err !== rollback) throw err;
      });
    return result!;
  };

  /** What someone with write access to the database can do: change one event and recompute every hash after it. */
  const rewriteFrom = async (tx: Tx, seq: number) => {
    const rows = await tx.select().from(auditEvents).where(gte(auditEvents.seq, seq)).orderBy(asc(auditEvents.seq));
    let prevHash = (await tx.select().from(auditEvents).where(eq(auditEvents.seq, seq - 1)))[0]!.hash;
    // Hashes are unique: move the tail out of the way first.
    await tx.update(auditEvents).set({ hash: sql`'old-' || ${auditEvents.hash}` }).where(gte(auditEvents.seq, seq));
    for (const [i, r] of rows.entries()) {
      const payload = i === 0 ? { ...(r.payload as object), email: 'someone-else@example.test' } : r.payload;
      const fields = { seq: r.seq, at: r.at, actorId: r.actorId, action: r.action, targetType: r.targetType, targetId: r.targetId, payload, prevHash };
      const hash = hashAuditRow(fields);
      await tx.update(auditEvents).set({ payload: payload as Record<string, unknown>, prevHash, hash }).where(eq(auditEvents.seq, r.seq));
      prevHash = hash;
    }
  };

  beforeAll(async () => {
    t = await startTestApp();
    await t.json(null, 'POST', '/api/auth/login', { email: 'admin@example.test', password: 'wrong password' });
    await t.json(null, 'POST', '/api/auth/login', { email: 'admin@example.test', password: 'correct horse battery' });
    await addEvents(4);
  });
  afterAll(() => t?.close());

  it('links every event to the one before and verifies', async () => {
    const rows = await t.db.select().from(auditEvents).orderBy(auditEvents.seq);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.map((r) => r.action)).toContain('auth.login_failed');
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, count: rows.length, checkpoints: 0 });
  });

  it('signs the chain head into the blob store, not the database, with a key from DATA_DIR', async () => {
    const checkpoint = (await checkpointNow())!;
    expect(checkpoint).toMatchObject({ type: 'sijill.audit-checkpoint', seq: await lastSeq(), keyId: t.deps.auditSigner.keyId });
    const stored = await readCheckpoints(t.deps.blobs);
    expect(stored.map((s) => s.checkpoint)).toContainEqual(checkpoint);
    // Unmoved chain: no second signature of the same head.
    expect(await checkpointNow()).toEqual(checkpoint);
    expect(await readCheckpoints(t.deps.blobs)).toHaveLength(stored.length);
    expect(readFileSync(join(t.testDb.dataDir, 'audit-signing-key.pem'), 'utf8')).toMatch(/BEGIN PRIVATE KEY/);
    expect(await verifyAuditChain(t.db, { checkpoints: await evidence() })).toMatchObject({ ok: true, checkpoints: stored.length });
  });

  describe('tampering, with a signed checkpoint at the head', () => {
    let head: number;
    beforeAll(async () => {
      await addEvents(2);
      await checkpointNow();
      head = await lastSeq();
    });

    it('detects an edited event', async () => {
      const result = await tampered((tx) => tx.update(auditEvents).set({ payload: sql`jsonb_set(payload, '{kind}', '"place"')` }).where(eq(auditEvents.seq, head - 2)).then(() => {}));
      expect(result).toMatchObject({ ok: false, firstBadSeq: head - 2, reason: expect.stringMatching(/altered/) });
    });

    it('detects an event deleted in the middle', async () => {
      const result = await tampered((tx) => tx.delete(auditEvents).where(eq(auditEvents.seq, 3)).then(() => {}));
      expect(result).toMatchObject({ ok: false, firstBadSeq: 3, reason: expect.stringMatching(/missing/) });
    });

    it('detects events deleted at the end, which the chain alone cannot show', async () => {
      const cut = (tx: Tx) => tx.delete(auditEvents).where(gte(auditEvents.seq, head - 1)).then(() => {});
      expect(await tampered(cut, { checkpoints: false })).toMatchObject({ ok: true }); // the hash chain alone is fooled
      expect(await tampered(cut)).toMatchObject({ ok: false, firstBadSeq: head - 1, reason: expect.stringMatching(/removed from the end/) });
    });

    it('detects a chain rewritten and rehashed from an event on, which the chain alone cannot show', async () => {
      const firstLoginFailure = (await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'auth.login_failed')).orderBy(auditEvents.seq))[0]!.seq;
      const rewrite = (tx: Tx) => rewriteFrom(tx, firstLoginFailure);
      expect(await tampered(rewrite, { checkpoints: false })).toMatchObject({ ok: true });
      expect(await tampered(rewrite)).toMatchObject({ ok: false, reason: expect.stringMatching(/rewritten/) });
    });

    it('refuses a checkpoint signed with another key, or altered after signing', async () => {
      const { privateKey } = generateKeyPairSync('ed25519');
      // Claims our key's id, signs with another.
      const other = { ...t.deps.auditSigner, sign: (d: Buffer) => sign(null, d, privateKey) };
      const forged = signCheckpoint(other, { seq: 1, hash: 'f'.repeat(64) });
      const genuine = (await readCheckpoints(t.deps.blobs)).at(-1)!.checkpoint!;
      const altered: Checkpoint = { ...genuine, seq: genuine.seq + 5 };
      for (const c of [forged, altered]) {
        const result = await verifyAuditChain(t.db, { checkpoints: await evidence([{ key: 'given', checkpoint: c }]) });
        expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/not signed by this server's audit key/) });
      }
    });

    it('does not detect events cut after the latest checkpoint (the window until the next one)', async () => {
      await addEvents(1);
      const result = await tampered((tx) => tx.delete(auditEvents).where(gte(auditEvents.seq, head + 1)).then(() => {}));
      expect(result).toMatchObject({ ok: true });
    });
  });

  it('writes checkpoints periodically while the chain moves, and none while it does not', async () => {
    const before = (await readCheckpoints(t.deps.blobs)).length;
    const stop = startCheckpointTimer(checkpointNow, 40, (err) => {
      throw err;
    });
    try {
      await new Promise((r) => setTimeout(r, 200));
      const still = (await readCheckpoints(t.deps.blobs)).length;
      expect(still - before).toBeLessThanOrEqual(1); // the head that moved in the test above, at most
      await addEvents(1);
      await vi.waitFor(async () => expect((await readCheckpoints(t.deps.blobs)).at(-1)!.checkpoint!.seq).toBe(await lastSeq()), { timeout: 5000 });
      const after = (await readCheckpoints(t.deps.blobs)).length;
      await new Promise((r) => setTimeout(r, 200));
      expect((await readCheckpoints(t.deps.blobs)).length).toBe(after);
    } finally {
      stop();
    }
  });

  it('exports a checkpoint with `sijill audit checkpoint --out FILE`, and `audit verify` holds the chain against it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sijill-checkpoint-'));
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const where = { db: t.db, blobs: t.deps.blobs, config: t.deps.config };
    try {
      await addEvents(1);
      const file = join(dir, 'checkpoint.json');
      expect(await auditCheckpointCommand(where, ['--out', file])).toBe(0);
      const exported = parseCheckpoint(readFileSync(file))!;
      expect(exported.seq).toBe(await lastSeq());
      expect(String(out.mock.calls.at(-1)![0])).toMatch(/BEGIN PUBLIC KEY/);
      writeFileSync(join(dir, 'public.pem'), t.deps.auditSigner.publicKeyPem);
      expect(await auditVerifyCommand(where, ['--checkpoint', file, '--public-key', join(dir, 'public.pem')])).toBe(0);
      expect(String(out.mock.calls.at(-1)![0])).toMatch(/Audit chain intact: \d+ events, held against \d+ signed checkpoints/);
      // Someone else's key: every checkpoint is refused.
      writeFileSync(join(dir, 'other.pem'), generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
      expect(await auditVerifyCommand(where, ['--public-key', join(dir, 'other.pem')])).toBe(1);
      expect(String(err.mock.calls.at(-1)![0])).toMatch(/BROKEN.*not signed by this server's audit key/);
    } finally {
      out.mockRestore();
      err.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks the chain and exports a checkpoint over the API, for admins and the legal team', async () => {
    const verify = await t.request('legal', '/api/audit/verify');
    expect(verify.status).toBe(200);
    expect(await verify.json()).toMatchObject({ ok: true, checkpoints: expect.any(Number), publicKey: expect.stringMatching(/BEGIN PUBLIC KEY/) });
    const made = await t.request('admin', '/api/audit/checkpoints', { method: 'POST' });
    expect(made.status).toBe(201);
    expect(((await made.json()) as { checkpoint: Checkpoint }).checkpoint.seq).toBe(await lastSeq());
    expect((await t.request('researcher', '/api/audit/verify')).status).toBe(403);
  });
});
