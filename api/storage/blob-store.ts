import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, readFile, rename, stat, writeFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import type { Config } from '../config';

/**
 * `original`: uploaded files, byte for byte (evidence). `page`: working images derived from them.
 * `certified`: certified PDFs exactly as issued (their SHA-256 is recorded in the certification).
 * `transcription`: PAGE XML or ALTO files that came with a scan, byte for byte (where its lines came from).
 * `checkpoint`: signed heads of the audit chain (api/audit/checkpoints.ts), kept out of the database.
 * `export`: ZIP archives of many documents built by export jobs (api/exchange/export-jobs.ts).
 */
export type BlobArea = 'original' | 'page' | 'certified' | 'transcription' | 'checkpoint' | 'export';

export type StoredBlob = { key: string; size: number; created: boolean };

export interface BlobStore {
  put(area: BlobArea, bytes: Uint8Array): Promise<StoredBlob>;
  get(area: BlobArea, key: string): Promise<Buffer>;
  has(area: BlobArea, key: string): Promise<boolean>;
  /** Every key in an area (for the few, small audit checkpoints; not meant for the scans). */
  list(area: BlobArea): Promise<string[]>;
  /**
   * Stores a file from disk without reading it into memory (archives of thousands of
   * documents); `sha256` is the file's, computed by whoever wrote it. The file is left in place.
   */
  putFile(area: BlobArea, path: string, sha256: string): Promise<StoredBlob>;
  /** A blob as a byte stream, with its size in bytes, for sending on without holding it. */
  stream(area: BlobArea, key: string): Promise<{ size: number; body: ReadableStream<Uint8Array> }>;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const keyPattern = /^[0-9a-f]{64}$/;

/**
 * Content-addressed files under `root/<area>/ab/cd/<sha256>`. A blob is written once, to a
 * temporary name then renamed, so a crash never leaves a half-written file under a real key,
 * and an existing blob is never rewritten.
 */
export function createFileBlobStore(root: string): BlobStore {
  const pathOf = (area: BlobArea, key: string) => {
    if (!keyPattern.test(key)) throw new Error('Invalid blob key');
    return join(root, area, key.slice(0, 2), key.slice(2, 4), key);
  };
  const has = async (area: BlobArea, key: string) => {
    try {
      await stat(pathOf(area, key));
      return true;
    } catch {
      return false;
    }
  };
  return {
    has,
    async put(area, bytes) {
      const key = sha256Hex(bytes);
      if (await has(area, key)) return { key, size: bytes.byteLength, created: false };
      const path = pathOf(area, key);
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await writeFile(tmp, bytes, { flag: 'wx', mode: 0o444 });
        await rename(tmp, path);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      return { key, size: bytes.byteLength, created: true };
    },
    get: (area, key) => readFile(pathOf(area, key)),
    async putFile(area, source, key) {
      const size = (await stat(source)).size;
      if (await has(area, key)) return { key, size, created: false };
      const path = pathOf(area, key);
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await copyFile(source, tmp);
        await chmod(tmp, 0o444);
        await rename(tmp, path);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      return { key, size, created: true };
    },
    async stream(area, key) {
      const path = pathOf(area, key);
      const { size } = await stat(path);
      return { size, body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array> };
    },
    async list(area) {
      const keys: string[] = [];
      const dirs = async (path: string) => (await readdir(path, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory());
      for (const a of await dirs(join(root, area))) {
        for (const b of await dirs(join(root, area, a.name))) {
          for (const name of await readdir(join(root, area, a.name, b.name))) if (keyPattern.test(name)) keys.push(name);
        }
      }
      return keys.sort();
    },
  };
}

/** The store the configuration names: files under DATA_DIR/blobs, or an S3-compatible bucket. */
export async function openBlobStore(where: Config['blobStore']): Promise<BlobStore> {
  if (where.kind === 'files') return createFileBlobStore(where.root);
  const { createS3BlobStore } = await import('./s3-blob-store');
  return createS3BlobStore(where);
}
