import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { unzipSync } from 'fflate';
import type { DbHandle } from '../../db/client';
import { loadConfig } from '../config';
import { ingestDocument } from '../documents/ingest';
import { AppError } from '../lib/errors';
import { openBlobStore } from '../storage/blob-store';
import { cliActor } from './actor';

const zipMagic = [0x50, 0x4b, 0x03, 0x04];
const maxZipTotalBytes = 4 * 1024 ** 3;

/** `sijill import PATH... [--collection C]`: idempotent by SHA-256, like uploads. */
export async function runImport(database: DbHandle, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { collection: { type: 'string' }, as: { type: 'string' } } });
  if (positionals.length === 0) throw new AppError(400, 'usage', 'import needs at least one file, folder or ZIP archive.');
  const config = loadConfig();
  const actor = await cliActor(database, values.as);
  const deps = { database, blobs: await openBlobStore(config.blobStore), notifyJobs: () => {} };
  const counts = { created: 0, existing: 0, failed: 0 };

  const ingest = async (label: string, bytes: Uint8Array) => {
    try {
      const r = await ingestDocument(deps, actor, { bytes, fileName: label.split('/').pop(), collection: values.collection });
      counts[r.created ? 'created' : 'existing']++;
      process.stdout.write(`${r.created ? 'imported' : 'already stored'}  ${label}  → document ${r.documentId}\n`);
    } catch (err) {
      counts.failed++;
      process.stderr.write(`failed  ${label}: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  };

  for (const path of positionals) {
    for await (const file of walk(path)) {
      const bytes = await readFile(file);
      if (zipMagic.every((b, i) => bytes[i] === b)) {
        for (const [name, entry] of unzipEntries(bytes, config.maxUploadBytes)) await ingest(`${file}:${name}`, entry);
      } else {
        await ingest(file, bytes);
      }
    }
  }
  process.stdout.write(`${counts.created} imported, ${counts.existing} already stored, ${counts.failed} failed\n`);
  return counts.failed ? 1 : 0;
}

async function* walk(path: string): AsyncGenerator<string> {
  const s = await stat(path);
  if (!s.isDirectory()) return yield path;
  for (const entry of (await readdir(path)).sort()) {
    if (!entry.startsWith('.')) yield* walk(join(path, entry));
  }
}

/** Reads entries lazily checked against sizes declared in the archive, so a ZIP bomb is refused. */
function unzipEntries(bytes: Uint8Array, maxEntryBytes: number): Array<[string, Uint8Array]> {
  let total = 0;
  const files = unzipSync(bytes, {
    filter: (f) => {
      if (f.name.endsWith('/') || f.name.split('/').some((p) => p.startsWith('.') || p === '__MACOSX')) return false;
      if (f.originalSize > maxEntryBytes) throw new AppError(413, 'file_limit', `${f.name} is larger than the upload limit.`);
      total += f.originalSize;
      if (total > maxZipTotalBytes) throw new AppError(413, 'file_limit', 'The archive unpacks to more than 4 GB; split it.');
      return true;
    },
  });
  return Object.entries(files).sort(([a], [b]) => a.localeCompare(b));
}
