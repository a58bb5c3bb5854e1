import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsClient } from 'aws4fetch';
// @ts-expect-error s3rver ships no types
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/config';
import { createS3BlobStore, type S3Location } from '../../api/storage/s3-blob-store';
import { fixture, startTestApp } from '../helpers/test-app';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** An S3-compatible server on this machine (s3rver, test-only). */
describe('the blob store in an S3-compatible bucket', () => {
  let server: { run(): Promise<{ port: number }>; close(): Promise<void> };
  let dir: string;
  let where: S3Location;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sijill-s3-'));
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'sijill-test' }] });
    const { port } = await server.run();
    where = {
      endpoint: `http://127.0.0.1:${port}`,
      bucket: 'sijill-test',
      prefix: 'archive',
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    };
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is chosen by BLOB_STORE=s3://bucket/prefix, with credentials required', () => {
    expect(loadConfig({ DATA_DIR: dir }).blobStore).toEqual({ kind: 'files', root: join(dir, 'blobs') });
    expect(
      loadConfig({
        DATA_DIR: dir,
        BLOB_STORE: 's3://sijill-archive/site-a/blobs',
        S3_REGION: 'eu-central-1',
        S3_ACCESS_KEY_ID: 'k',
        S3_SECRET_ACCESS_KEY: 's',
      }).blobStore,
    ).toEqual({
      kind: 's3',
      endpoint: 'https://s3.eu-central-1.amazonaws.com',
      bucket: 'sijill-archive',
      prefix: 'site-a/blobs',
      region: 'eu-central-1',
      accessKeyId: 'k',
      secretAccessKey: 's',
    });
    expect(() => loadConfig({ DATA_DIR: dir, BLOB_STORE: 's3://sijill-archive' })).toThrow(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/);
    expect(() => loadConfig({ DATA_DIR: dir, BLOB_STORE: '/mnt/blobs' })).toThrow(/s3:\/\/bucket/);
  });

  it('stores a blob once under its SHA-256 and reads it back', async () => {
    const store = createS3BlobStore(where);
    const bytes = new TextEncoder().encode('a scan, byte for byte');
    expect(await store.has('original', sha(bytes))).toBe(false);
    expect(await store.put('original', bytes)).toEqual({ key: sha(bytes), size: bytes.byteLength, created: true });
    expect(await store.put('original', bytes)).toEqual({ key: sha(bytes), size: bytes.byteLength, created: false });
    expect(await store.has('original', sha(bytes))).toBe(true);
    expect(await store.has('page', sha(bytes))).toBe(false); // areas are apart
    expect(Buffer.from(await store.get('original', sha(bytes))).toString()).toBe('a scan, byte for byte');
  });

  it('lists the keys of an area (audit checkpoints are found this way)', async () => {
    const store = createS3BlobStore(where);
    const written = await Promise.all(['one', 'two', 'three'].map((s) => store.put('checkpoint', new TextEncoder().encode(`checkpoint ${s}`))));
    expect(await store.list('checkpoint')).toEqual(written.map((w) => w.key).sort());
    expect(await store.list('certified')).not.toContain(written[0]!.key);
  });

  it('stores a file from disk as a stream and streams it back (collection export archives)', async () => {
    const store = createS3BlobStore(where);
    const bytes = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 31) % 251);
    const path = join(dir, 'archive.zip');
    writeFileSync(path, bytes);
    expect(await store.putFile('export', path, sha(bytes))).toEqual({ key: sha(bytes), size: bytes.byteLength, created: true });
    expect(await store.putFile('export', path, sha(bytes))).toEqual({ key: sha(bytes), size: bytes.byteLength, created: false });
    const { size, body } = await store.stream('export', sha(bytes));
    expect(size).toBe(bytes.byteLength);
    expect(sha(new Uint8Array(await new Response(body).arrayBuffer()))).toBe(sha(bytes));
  });

  it('refuses a blob that no longer matches its key, and an unknown access key', async () => {
    const store = createS3BlobStore(where);
    const { key } = await store.put('certified', new TextEncoder().encode('%PDF- as issued'));
    // Someone with write access to the bucket replaces the object.
    const client = new AwsClient({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', service: 's3', region: 'us-east-1' });
    const put = await client.fetch(`${where.endpoint}/${where.bucket}/archive/certified/${key}`, { method: 'PUT', body: '%PDF- altered' });
    expect(put.ok).toBe(true);
    await expect(store.get('certified', key)).rejects.toThrow(/no longer matches its SHA-256/);

    // s3rver checks the access key but not a V4 signature's value; aws4fetch signs as S3 expects.
    const impostor = createS3BlobStore({ ...where, accessKeyId: 'NOT-A-KEY' });
    await expect(impostor.put('page', new Uint8Array([1, 2, 3]))).rejects.toThrow(/HTTP 403/);
  });

  it('serves the app from the bucket: upload, OCR of the page, the page image', async () => {
    const t = await startTestApp({ ocr: true, config: { blobStore: { kind: 's3', ...where, prefix: 'app' } } });
    try {
      const scan = fixture('corpus/clean/doc-01-000.jpg');
      const res = await t.upload('translator', scan, 'doc-01-000.jpg');
      expect(res.status).toBe(201);
      const { document } = (await res.json()) as { document: { id: number } };
      expect(await t.deps.blobs.has('original', sha(scan))).toBe(true);
      const detail = (await t.waitForOcr(document.id)) as unknown as { pages: Array<{ ocrStatus: string; imageUrl: string }> };
      expect(detail.pages[0]!.ocrStatus).toBe('done');
      const image = await t.request('researcher', detail.pages[0]!.imageUrl);
      expect(image.status).toBe(200);
      expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(1000);
      const { segments } = (await (await t.request('researcher', `/api/documents/${document.id}/segments`)).json()) as {
        segments: unknown[];
      };
      expect(segments.length).toBeGreaterThan(3);
    } finally {
      await t.close();
    }
  });
});
