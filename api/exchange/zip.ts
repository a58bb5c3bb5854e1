/**
 * ZIP archives in one place. Writing streams (fflate's streaming Zip): entries are compressed
 * one at a time as the consumer reads, so an archive of thousands of documents never sits in
 * memory; only the entry being added does. Reading goes through yauzl from a file on disk (the
 * central directory first), with every size checked against limits before anything is inflated,
 * and inflated sizes checked again as they stream (yauzl refuses an entry that inflates to more
 * than it declared), so that a ZIP bomb is refused rather than unpacked.
 */
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

/** Writes the archive to a file, streaming; resolves with its size in bytes. */
export async function writeZipFile(path: string, entries: AsyncIterable<ZipEntryInput>): Promise<number> {
  let size = 0;
  const counted = zipStream(entries).pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }),
  );
  await pipeline(Readable.fromWeb(counted as NodeWebReadableStream<Uint8Array>), createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  return size;
}

export type ZipReadLimits = { maxEntryBytes: number; maxTotalBytes: number; maxEntries: number };

export type ZipListedEntry = { name: string; size: number; read(): Promise<Buffer> };

/** Names that are not files of the archive's content: folders, macOS resource forks, hidden files. */
export const skippedZipEntry = (name: string) => name.endsWith('/') || name.split('/').some((p) => p.startsWith('.') || p === '__MACOSX');

/**
 * The files of a ZIP on disk, from its central directory, checked against the limits before any
 * is read; each entry is inflated only when its `read()` is called, one at a time.
 * Errors: 413 `file_limit` over a limit, 422 `corrupt_file` for a damaged or encrypted archive.
 */
export async function openZipFile(path: string, limits: ZipReadLimits): Promise<{ entries: ZipListedEntry[]; close(): void }> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (err, z) =>
      err || !z ? reject(corrupt()) : resolve(z),
    ),
  );
  const listed: yauzl.Entry[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let total = 0;
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!skippedZipEntry(entry.fileName)) {
          if (entry.isEncrypted()) return reject(new AppError(422, 'corrupt_file', `${entry.fileName} in the archive is encrypted; Sijill cannot read it.`));
          if (entry.uncompressedSize > limits.maxEntryBytes)
            return reject(new AppError(413, 'file_limit', `${entry.fileName} in the archive is larger than the upload limit.`));
          total += entry.uncompressedSize;
          if (total > limits.maxTotalBytes) return reject(new AppError(413, 'file_limit', `The archive unpacks to more than ${Math.round(limits.maxTotalBytes / 1024 ** 3)} GB; split it.`));
          listed.push(entry);
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
    .sort((a, b) => a.fileName.localeCompare(b.fileName))
    .map((entry) => ({
      name: entry.fileName,
      size: entry.uncompressedSize,
      read: () =>
        new Promise<Buffer>((resolve, reject) =>
          zip.openReadStream(entry, (err, stream) => {
            if (err || !stream) return reject(corrupt(entry.fileName));
            const chunks: Buffer[] = [];
            stream.on('data', (c: Buffer) => chunks.push(c));
            stream.on('error', () => reject(corrupt(entry.fileName)));
            stream.on('end', () => resolve(Buffer.concat(chunks)));
          }),
        ),
    }));
  return { entries, close: () => zip.close() };
}

const corrupt = (name?: string) =>
  new AppError(422, 'corrupt_file', name ? `${name} in the archive is damaged and cannot be unpacked.` : 'The ZIP archive is damaged and cannot be read. Make it again.');
