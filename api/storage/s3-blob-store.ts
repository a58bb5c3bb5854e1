import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { AwsClient } from 'aws4fetch';
import { sha256Hex, type BlobArea, type BlobStore } from './blob-store';

export type S3Location = {
  /** Where the S3 API answers, e.g. `https://s3.eu-central-1.amazonaws.com` or a MinIO server. */
  endpoint: string;
  bucket: string;
  /** Keys live under `prefix/<area>/<sha256>`. */
  prefix: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
};

const keyPattern = /^[0-9a-f]{64}$/;

/**
 * The content-addressed store in an S3-compatible bucket, for servers and OCR workers on several
 * machines. Same contract as the file store: a blob is written once under its SHA-256 and never
 * rewritten (the upload is conditional, and S3 checks the body against the declared hash); a blob
 * read back that no longer matches its key is an error, not evidence. Path-style URLs, so MinIO
 * and other S3-compatible servers work as they are.
 */
export function createS3BlobStore(where: S3Location): BlobStore {
  const client = new AwsClient({
    accessKeyId: where.accessKeyId,
    secretAccessKey: where.secretAccessKey,
    service: 's3',
    region: where.region,
    retries: 3,
  });
  const base = `${where.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(where.bucket)}`;
  const prefix = where.prefix.replace(/^\/+|\/+$/g, '');
  const urlOf = (area: BlobArea, key: string) => {
    if (!keyPattern.test(key)) throw new Error('Invalid blob key');
    return `${base}/${prefix ? `${prefix}/` : ''}${area}/${key}`;
  };
  const failure = (what: string, res: Response) => new Error(`Blob store: ${what} answered HTTP ${res.status} (bucket ${where.bucket})`);
  const has = async (area: BlobArea, key: string) => {
    const res = await client.fetch(urlOf(area, key), { method: 'HEAD' });
    if (res.status === 404) return false;
    if (!res.ok) throw failure('HEAD', res);
    return true;
  };
  return {
    has,
    async put(area, bytes) {
      const key = sha256Hex(bytes);
      if (await has(area, key)) return { key, size: bytes.byteLength, created: false };
      const res = await client.fetch(urlOf(area, key), {
        method: 'PUT',
        body: bytes as Uint8Array<ArrayBuffer>, // blobs are never over shared memory
        headers: { 'content-type': 'application/octet-stream', 'x-amz-content-sha256': key, 'if-none-match': '*' },
      });
      // 412: written meanwhile by another process, with the same bytes (the key is their hash).
      if (res.status === 412) return { key, size: bytes.byteLength, created: false };
      if (!res.ok) throw failure('PUT', res);
      return { key, size: bytes.byteLength, created: true };
    },
    /** One PUT streamed from the file (S3 takes up to 5 GB so), checked by S3 against the declared SHA-256. */
    async putFile(area, path, key) {
      const size = (await stat(path)).size;
      if (await has(area, key)) return { key, size, created: false };
      const res = await client.fetch(urlOf(area, key), {
        method: 'PUT',
        body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(size), 'x-amz-content-sha256': key, 'if-none-match': '*' },
        // A streamed request body (Node's fetch needs to be told).
        duplex: 'half',
      } as RequestInit);
      if (res.status === 412) return { key, size, created: false };
      if (!res.ok) throw failure('PUT', res);
      return { key, size, created: true };
    },
    /** Streamed as S3 sends it (not re-hashed here: the archive's SHA-256 is sent with it for the receiver to check). */
    async stream(area, key) {
      const res = await client.fetch(urlOf(area, key));
      if (!res.ok || !res.body) throw failure('GET', res);
      return { size: Number(res.headers.get('content-length') ?? 0), body: res.body as ReadableStream<Uint8Array> };
    },
    /** ListObjectsV2 under the area's prefix, page by page. */
    async list(area) {
      const keys: string[] = [];
      const areaPrefix = `${prefix ? `${prefix}/` : ''}${area}/`;
      let token: string | undefined;
      do {
        const query = new URLSearchParams({ 'list-type': '2', prefix: areaPrefix });
        if (token) query.set('continuation-token', token);
        const res = await client.fetch(`${base}?${query}`);
        if (!res.ok) throw failure('LIST', res);
        const xml = await res.text();
        for (const [, k] of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) {
          const key = k!.slice(areaPrefix.length);
          if (keyPattern.test(key)) keys.push(key);
        }
        token = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? xml.match(/<NextContinuationToken>([^<]*)<\/NextContinuationToken>/)?.[1] : undefined;
      } while (token);
      return keys.sort();
    },
    async get(area, key) {
      const res = await client.fetch(urlOf(area, key));
      if (!res.ok) throw failure('GET', res);
      const bytes = Buffer.from(await res.arrayBuffer());
      if (sha256Hex(bytes) !== key) throw new Error(`Blob store: ${area} blob ${key} no longer matches its SHA-256`);
      return bytes;
    },
  };
}
