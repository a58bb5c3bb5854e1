import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createDb } from '../db/client';
import { createOcrEngine } from '../ocr';
import { createApp } from './app';
import { ensureFirstAdmin } from './auth/bootstrap';
import { publicUrlMissing, type Config } from './config';
import { listen } from './http/node-server';
import type { AppDeps } from './context';
import { loadAuditSigner, startCheckpointTimer, writeCheckpoint } from './audit/checkpoints';
import { log } from './lib/log';
import { startOcrRunner, type OcrRunner } from './ocr-jobs/runner';
import { runPretranslationJobs } from './translation/pretranslate';
import { stopExportJobs, runExportJobs } from './exchange/export-jobs';
import { sweepStaleUploads } from './documents/receive-upload';
import { stopDocumentLive } from './documents/live';
import { openBlobStore } from './storage/blob-store';

export const webRoot = fileURLToPath(new URL('../web/dist', import.meta.url));

export type RunningSijill = {
  url: string;
  deps: AppDeps;
  firstAdmin: { email: string; password: string; generated: boolean } | null;
  runner: OcrRunner | null;
  close(): Promise<void>;
};

/** Everything `npm start` runs in one process: database, blob store, OCR workers, HTTP. */
export async function startSijill(config: Config, opts: { inMemoryDb?: boolean } = {}): Promise<RunningSijill> {
  const database = await createDb({ databaseUrl: config.databaseUrl, dataDir: opts.inMemoryDb ? null : config.dataDir });
  let runner: OcrRunner | null = null;
  let engine: Awaited<ReturnType<typeof createOcrEngine>> | null = null;
  let server: Server | null = null;
  let stopCheckpoints = () => {};
  let checkpoint: (() => Promise<unknown>) | null = null;
  const close = async () => {
    stopCheckpoints();
    // Open document streams would keep the HTTP server from closing.
    await stopDocumentLive(database);
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await runner?.stop();
    await engine?.close();
    await stopExportJobs(database);
    // The chain's head as the server leaves it, so what happened since the last round is covered.
    await checkpoint?.().catch((err: unknown) => log.error('audit checkpoint failed', { error: String(err) }));
    await database.close();
  };
  try {
    await database.migrate();
    await sweepStaleUploads(config.dataDir);
    const firstAdmin = await ensureFirstAdmin(database.db, { email: config.adminEmail, password: config.adminPassword });
    const deps: AppDeps = {
      config,
      database,
      blobs: await openBlobStore(config.blobStore),
      auditSigner: loadAuditSigner({ dataDir: config.dataDir, ...config.auditKey }),
      notifyJobs: () => runner?.wake(),
    };
    checkpoint = () => writeCheckpoint({ db: database.db, blobs: deps.blobs, signer: deps.auditSigner });
    await checkpoint();
    stopCheckpoints = startCheckpointTimer(checkpoint, config.checkpointEveryMs, (err) =>
      log.error('audit checkpoint failed', { error: err instanceof Error ? err.message : String(err) }),
    );
    log.info('audit checkpoints signed', { keyId: deps.auditSigner.keyId });
    if (config.ocrWorkers > 0) {
      engine = await createOcrEngine({ workers: config.ocrWorkers });
      runner = await startOcrRunner({ database, blobs: deps.blobs, engine });
    }
    // Pre-translations interrupted by the last stop carry on (lines already filled are skipped).
    void runPretranslationJobs(database);
    // So do collection exports (built again from the start).
    void runExportJobs(deps);
    const app = createApp(deps, { webRoot });
    const listening = await listen(app.fetch, { port: config.port, hostname: config.host, timeouts: config.httpTimeouts });
    server = listening.server;
    const info = listening.info;
    if (!config.publicUrl) log.warn(publicUrlMissing);
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    const url = `http://${host}:${info.port}`;
    log.info('sijill: listening', { url, database: database.kind, ocrWorkers: config.ocrWorkers });
    return { url, deps, firstAdmin, runner, close };
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
}
