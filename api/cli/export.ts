import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import { parseArgs } from 'node:util';
import type { DbHandle } from '../../db/client';
import { findCollectionForUser } from '../../db/queries/documents';
import type { SessionUser } from '../../db/queries/users';
import { loadConfig, verificationBaseUrl, type Config } from '../config';
import { exportDocument } from '../exchange/export-document';
import { exportJobFor, requestExport, runExportJobs } from '../exchange/export-jobs';
import { openBlobStore } from '../storage/blob-store';
import { exportFormats, type ExportFormat } from '../exchange/formats';
import { AppError } from '../lib/errors';
import { cliActor } from './actor';

/**
 * `sijill export --format F --out DIR ID...`: each document's export written to DIR, as the API
 * gives it (a ZIP for PAGE XML of a multi-page document), audited under the acting account
 * (`--as EMAIL`, default the first administrator). Exits 1 if any document failed.
 *
 * `sijill export --format F --out DIR --collection NAME`: the whole collection as one ZIP, built
 * as the API's collection export builds it (the same job, run in this process).
 */
export async function runExport(database: DbHandle, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: 'string' }, out: { type: 'string' }, as: { type: 'string' }, page: { type: 'string' }, collection: { type: 'string' } },
  });
  const format = values.format as ExportFormat | undefined;
  if (!format || !exportFormats.includes(format)) throw new AppError(400, 'usage', `export needs --format, one of ${exportFormats.join(', ')}.`);
  if (!values.out) throw new AppError(400, 'usage', 'export needs --out DIR.');
  if (values.collection !== undefined) {
    if (positionals.length) throw new AppError(400, 'usage', 'export --collection takes no document ids.');
    const config = loadConfig();
    return exportCollection(database, config, await cliActor(database, values.as), format, values.collection, values.out);
  }
  const ids = positionals.map(Number);
  if (ids.length === 0 || ids.some((n) => !Number.isInteger(n) || n <= 0)) throw new AppError(400, 'usage', 'export needs one or more document ids (whole numbers).');
  const page = values.page === undefined ? undefined : Number(values.page);
  const config = loadConfig();
  const actor = await cliActor(database, values.as);
  await mkdir(values.out, { recursive: true });
  let failed = 0;
  for (const id of ids) {
    try {
      const file = await exportDocument(database.db, actor, id, format, { publicUrl: verificationBaseUrl(config), page });
      const path = join(values.out, file.fileName);
      await writeFile(path, file.bytes);
      process.stdout.write(`exported  document ${id}  → ${path}  (${file.bytes.byteLength} bytes, SHA-256 ${file.sha256})\n`);
    } catch (err) {
      failed++;
      process.stderr.write(`failed  document ${id}: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
  return failed ? 1 : 0;
}

async function exportCollection(database: DbHandle, config: Config, actor: SessionUser, format: ExportFormat, name: string, out: string): Promise<number> {
  const collection = await findCollectionForUser(database.db, actor, name);
  if (!collection || !collection.readable) throw new AppError(404, 'not_found', `No collection "${name}" that ${actor.email} may read.`);
  const deps = { database, config, blobs: await openBlobStore(config.blobStore) };
  const { id } = await requestExport(deps, actor, format, { collectionId: collection.id });
  const progress = setInterval(() => {
    void exportJobFor(deps, actor, id).then((j) => process.stdout.write(`building  ${j.done} of ${j.total} documents\n`)).catch(() => {});
  }, 2000);
  try {
    await runExportJobs(deps);
  } finally {
    clearInterval(progress);
  }
  const job = await exportJobFor(deps, actor, id);
  if (job.status !== 'done' || !job.sha256) {
    process.stderr.write(`failed  collection ${name}: ${job.error ?? 'the export did not finish'}\n`);
    return 1;
  }
  await mkdir(out, { recursive: true });
  const path = join(out, job.fileName ?? `sijill-export-${job.id}.zip`);
  const blob = await deps.blobs.stream('export', job.sha256);
  await pipeline(Readable.fromWeb(blob.body as NodeWebReadableStream<Uint8Array>), createWriteStream(path));
  process.stdout.write(
    `exported  collection ${name}: ${job.done - job.skipped} document(s), ${job.skipped} without lines  → ${path}  (${job.sizeBytes} bytes, SHA-256 ${job.sha256})\n`,
  );
  return 0;
}
