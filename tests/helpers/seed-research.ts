// Documents with known lines for the search, entity and verification browser tests, written
// without OCR: the OCR runner is stopped, a corpus scan is uploaded through the API, and its
// page gets the given lines (and translations) as OCR and a translator would leave them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { RunningSijill } from '../../api/server';
import { replacePageSegments } from '../../api/segments/replace-page-segments';
import { documents, ocrJobs, pages } from '../../db/schema';
import { adminCredentials } from './test-server';

const corpus = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'corpus', 'clean', name));

/** Width and height in pixels from a JPEG's start-of-frame segment; throws on anything else. */
function jpegSize(bytes: Buffer): { width: number; height: number } {
  let i = 2;
  while (i + 9 < bytes.length && bytes[i] === 0xff) {
    const marker = bytes[i + 1]!;
    if (marker >= 0xc0 && marker <= 0xc3) return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    i += 2 + bytes.readUInt16BE(i + 2);
  }
  throw new Error('not a baseline or progressive JPEG');
}

/** An API client signed in as the test admin (session cookie). */
export async function adminApi(server: Pick<RunningSijill, 'url'>) {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(adminCredentials),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const call = async <T = unknown>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { cookie, ...(body === undefined || body instanceof FormData ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    const type = res.headers.get('content-type') ?? '';
    return (type.includes('json') ? res.json() : Buffer.from(await res.arrayBuffer())) as Promise<T>;
  };
  return { cookie, call };
}

export type AdminApi = Awaited<ReturnType<typeof adminApi>>;

/**
 * A one-page document with these lines (Arabic text, optional English translation), engine
 * suggestions run over it. Call `server.runner?.stop()` once first so OCR does not overwrite them.
 * `confirmTags`: every suggestion is then accepted, as a translator who checked the page leaves
 * it; search facets, filters and research charts count confirmed tags only.
 */
export async function seedLines(
  server: RunningSijill,
  api: AdminApi,
  opts: { scan: string; title: string; collection?: string; lines: Array<{ ar: string; en?: string }>; confirmTags?: boolean; showScan?: boolean },
) {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(corpus(opts.scan))], opts.scan));
  form.set('title', opts.title);
  if (opts.collection) form.set('collection', opts.collection);
  const { document } = await api.call<{ document: { id: number } }>('POST', '/api/documents', form);
  const db = server.deps.database.db;
  const [page] = await db.select().from(pages).where(eq(pages.documentId, document.id));
  await db.transaction(async (tx) => {
    await replacePageSegments(
      tx,
      { id: page!.id, documentId: document.id },
      opts.lines.map((l, i) => ({ text: l.ar, confidence: 92, box: { x: 100, y: 100 + i * 70, w: 900, h: 55 }, words: [] })),
    );
    // The working image is the OCR worker's output; with `showScan` the scan itself stands in for it,
    // so the editor shows the page beside the lines (screenshots) instead of a load error.
    const image = opts.showScan ? await server.deps.blobs.put('page', corpus(opts.scan)) : null;
    await tx
      .update(pages)
      .set({ ocrStatus: 'done', ...(image ? { imageKey: image.key, imageMime: 'image/jpeg', ...jpegSize(corpus(opts.scan)) } : { width: 1240, height: 1754 }) })
      .where(eq(pages.id, page!.id));
    await tx.update(ocrJobs).set({ status: 'done' }).where(eq(ocrJobs.pageId, page!.id));
    await tx.update(documents).set({ status: 'in_progress' }).where(eq(documents.id, document.id));
  });
  const { segments } = await api.call<{ segments: Array<{ id: number; version: number; text: string }> }>(
    'GET',
    `/api/documents/${document.id}/segments`,
  );
  for (const [i, s] of segments.entries()) {
    const en = opts.lines[i]?.en;
    if (en) await api.call('PATCH', `/api/segments/${s.id}`, { version: s.version, translation: en });
  }
  await api.call('POST', '/api/mentions/suggest', { documentId: document.id });
  if (opts.confirmTags) {
    const { mentions } = await api.call<{ mentions: Array<{ id: number }> }>('GET', `/api/mentions?documentId=${document.id}&status=suggested`);
    if (mentions.length === 0) throw new Error(`${opts.title}: no suggested tags to confirm`);
    for (const m of mentions) await api.call('POST', `/api/mentions/${m.id}/accept`);
  }
  return { documentId: document.id, pageId: page!.id, segmentIds: segments.map((s) => s.id) };
}
