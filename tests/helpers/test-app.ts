import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DbHandle } from '../../db/client';
import type { Role } from '../../db/schema';
import { createOcrEngine, type OcrEngine } from '../../ocr';
import { createApp } from '../../api/app';
import { loadAuditSigner } from '../../api/audit/checkpoints';
import { createUserAccount, issueApiToken } from '../../api/auth/credentials';
import { loadConfig, type Config } from '../../api/config';
import type { AppDeps } from '../../api/context';
import { startOcrRunner, type OcrRunner } from '../../api/ocr-jobs/runner';
import { stopExportJobs } from '../../api/exchange/export-jobs';
import { openBlobStore } from '../../api/storage/blob-store';
import { createTestDatabase } from './test-db';

export const fixture = (path: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', path));

export { engine as sharedOcrEngine };
let sharedEngine: Promise<OcrEngine> | null = null;
/** One OCR engine per test file: workers are the slow part to start. */
const engine = () => (sharedEngine ??= createOcrEngine({ workers: 1 }));

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/** The real app on a fresh database, with an account and API token per role. */
export async function startTestApp(opts: { ocr?: boolean; engine?: OcrEngine; config?: Partial<Config>; testDb?: Awaited<ReturnType<typeof createTestDatabase>> } = {}) {
  const testDb = opts.testDb ?? (await createTestDatabase());
  let database: DbHandle = await testDb.open();
  let runner: OcrRunner | null = null;
  const config: Config = { ...loadConfig({ DATA_DIR: testDb.dataDir }), ...opts.config };
  const deps: AppDeps = {
    config,
    database,
    blobs: await openBlobStore(config.blobStore),
    auditSigner: loadAuditSigner({ dataDir: testDb.dataDir }),
    notifyJobs: () => runner?.wake(),
  };
  if (opts.ocr) runner = await startOcrRunner({ database, blobs: deps.blobs, engine: opts.engine ?? (await engine()) });
  const app = createApp(deps);

  const tokens = {} as Record<Role, string>;
  for (const role of ['admin', 'translator', 'reviewer', 'researcher', 'legal'] as const) {
    const email = `${role}@example.test`;
    const existing = await database.db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, email) });
    const user = existing ?? (await createUserAccount(database.db, { email, password: 'correct horse battery', role }, { actorId: null, via: 'api' }));
    tokens[role] = (await issueApiToken(database.db, user.id, 'test')).token;
  }

  const request = (role: Role | null, path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (role) headers.set('authorization', `Bearer ${tokens[role]}`);
    return app.request(path, { ...init, headers });
  };
  const json = (role: Role | null, method: string, path: string, body: unknown) =>
    request(role, path, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const upload = (role: Role, bytes: Uint8Array, name: string, fields: Record<string, string> = {}) => {
    const form = new FormData();
    form.set("file", new File([new Uint8Array(bytes)], name));
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    return request(role, '/api/documents', { method: 'POST', body: form });
  };

  /** Polls until the document has left the OCR states. */
  const waitForOcr = async (documentId: number, timeoutMs = 90_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const res = await request('admin', `/api/documents/${documentId}`);
      const body = (await res.json()) as { document: { status: string } };
      if (!['ocr_pending', 'ocr_running'].includes(body.document.status)) return body;
      if (Date.now() > until) throw new Error(`OCR of document ${documentId} did not finish in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  return {
    app,
    deps,
    testDb,
    get db() {
      return database.db;
    },
    request,
    json,
    upload,
    waitForOcr,
    /** Stops workers and closes the database, keeping the data (for restart tests). */
    async stop() {
      await runner?.stop();
      await stopExportJobs(database);
      await database.close();
    },
    async close() {
      await runner?.stop();
      await stopExportJobs(database);
      await database.close();
      if (!opts.testDb) await testDb.destroy();
    },
  };
}

export async function closeSharedEngine() {
  if (sharedEngine) await (await sharedEngine).close();
  sharedEngine = null;
}

/**
 * A document whose first page already has these lines, without running OCR: uploads a corpus
 * scan (OCR stays queued when the app runs no workers) and writes the lines as OCR would.
 */
export async function seedDocument(t: TestApp, lines: string[], opts: { scan?: string; collection?: string } = {}) {
  const { replacePageSegments } = await import('../../api/segments/replace-page-segments');
  const { pages, ocrJobs, documents } = await import('../../db/schema');
  const { eq } = await import('drizzle-orm');
  const res = await t.upload('admin', fixture(opts.scan ?? 'corpus/clean/doc-01-005.jpg'), 'seed.jpg', opts.collection ? { collection: opts.collection } : {});
  const { document } = (await res.json()) as { document: { id: number } };
  const [page] = await t.db.select().from(pages).where(eq(pages.documentId, document.id));
  await t.db.transaction(async (tx) => {
    await replacePageSegments(
      tx,
      { id: page!.id, documentId: document.id },
      lines.map((text, i) => ({ text, confidence: 90, box: { x: 100, y: 100 + i * 60, w: 800, h: 50 }, words: [] })),
    );
    await tx.update(pages).set({ ocrStatus: 'done', width: 1000, height: 1400 }).where(eq(pages.id, page!.id));
    await tx.update(ocrJobs).set({ status: 'done' }).where(eq(ocrJobs.pageId, page!.id));
    await tx.update(documents).set({ status: 'in_progress' }).where(eq(documents.id, document.id));
  });
  return { documentId: document.id, pageId: page!.id };
}
