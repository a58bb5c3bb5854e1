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
        const { entries, skipped } = unzipEntries(bytes, config.maxUploadBytes);
        for (const s of skipped) {
          if (s.refused) counts.failed++;
          process.stderr.write(`${s.refused ? 'refused' : 'skipped'}  ${file}:${s.name}: ${s.reason}\n`);
        }
        for (const [name, entry] of entries) await ingest(`${file}:${name}`, entry);
      } else {
        await ingest(file, bytes);
      }
    }
  }
  process.stdout.write(`${counts.created} imported, ${counts.existing} already stored, ${counts.failed} failed or refused\n`);
  return counts.failed ? 1 : 0;
}

async function* walk(path: string): AsyncGenerator<string> {
  const s = await stat(path);
  if (!s.isDirectory()) return yield path;
  for (const entry of (await readdir(path)).sort()) {
    if (!entry.startsWith('.')) yield* walk(join(path, entry));
  }
}

export type SkippedEntry = { name: string; reason: string; refused: boolean };

/**
 * Why an archive entry is not imported, or null to import it. Folders, hidden files and macOS
 * metadata are skipped quietly-but-said; a name that is absolute or climbs out of the archive
 * (`..`) is refused: no archive made from a folder of scans holds one, so it is a damaged or
 * crafted archive (nothing is written to disk from a name, but nothing from such an entry is
 * taken in either).
 */
export function entryVerdict(name: string, size: number, maxEntryBytes: number): Omit<SkippedEntry, 'name'> | null {
  const parts = name.split(/[\\/]/);
  if (/^([\\/]|[A-Za-z]:)/.test(name)) return { reason: 'absolute path', refused: true };
  if (parts.includes('..')) return { reason: 'path climbs out of the archive (..)', refused: true };
  if (name.endsWith('/') || name.endsWith('\\')) return { reason: 'folder', refused: false };
  if (parts.includes('__MACOSX')) return { reason: 'macOS metadata', refused: false };
  if (parts.some((p) => p.startsWith('.'))) return { reason: 'hidden file', refused: false };
  if (size > maxEntryBytes) return { reason: `larger than the upload limit (${Math.round(maxEntryBytes / 1048576)} MB)`, refused: true };
  return null;
}

/** Reads the entries whose sizes, declared in the archive, are checked first, so a ZIP bomb is refused; says what it left out and why. */
function unzipEntries(bytes: Uint8Array, maxEntryBytes: number) {
  let total = 0;
  const skipped: SkippedEntry[] = [];
  const files = unzipSync(bytes, {
    filter: (f) => {
      const verdict = entryVerdict(f.name, f.originalSize, maxEntryBytes);
      if (verdict) {
        if (verdict.reason !== 'folder') skipped.push({ name: f.name, ...verdict });
        return false;
      }
      total += f.originalSize;
      if (total > maxZipTotalBytes) throw new AppError(413, 'file_limit', 'The archive unpacks to more than 4 GB; split it.');
      return true;
    },
  });
  return { entries: Object.entries(files).sort(([a], [b]) => a.localeCompare(b)), skipped };
}
