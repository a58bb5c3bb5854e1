// A document with many pages of lines, as OCR would leave them, without running OCR: the
// upload goes through the API (a PDF with one page per scan), then each page gets a corpus
// scan as its working image and the corpus lines (with word confidences, some low) as its
// lines. For the editor's browser tests and its benchmark (web/bench/editor.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { replacePageSegments } from '../../api/segments/replace-page-segments';
import { documents, ocrJobs, pages } from '../../db/schema';
import type { RunningSijill } from '../../api/server';

const corpusDir = join(import.meta.dirname, '..', 'fixtures', 'corpus', 'clean');

interface CorpusPage {
  image: string;
  lines: string[];
  translation: string[];
}

function corpusPage(i: number): CorpusPage & { bytes: Buffer; width: number; height: number } {
  const name = `doc-01-${String(i % 20).padStart(3, '0')}`;
  const meta = JSON.parse(readFileSync(join(corpusDir, `${name}.json`), 'utf8')) as CorpusPage;
  const bytes = readFileSync(join(corpusDir, meta.image));
  // JPEG size from the SOF0/SOF2 marker.
  let width = 2480;
  let height = 3508;
  for (let o = 2; o < bytes.length - 9; ) {
    if (bytes[o] !== 0xff) break;
    const marker = bytes[o + 1]!;
    const len = bytes.readUInt16BE(o + 2);
    if (marker === 0xc0 || marker === 0xc2) {
      height = bytes.readUInt16BE(o + 5);
      width = bytes.readUInt16BE(o + 7);
      break;
    }
    o += 2 + len;
  }
  return { ...meta, bytes, width, height };
}

/** The text lines of a scan: bands of dark rows (a horizontal projection), each with its extent. */
async function lineBands(bytes: Buffer): Promise<{ x: number; y: number; w: number; h: number }[]> {
  const { data, info } = await sharp(bytes).greyscale().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const dark = (x: number, y: number) => data[y * width + x]! < 110;
  const rows = Array.from({ length: height }, (_, y) => {
    let n = 0;
    for (let x = 0; x < width; x += 2) if (dark(x, y)) n++;
    return n;
  });
  const bands: { y0: number; y1: number }[] = [];
  for (let y = 0; y < height; y++) {
    if (rows[y]! < 3) continue;
    const last = bands.at(-1);
    if (last && y - last.y1 <= 6) last.y1 = y;
    else bands.push({ y0: y, y1: y });
  }
  return bands
    .filter((b) => b.y1 - b.y0 >= 12)
    .map((b) => {
      let x0 = width;
      let x1 = 0;
      for (let y = b.y0; y <= b.y1; y += 2) {
        for (let x = 0; x < width; x += 2) {
          if (dark(x, y)) {
            x0 = Math.min(x0, x);
            x1 = Math.max(x1, x);
          }
        }
      }
      const pad = 6;
      return { x: Math.max(0, x0 - pad), y: Math.max(0, b.y0 - pad), w: x1 - x0 + 2 * pad, h: b.y1 - b.y0 + 2 * pad };
    });
}

async function pdfWithPages(count: number, label: string): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  for (let i = 0; i < count; i++) {
    doc.addPage({ size: 'A4' });
    doc.fontSize(12).text(`${label} — page ${i + 1}`);
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

export interface SeededDocument {
  documentId: number;
  pageIds: number[];
  /** Segment ids per page, in reading order. */
  lines: number[][];
}

/**
 * Uploads a `pages`-page document as `cookie`'s user and fills every page with `linesPerPage`
 * corpus lines (repeated when a corpus page is shorter). Every seventh word is uncertain.
 */
export async function seedEditorDocument(
  server: Pick<RunningSijill, 'url' | 'deps'>,
  cookie: string,
  opts: { pages: number; linesPerPage: number; title: string; sensitivePages?: number[] },
): Promise<SeededDocument> {
  const form = new FormData();
  const pdf = await pdfWithPages(opts.pages, `${opts.title} ${Date.now()} ${Math.random()}`);
  form.set('file', new File([new Uint8Array(pdf)], `${opts.title}.pdf`, { type: 'application/pdf' }));
  form.set('title', opts.title);
  const res = await fetch(`${server.url}/api/documents`, { method: 'POST', body: form, headers: { cookie } });
  if (!res.ok) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  const { document } = (await res.json()) as { document: { id: number } };
  const db = server.deps.database.db;
  const rows = (await db.select().from(pages).where(eq(pages.documentId, document.id))).sort((a, b) => a.pageNo - b.pageNo);
  const lines: number[][] = [];
  for (const [i, page] of rows.entries()) {
    const src = corpusPage(i);
    const blob = await server.deps.blobs.put('page', new Uint8Array(src.bytes));
    // The scan's own text lines where they can be found (one band per corpus line); lines
    // beyond them (a page longer than the scan) get boxes spread over the page.
    const bands = await lineBands(src.bytes);
    let found = bands;
    if (bands.length !== src.lines.length && bands.length > 0) {
      // Lines that touch (or a stamp) spoil the count: share the text's extent evenly.
      const top = bands[0]!.y;
      const bottom = bands.at(-1)!.y + bands.at(-1)!.h;
      const x = Math.min(...bands.map((b) => b.x));
      const w = Math.max(...bands.map((b) => b.x + b.w)) - x;
      const h = (bottom - top) / src.lines.length;
      found = src.lines.map((_, n) => ({ x, y: Math.round(top + n * h), w, h: Math.round(h) - 2 }));
    }
    const lineH = Math.floor((src.height - 200) / Math.max(opts.linesPerPage, 1));
    const seeded = Array.from({ length: opts.linesPerPage }, (_, n) => {
      const text = src.lines[n % src.lines.length]!;
      const box = (n < src.lines.length ? found[n] : undefined) ?? { x: 120, y: 100 + n * lineH, w: src.width - 240, h: Math.max(lineH - 6, 10) };
      const parts = text.split(' ');
      const wordW = box.w / Math.max(parts.length, 1);
      const words = parts.map((w, k) => ({
        text: w,
        confidence: (n + k) % 7 === 3 ? 42 : 91,
        // Right to left: the first word at the right.
        box: { x: box.x + box.w - (k + 1) * wordW, y: box.y, w: wordW - 4, h: box.h },
      }));
      return { text, confidence: 88, box, words };
    });
    await db.transaction(async (tx) => {
      await replacePageSegments(tx, { id: page.id, documentId: document.id }, seeded);
      await tx
        .update(pages)
        .set({
          ocrStatus: 'done',
          imageKey: blob.key,
          imageMime: 'image/jpeg',
          width: src.width,
          height: src.height,
          sensitive: opts.sensitivePages?.includes(page.pageNo) ?? false,
        })
        .where(eq(pages.id, page.id));
      await tx.update(ocrJobs).set({ status: 'done' }).where(eq(ocrJobs.pageId, page.id));
    });
  }
  await db.update(documents).set({ status: 'in_progress' }).where(eq(documents.id, document.id));
  const segs = (await (
    await fetch(`${server.url}/api/documents/${document.id}/segments`, { headers: { cookie } })
  ).json()) as { segments: { id: number; pageId: number }[] };
  for (const page of rows) lines.push(segs.segments.filter((s) => s.pageId === page.id).map((s) => s.id));
  return { documentId: document.id, pageIds: rows.map((p) => p.id), lines };
}
