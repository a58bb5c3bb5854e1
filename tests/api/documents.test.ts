import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCollection } from '../../db/queries/documents';
import { closeSharedEngine, fixture, startTestApp, type TestApp } from '../helpers/test-app';
import { databaseKind } from '../helpers/test-db';

type Segment = {
  id: number;
  text: string;
  translation: string;
  version: number;
  status: string;
  box: { x: number; y: number; w: number; h: number };
  words: unknown[];
};

describe(`documents and segments (${databaseKind} database)`, () => {
  let t: TestApp;
  let documentId: number;
  const scan = fixture('corpus/clean/doc-01-000.jpg');
  const truth = fixture('corpus/clean/doc-01-000.txt').toString('utf8').trim().split('\n');

  beforeAll(async () => {
    t = await startTestApp({ ocr: true });
  });
  afterAll(async () => {
    await t?.close();
    await closeSharedEngine();
  });

  it('stores an upload, decides its type from the bytes and queues OCR', async () => {
    await ensureCollection(t.db, 'Branch 235'); // administrators create collections; uploaders name one that exists
    const res = await t.upload('translator', scan, 'misleading-name.pdf', { title: 'Detainee list', collection: 'Branch 235' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { document: { id: number; sha256: string; mime: string; pageCount: number; collection: string } };
    expect(body.document.mime).toBe('image/jpeg');
    expect(body.document.pageCount).toBe(1);
    expect(body.document.collection).toBe('Branch 235');
    const { createHash } = await import('node:crypto');
    expect(body.document.sha256).toBe(createHash('sha256').update(scan).digest('hex'));
    // the original is kept byte for byte under its hash
    const stored = await t.deps.blobs.get('original', body.document.sha256);
    expect(Buffer.compare(stored, scan)).toBe(0);
    documentId = body.document.id;
  });

  it('returns the existing document for the same bytes, and says so', async () => {
    const res = await t.upload('reviewer', scan, 'again.jpg');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { created: boolean; message: string; document: { id: number } };
    expect(body.created).toBe(false);
    expect(body.document.id).toBe(documentId);
    expect(body.message).toMatch(/uploaded before/);
  });

  it('OCRs the page into lines in reading order with boxes and word confidences', async () => {
    const detail = (await t.waitForOcr(documentId)) as {
      document: { status: string; pagesDone: number };
      pages: Array<{ ocrStatus: string; imageUrl: string; width: number }>;
    };
    expect(detail.document.status).toBe('in_progress');
    expect(detail.document.pagesDone).toBe(1);
    expect(detail.pages[0]!.ocrStatus).toBe('done');
    const image = await t.request('researcher', detail.pages[0]!.imageUrl);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toMatch(/^image\//);

    const res = await t.request('researcher', `/api/documents/${documentId}/segments`);
    const { segments } = (await res.json()) as { segments: Segment[] };
    expect(segments.length).toBeGreaterThanOrEqual(truth.length - 2);
    // reading order: boxes go down the page
    for (let i = 1; i < segments.length; i++) expect(segments[i]!.box.y).toBeGreaterThanOrEqual(segments[i - 1]!.box.y - 5);
    expect(segments.every((s) => s.words.length > 0 && s.version === 1 && s.status === 'ocr')).toBe(true);
    // the subject line is read well enough to be recognised
    expect(segments.some((s) => s.text.includes('الموضوع'))).toBe(true);
  });

  it('accepts an edit with the current version and refuses a stale one with the current text', async () => {
    const { segments } = (await (await t.request('translator', `/api/documents/${documentId}/segments`)).json()) as { segments: Segment[] };
    const line = segments[0]!;
    const ok = await t.json('translator', 'PATCH', `/api/segments/${line.id}`, {
      version: 1,
      text: 'الجمهورية العربية السورية',
      translation: 'Syrian Arab Republic',
    });
    expect(ok.status).toBe(200);
    const saved = ((await ok.json()) as { segment: Segment }).segment;
    expect(saved.version).toBe(2);
    expect(saved.status).toBe('translated');

    const stale = await t.json('reviewer', 'PATCH', `/api/segments/${line.id}`, { version: 1, translation: 'Overwrites?' });
    expect(stale.status).toBe(409);
    const conflict = (await stale.json()) as { error: string; message: string; current: Segment };
    expect(conflict.error).toBe('stale_version');
    expect(conflict.current.translation).toBe('Syrian Arab Republic');
    expect(conflict.current.version).toBe(2);

    const history = (await (await t.request('researcher', `/api/segments/${line.id}/versions`)).json()) as {
      versions: Array<{ version: number; text: string; translation: string; changedBy: { name: string } | null }>;
    };
    expect(history.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(history.versions[0]!.text).toBe(line.text); // before
    expect(history.versions[1]!.translation).toBe('Syrian Arab Republic'); // after
    expect(history.versions[1]!.changedBy?.name).toBe('translator');
  });

  it('stores text as NFC', async () => {
    const { segments } = (await (await t.request('translator', `/api/documents/${documentId}/segments`)).json()) as { segments: Segment[] };
    const line = segments[1]!;
    const decomposed = 'e\u0301 ' + line.text;
    const res = await t.json('translator', 'PATCH', `/api/segments/${line.id}`, { version: line.version, text: decomposed });
    const saved = ((await res.json()) as { segment: Segment }).segment;
    expect(saved.text).toBe(decomposed.normalize('NFC'));
  });

  it('gives clear errors for bad input and stores nothing', async () => {
    const before = ((await (await t.request('admin', '/api/documents')).json()) as { total: number }).total;

    const text = await t.upload('translator', Buffer.from('not a scan at all'), 'scan.jpg');
    expect(text.status).toBe(415);
    expect(((await text.json()) as { message: string }).message).toMatch(/JPEG, PNG, TIFF/);

    const empty = await t.upload('translator', new Uint8Array(0), 'empty.jpg');
    expect(empty.status).toBe(400);

    const truncated = await t.upload('translator', scan.subarray(0, 200), 'cut.jpg');
    expect([415, 422]).toContain(truncated.status);

    const noFile = await t.request('translator', '/api/documents', { method: 'POST', body: new FormData() });
    expect(noFile.status).toBe(400);
    expect(((await noFile.json()) as { message: string }).message).toMatch(/file/);

    const malformed = await t.request('translator', '/api/segments/1', {
      method: 'PATCH',
      body: '{"version": 1,',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { message: string }).message).toMatch(/JSON/);

    const badVersion = await t.json('translator', 'PATCH', '/api/segments/1', { version: 'two', text: 'x' });
    expect(badVersion.status).toBe(400);
    expect(((await badVersion.json()) as { message: string }).message).toMatch(/version/);

    const missing = await t.json('translator', 'PATCH', '/api/segments/999999', { version: 1, text: 'x' });
    expect(missing.status).toBe(404);

    const after = ((await (await t.request('admin', '/api/documents')).json()) as { total: number }).total;
    expect(after).toBe(before);
  });

  it('refuses an upload over the size limit before reading it', async () => {
    const small = await startTestApp({ config: { maxUploadBytes: 10_000 } });
    try {
      const res = await small.upload('translator', scan, 'big.jpg');
      expect(res.status).toBe(413);
      expect(((await res.json()) as { message: string }).message).toMatch(/limit/);
      const list = (await (await small.request('admin', '/api/documents')).json()) as { total: number };
      expect(list.total).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('streams an upload without a declared length to disk and stops it at the limit, keeping nothing', async () => {
    const small = await startTestApp({ config: { maxUploadBytes: 10_000 } });
    try {
      // A chunked body (no Content-Length), as a script might send it.
      const chunked = (bytes: Uint8Array) => {
        const form = new FormData();
        form.set('file', new File([new Uint8Array(bytes)], 'scan.jpg'));
        form.set('title', 'Chunked upload');
        const encoded = new Response(form);
        return small.request('translator', '/api/documents', {
          method: 'POST',
          headers: { 'content-type': encoded.headers.get('content-type')! },
          body: encoded.body,
          duplex: 'half',
        } as RequestInit);
      };
      const big = await chunked(scan);
      expect(big.status).toBe(413);
      expect(((await big.json()) as { message: string }).message).toMatch(/limit/);

      const tiny = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#fff' } })
        .png()
        .toBuffer();
      const ok = await chunked(tiny);
      expect(ok.status).toBe(201);
      expect(((await ok.json()) as { document: { title: string } }).document.title).toBe('Chunked upload');

      const list = (await (await small.request('admin', '/api/documents')).json()) as { total: number };
      expect(list.total).toBe(1);
      expect(readdirSync(join(small.testDb.dataDir, 'tmp'))).toEqual([]); // no upload left behind
    } finally {
      await small.close();
    }
  });

  it('streams OCR progress as server-sent events', async () => {
    const res = await t.request('researcher', `/api/documents/${documentId}/progress`);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await res.text();
    expect(text).toMatch(/"pagesDone":1/);
  });

  it('publishes an OpenAPI document generated from the routes', async () => {
    const res = await t.request(null, '/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    for (const p of [
      '/api/health',
      '/api/auth/login',
      '/api/documents',
      '/api/documents/{id}',
      '/api/documents/{id}/segments',
      '/api/segments/{id}',
      '/api/tokens',
    ]) {
      expect(doc.paths, p).toHaveProperty([p]);
    }
    expect(doc.paths['/api/segments/{id}']).toHaveProperty('patch');
  });
  it('stores a PDF text layer (Chromium print, Arabic) as segments with the text as typed, both pages in order', async () => {
    const text = JSON.parse(fixture('pdf-text/text.json').toString('utf8')) as { page1: string[]; page2: Record<'right' | 'left' | 'body', string[]> };
    const res = await t.upload('translator', fixture('pdf-text/chromium-plex.pdf'), 'order.pdf', { title: 'Transfer order', collection: 'Branch 235' });
    expect(res.status).toBe(201);
    const { document } = (await res.json()) as { document: { id: number; pageCount: number } };
    expect(document.pageCount).toBe(2);
    await t.waitForOcr(document.id);
    const { segments } = (await (await t.request('researcher', `/api/documents/${document.id}/segments`)).json()) as { segments: Segment[] };
    const expected = [...text.page1, '1', ...text.page2.right, ...text.page2.left, ...text.page2.body, '2'].map((l) => l.normalize('NFC'));
    expect(segments.map((s) => s.text)).toEqual(expected);
  });
});
