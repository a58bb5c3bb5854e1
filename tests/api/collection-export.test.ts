/**
 * Collection export (issue 16): a ZIP of a collection, or of the documents a search finds, built
 * as a background job with progress and downloaded when done. Only documents the requester may
 * read go in; the job and its archive are the requester's.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCollection } from '../../db/queries/documents';
import { auditEvents, collectionMembers, collections, exportJobs, users } from '../../db/schema';
import { fixture, seedDocument, startTestApp, type TestApp } from '../helpers/test-app';
import { databaseKind } from '../helpers/test-db';

type Job = {
  id: number;
  status: string;
  total: number;
  done: number;
  skipped: number;
  fileName: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  downloadUrl: string | null;
  scope: { kind: string; collection: string | null; q: string | null };
};
type Role = 'admin' | 'translator' | 'reviewer' | 'researcher' | 'legal';

/** A word only the seeded lines carry, so that a search finds exactly them. */
const word = 'قزمطيرة';

describe(`collection export (${databaseKind} database)`, () => {
  let t: TestApp;
  const open: number[] = [];
  let unread: number;
  let sealed: number;
  let lettersId: number;
  let sealedId: number;

  const start = async (role: Role, body: unknown) => t.json(role, 'POST', '/api/exports', body);
  const started = async (role: Role, body: unknown) => {
    const res = await start(role, body);
    expect(res.status, await res.clone().text()).toBe(202);
    return ((await res.json()) as { job: Job }).job;
  };
  /** Follows the job as the web app does, until it has finished (bounded, not timed). */
  const finished = async (role: Role, id: number) => {
    for (let i = 0; i < 600; i++) {
      const res = await t.request(role, `/api/exports/${id}`);
      expect(res.status).toBe(200);
      const { job } = (await res.json()) as { job: Job };
      if (job.status === 'done' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`export job ${id} did not finish`);
  };
  const download = async (role: Role, job: Job) => {
    const res = await t.request(role, job.downloadUrl!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(res.headers.get('x-sijill-sha256')).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(bytes.byteLength).toBe(job.sizeBytes);
    const entries = unzipSync(bytes);
    return { res, entries, text: (name: string) => new TextDecoder().decode(entries[name]) };
  };
  const manifestRows = (csv: string) =>
    csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(','));

  beforeAll(async () => {
    t = await startTestApp();
    // An open collection: two read documents and one whose page has not been read yet.
    open.push((await seedDocument(t, [`${word} السطر الأول`, 'السطر الثاني'], { collection: 'Letters', scan: 'corpus/clean/doc-01-001.jpg' })).documentId);
    open.push((await seedDocument(t, ['سطر واحد', `${word} في الآخر`], { collection: 'Letters', scan: 'corpus/clean/doc-01-002.jpg' })).documentId);
    const pending = await t.upload('admin', fixture('corpus/clean/doc-01-003.jpg'), 'pending.jpg', { collection: 'Letters' });
    unread = ((await pending.json()) as { document: { id: number } }).document.id;
    // A restricted collection with the same word; the reviewer is its only member.
    sealed = (await seedDocument(t, [`${word} في المختوم`], { collection: 'Sealed', scan: 'corpus/clean/doc-01-004.jpg' })).documentId;
    sealedId = (await ensureCollection(t.db, 'Sealed')).id;
    lettersId = (await ensureCollection(t.db, 'Letters')).id;
    await t.db.update(collections).set({ restricted: true }).where(eq(collections.id, sealedId));
    const [reviewer] = await t.db.select().from(users).where(eq(users.email, 'reviewer@example.test'));
    await t.db.insert(collectionMembers).values({ collectionId: sealedId, userId: reviewer!.id });
  });
  afterAll(() => t?.close());

  it('builds a ZIP of a collection in the background, with progress, a manifest and the documents as single exports give them', async () => {
    const queued = await started('translator', { format: 'txt', collectionId: lettersId });
    expect(queued).toMatchObject({ status: 'queued', scope: { kind: 'collection', collection: 'Letters', q: null }, downloadUrl: null });
    const job = await finished('translator', queued.id);
    expect(job).toMatchObject({ status: 'done', total: 3, done: 3, skipped: 1, fileName: `sijill-Letters-txt-${queued.id}.zip` });
    const { res, entries, text } = await download('translator', job);
    expect(res.headers.get('content-disposition')).toContain(`sijill-Letters-txt-${queued.id}.zip`);
    expect(Object.keys(entries).sort()).toEqual([`seed-${open[0]}.txt`, `seed-${open[1]}.txt`, 'manifest.csv'].sort());
    // Each file is the document's own export, byte for byte but for the moment it was made.
    for (const id of open) {
      const single = await (await t.request('translator', `/api/documents/${id}/export?format=txt`)).text();
      const strip = (s: string) => s.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T');
      expect(strip(text(`seed-${id}.txt`))).toBe(strip(single));
    }
    expect(text(`seed-${open[0]}.txt`)).toContain(`${word} السطر الأول`);
    const rows = manifestRows(text('manifest.csv'));
    expect(rows.map((r) => [r[0], r[4]])).toEqual([
      [String(open[0]), 'exported'],
      [String(open[1]), 'exported'],
      [String(unread), 'not read yet'],
    ]);
    // The jobs list shows it to its requester.
    const list = (await (await t.request('translator', '/api/exports')).json()) as { jobs: Job[] };
    expect(list.jobs.map((j) => j.id)).toContain(queued.id);
  });

  it('audits each archive once, naming its documents and its SHA-256', async () => {
    const job = await finished('researcher', (await started('researcher', { format: 'json', collectionId: lettersId })).id);
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'documents.exported')).orderBy(asc(auditEvents.seq));
    const event = events.find((e) => (e.payload as { jobId: number }).jobId === job.id);
    expect(event?.payload).toMatchObject({ kind: 'json', scope: 'collection', documentIds: open, skipped: 1, sha256: job.sha256, size: job.sizeBytes });
    expect(event?.targetType).toBe('collection');
    // Each document's chain of custody says it left in that archive; a document not in it does not.
    const custody = async (id: number) =>
      ((await (await t.request('legal', `/api/documents/${id}/custody`)).json()) as { events: Array<{ action: string; payload: { jobId?: number } }> }).events;
    for (const id of open) expect((await custody(id)).filter((e) => e.action === 'documents.exported').map((e) => e.payload.jobId)).toContain(job.id);
    expect((await custody(unread)).filter((e) => e.action === 'documents.exported' && e.payload.jobId === job.id)).toEqual([]);
  });

  it('exports a restricted collection only for those who may read it', async () => {
    const refused = await start('translator', { format: 'txt', collectionId: sealedId });
    expect(refused.status).toBe(404);
    expect(await t.db.select().from(exportJobs).where(eq(exportJobs.format, 'tei'))).toEqual([]);
    const job = await finished('reviewer', (await started('reviewer', { format: 'tei', collectionId: sealedId })).id);
    const { entries } = await download('reviewer', job);
    expect(Object.keys(entries).sort()).toEqual(['manifest.csv', `seed-${sealed}.tei.xml`]);
  });

  it('puts into a search export only the documents the requester may read', async () => {
    const outsider = await finished('translator', (await started('translator', { format: 'txt', search: { q: word } })).id);
    expect(outsider).toMatchObject({ status: 'done', total: 2, skipped: 0, scope: { kind: 'search', q: word } });
    const outside = await download('translator', outsider);
    expect(Object.keys(outside.entries).sort()).toEqual([`seed-${open[0]}.txt`, `seed-${open[1]}.txt`, 'manifest.csv'].sort());
    expect(Object.values(outside.entries).some((b) => new TextDecoder().decode(b).includes('المختوم'))).toBe(false);

    const member = await finished('reviewer', (await started('reviewer', { format: 'txt', search: { q: word } })).id);
    expect(member.total).toBe(3);
    const inside = await download('reviewer', member);
    expect(inside.text(`seed-${sealed}.txt`)).toContain(`${word} في المختوم`);

    // A filter narrows it as it narrows the search.
    const filtered = await finished('reviewer', (await started('reviewer', { format: 'txt', search: { q: word, collection: 'Sealed' } })).id);
    expect(filtered.total).toBe(1);
    // Nothing to search for is refused, as the search refuses it.
    expect((await start('translator', { format: 'txt', search: { q: ' ' } })).status).toBe(400);
  });

  it('leaves out a document the requester can no longer read when the archive is built', async () => {
    // The reviewer asks; before the job runs, they leave the restricted collection.
    const [reviewer] = await t.db.select().from(users).where(eq(users.email, 'reviewer@example.test'));
    const [job] = await t.db.insert(exportJobs).values({ requestedBy: reviewer!.id, format: 'txt', scope: { kind: 'search', q: word, filters: {} } }).returning();
    await t.db.delete(collectionMembers).where(eq(collectionMembers.userId, reviewer!.id));
    try {
      const built = await finished('reviewer', job!.id);
      expect(built).toMatchObject({ status: 'done', total: 2 });
      const { entries } = await download('reviewer', built);
      expect(Object.keys(entries)).not.toContain(`seed-${sealed}.txt`);
    } finally {
      await t.db.insert(collectionMembers).values({ collectionId: sealedId, userId: reviewer!.id });
    }
  });

  it('shows a job and its archive to its requester and administrators only, and says when it is not ready', async () => {
    const job = await finished('translator', (await started('translator', { format: 'alto', collectionId: lettersId })).id);
    for (const role of ['researcher', 'reviewer', 'legal'] as const) {
      expect((await t.request(role, `/api/exports/${job.id}`)).status).toBe(404);
      expect((await t.request(role, `/api/exports/${job.id}/download`)).status).toBe(404);
      const list = (await (await t.request(role, '/api/exports')).json()) as { jobs: Job[] };
      expect(list.jobs.map((j) => j.id)).not.toContain(job.id);
    }
    expect((await t.request('admin', `/api/exports/${job.id}/download`)).status).toBe(200);
    expect((await t.request(null, `/api/exports/${job.id}`)).status).toBe(401);
    const [translator] = await t.db.select().from(users).where(eq(users.email, 'translator@example.test'));
    const [failed] = await t.db
      .insert(exportJobs)
      .values({ requestedBy: translator!.id, format: 'txt', scope: { kind: 'collection', collectionId: lettersId, collection: 'Letters' }, status: 'failed', error: 'x' })
      .returning();
    const notReady = await t.request('translator', `/api/exports/${failed!.id}/download`);
    expect(notReady.status).toBe(409);
    expect(((await notReady.json()) as { error: string }).error).toBe('not_ready');
  });

  it('writes a collection as one ZIP from the command line (sijill export --collection)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sijill-export-'));
    const previous = process.env.DATA_DIR;
    const writes: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (writes.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      process.env.DATA_DIR = t.testDb.dataDir; // the CLI's blob store: the test app's
      const { runExport } = await import('../../api/cli/export');
      expect(await runExport(t.deps.database, ['--format', 'json', '--out', out, '--collection', 'Letters', '--as', 'researcher@example.test'])).toBe(0);
      const [name] = readdirSync(out);
      expect(name).toMatch(/^sijill-Letters-json-\d+\.zip$/);
      const entries = unzipSync(new Uint8Array(readFileSync(join(out, name!))));
      expect(Object.keys(entries).sort()).toEqual([`seed-${open[0]}.json`, `seed-${open[1]}.json`, 'manifest.csv'].sort());
      expect(writes.join('')).toContain('exported  collection Letters: 2 document(s), 1 without lines');
      // A collection the account may not read is refused by name, as a missing one is.
      await expect(runExport(t.deps.database, ['--format', 'json', '--out', out, '--collection', 'Sealed', '--as', 'translator@example.test'])).rejects.toThrow(/No collection "Sealed"/);
    } finally {
      process.stdout.write = write;
      process.env.DATA_DIR = previous;
      rmSync(out, { recursive: true, force: true });
    }
  });
});
