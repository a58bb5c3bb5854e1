import { createDb } from '../../db/client';
import { createOcrEngine } from '../../ocr';
import type { Config } from '../config';
import { AppError } from '../lib/errors';
import { startOcrRunner } from '../ocr-jobs/runner';
import { openBlobStore } from '../storage/blob-store';

/** A stand-alone OCR worker: pulls page jobs from the shared queue until stopped. */
export async function runWorker(config: Config): Promise<number> {
  if (!config.databaseUrl) {
    throw new AppError(400, 'usage', 'sijill worker shares the job queue through PostgreSQL: set DATABASE_URL. (npm start already runs OCR workers in-process.)');
  }
  const database = await createDb({ databaseUrl: config.databaseUrl, dataDir: null });
  await database.migrate();
  const engine = await createOcrEngine({ workers: config.ocrWorkers });
  const runner = await startOcrRunner({ database, blobs: await openBlobStore(config.blobStore), engine });
  process.stdout.write(`OCR worker running with ${engine.size} recognisers. Ctrl-C to stop.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await runner.stop();
  await engine.close();
  await database.close();
  return 0;
}
