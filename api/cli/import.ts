import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { DbHandle } from '../../db/client';
import { loadConfig } from '../config';
import { importBatch, skippedResults, summarize, type BatchFile, type BatchResult } from '../exchange/import-batch';
import { openZipFile, zipLimits } from '../exchange/zip';
import { AppError } from '../lib/errors';
import { openBlobStore } from '../storage/blob-store';
import { cliActor } from './actor';

const zipMagic = [0x50, 0x4b, 0x03, 0x04];

/**
 * `sijill import PATH... [--collection C] [--as EMAIL]`: files, folders and ZIP archives,
 * idempotent by SHA-256 like uploads. A scan with a PAGE XML or ALTO file of its name beside it
 * (or in page/ or alto/ beside it, as Transkribus exports) takes its lines from that file
 * instead of OCR. Exits 1 if anything failed.
 */
export async function runImport(database: DbHandle, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { collection: { type: 'string' }, as: { type: 'string' } } });
  if (positionals.length === 0) throw new AppError(400, 'usage', 'import needs at least one file, folder or ZIP archive.');
  const config = loadConfig();
  const actor = await cliActor(database, values.as);
  const deps = { database, blobs: await openBlobStore(config.blobStore), notifyJobs: () => {} };
  const all: BatchResult[] = [];
  const print = (prefix: string) => (r: BatchResult) => {
    const label = `${prefix}${r.name}`;
    const via = r.transcription ? ` (lines from ${r.transcription.name}, ${r.transcription.format})` : '';
    if (r.outcome === 'created') process.stdout.write(`imported  ${label}  → document ${r.documentId}${via}\n`);
    else if (r.outcome === 'existing')
      process.stdout.write(`already stored  ${label}  → document ${r.documentId}${r.transcriptionIgnored ? ' (its transcription was not used)' : ''}\n`);
    else if (r.outcome === 'skipped') process.stdout.write(`skipped  ${label}: ${r.error?.message}\n`);
    else process.stderr.write(`failed  ${label}: ${r.error?.message}\n`);
  };

  for (const path of positionals) {
    const files = await listFiles(path);
    const zips: ListedFile[] = [];
    const plain: ListedFile[] = [];
    for (const f of files) ((await isZip(f.absolute)) ? zips : plain).push(f);
    if (plain.length) all.push(...(await importBatch(deps, actor, plain, { collection: values.collection, onResult: print('') })));
    for (const z of zips) {
      let archive;
      try {
        archive = await openZipFile(z.absolute, zipLimits(config.maxUploadBytes));
      } catch (err) {
        const r: BatchResult = { name: z.path, outcome: 'failed', error: { code: 'archive', message: err instanceof Error ? err.message : String(err) } };
        print('')(r);
        all.push(r);
        continue;
      }
      try {
        for (const s of archive.skipped) process.stderr.write(`${s.refused ? 'refused' : 'skipped'}  ${z.path}:${s.name}: ${s.reason}\n`);
        all.push(...skippedResults(archive.skipped));
        const entries = archive.entries.map((e) => ({ path: e.name, size: e.size, read: e.read }));
        all.push(...(await importBatch(deps, actor, entries, { collection: values.collection, onResult: print(`${z.path}:`) })));
      } finally {
        archive.close();
      }
    }
  }
  const c = summarize(all);
  process.stdout.write(
    `${c.created} imported (${c.withTranscription} with their transcription), ${c.existing} already stored, ${c.skipped} skipped, ${c.failed} failed\n`,
  );
  return c.failed ? 1 : 0;
}

type ListedFile = BatchFile & { absolute: string };

/** A file, or every file under a folder (hidden ones left out), named relative to the folder. */
async function listFiles(root: string): Promise<ListedFile[]> {
  const s = await stat(root);
  const file = (absolute: string, size: number, path: string): ListedFile => ({ path, absolute, size, read: () => readFile(absolute) });
  if (!s.isDirectory()) return [file(root, s.size, root)];
  const out: ListedFile[] = [];
  const walk = async (dir: string) => {
    for (const entry of (await readdir(dir)).sort()) {
      if (entry.startsWith('.')) continue;
      const absolute = join(dir, entry);
      const info = await stat(absolute);
      if (info.isDirectory()) await walk(absolute);
      else out.push(file(absolute, info.size, relative(root, absolute)));
    }
  };
  await walk(root);
  return out;
}

async function isZip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    return zipMagic.every((b, i) => head[i] === b);
  } finally {
    await handle.close();
  }
}
