/**
 * ZIP archives in one place. Writing streams (fflate's streaming Zip): entries are compressed
 * one at a time as the consumer reads, so an archive of thousands of documents never sits in
 * memory; only the entry being added does. Reading goes through yauzl from a file on disk (the
 * central directory first), with every size checked against limits before anything is inflated,
 * and inflated sizes checked again as they stream (yauzl refuses an entry that inflates to more
 * than it declared), so that a ZIP bomb is refused rather than unpacked.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import yauzl from 'yauzl';
import { AppError } from '../lib/errors';

export type ZipEntryInput = { name: string; bytes: Uint8Array; mtime?: Date };

/** Already-compressed files (images, docx, zip) are stored, not deflated again. */
const storedAlready = /\.(jpe?g|png|tiff?|pdf|docx|zip|gz)$/i;

/**
 * A ZIP as a byte stream, built from the entries as they are pulled. `entries` may be an async
 * generator that loads each entry when asked (a document at a time).
 */
export function zipStream(entries: AsyncIterable<ZipEntryInput>): ReadableStream<Uint8Array> {
  const iterator = entries[Symbol.asyncIterator]();
  let zip: Zip;
  let controllerRef: ReadableStreamDefaultController<Uint8Array>;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controllerRef = controller;
        zip = new Zip((err, chunk, final) => {
          if (err) return controllerRef.error(err);
          if (chunk.byteLength) controllerRef.enqueue(chunk);
          if (final) controllerRef.close();
        });
      },
      async pull() {
        const next = await iterator.next();
        if (next.done) {
          zip.end();
          return;
        }
        const { name, bytes, mtime } = next.value;
        const file = storedAlready.test(name) ? new ZipPassThrough(name) : new ZipDeflate(name, { level: 6 });
        if (mtime) file.mtime = mtime;
        zip.add(file);
        file.push(bytes, true);
      },
      async cancel(reason) {
        await iterator.return?.(reason);
      },
    },
    // One entry at a time: the next is loaded only when the consumer has taken most of the last.
    { highWaterMark: 1 },
  );
}

/** Writes the archive to a new file, streaming; resolves with its size in bytes and its SHA-256 (hex). */
export async function writeZipFile(path: string, entries: AsyncIterable<ZipEntryInput>): Promise<{ size: number; sha256: string }> {
  let size = 0;
  const hash = createHash('sha256');
  const counted = zipStream(entries).pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        hash.update(chunk);
        controller.enqueue(chunk);
      },
    }),
  );
  await pipeline(Readable.fromWeb(counted as NodeWebReadableStream<Uint8Array>), createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  return { size, sha256: hash.digest('hex') };
}

export type ZipReadLimits = { maxEntryBytes: number; maxTotalBytes: number; maxEntries: number };

/** The limits of an imported archive: each file within the upload limit, 4 GB and 20,000 files in all. */
export const zipLimits = (maxEntryBytes: number): ZipReadLimits => ({ maxEntryBytes, maxTotalBytes: 4 * 1024 ** 3, maxEntries: 20_000 });

export type ZipListedEntry = { name: string; size: number; read(): Promise<Buffer> };
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

/**
 * The files of a ZIP (a file on disk, or a Blob read by ranges), from its central directory,
 * checked against the limits before any is read; each entry is inflated only when its `read()`
 * is called, one at a time. What is left out is listed in `skipped` (see `entryVerdict`).
 * Errors: 413 `file_limit` over the archive's limits, 422 `corrupt_file` for a damaged or encrypted archive.
 */
export async function openZipFile(
  source: string | Blob,
  limits: ZipReadLimits,
): Promise<{ entries: ZipListedEntry[]; skipped: SkippedEntry[]; close(): void }> {
  // Names are decoded here, not by yauzl: yauzl fails the whole archive at the first absolute or
  // `..` name, where an import refuses that entry, says so by name, and takes in the rest.
  const options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true };
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    const done = (err: Error | null, z?: yauzl.ZipFile) => (err || !z ? reject(corrupt()) : resolve(z));
    if (typeof source === 'string') yauzl.open(source, options, done);
    else yauzl.fromRandomAccessReader(new BlobReader(source), source.size, options, done);
  });
  const listed: Array<{ entry: yauzl.Entry; name: string }> = [];
  const skipped: SkippedEntry[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let total = 0;
      zip.on('entry', (entry: yauzl.Entry) => {
        // As written (UTF-8 flag, Info-ZIP Unicode path or CP437), backslashes kept so a refusal names the entry as it is.
        const written = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileName as unknown as Buffer, entry.extraFields, true);
        const verdict = entryVerdict(written, entry.uncompressedSize, limits.maxEntryBytes);
        if (verdict) skipped.push({ name: written, ...verdict });
        else if (entry.isEncrypted()) skipped.push({ name: written, reason: 'encrypted', refused: true });
        else {
          total += entry.uncompressedSize;
          if (total > limits.maxTotalBytes) return reject(new AppError(413, 'file_limit', `The archive unpacks to more than ${Math.round(limits.maxTotalBytes / 1024 ** 3)} GB; split it.`));
          // Archives made on Windows may separate folders with backslashes: read as '/', as pairing expects.
          listed.push({ entry, name: written.replace(/\\/g, '/') });
          if (listed.length > limits.maxEntries) return reject(new AppError(413, 'file_limit', `The archive holds more than ${limits.maxEntries} files; split it.`));
        }
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', () => reject(corrupt()));
      zip.readEntry();
    });
  } catch (err) {
    zip.close();
    throw err;
  }
  const entries = listed
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ entry, name }) => ({
      name,
      size: entry.uncompressedSize,
      read: () =>
        new Promise<Buffer>((resolve, reject) =>
          zip.openReadStream(entry, (err, stream) => {
            if (err || !stream) return reject(corrupt(name));
            const chunks: Buffer[] = [];
            stream.on('data', (c: Buffer) => chunks.push(c));
            stream.on('error', () => reject(corrupt(name)));
            stream.on('end', () => resolve(Buffer.concat(chunks)));
          }),
        ),
    }));
  return { entries, skipped, close: () => zip.close() };
}

/** yauzl reading a Blob (an upload backed by its temporary file) by ranges, never all of it at once. */
class BlobReader extends yauzl.RandomAccessReader {
  constructor(private readonly blob: Blob) {
    super();
  }
  override _readStreamForRange(start: number, end: number) {
    return Readable.fromWeb(this.blob.slice(start, end).stream() as NodeWebReadableStream<Uint8Array>);
  }
}

const corrupt = (name?: string) =>
  new AppError(422, 'corrupt_file', name ? `${name} in the archive is damaged and cannot be unpacked.` : 'The ZIP archive is damaged and cannot be read. Make it again.');
