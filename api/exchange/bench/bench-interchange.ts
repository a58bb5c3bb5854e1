/**
 * `npm run bench:interchange` — bulk import and collection export at archive scale.
 *
 * 1. Import: a ZIP of BENCH_FILES scans (default 500), each with a PAGE XML transcription beside
 *    it, is written to disk and imported as POST /api/documents/archive imports it (openZipFile,
 *    importBatch: each scan stored in the blob store, its transcription checked and kept, its
 *    pages queued). The scans are the sample corpus's 20 pages, each made distinct by a few bytes
 *    after the JPEG's end (decoders ignore them), so every one is stored as a new document. The
 *    pages are not read here (OCR and transcription reading are bench:ocr's).
 * 2. Export: a collection of BENCH_DOCS documents (default 2000), one page of 20 corpus lines
 *    each with translations (written as OCR would leave them, through the one line-replacement
 *    path), exported as one ZIP per format in BENCH_FORMATS (default tei,docx) by the collection
 *    export job, as the API runs it: the archive streamed to disk and into the blob store.
 *
 * Prints wall time and peak resident memory of each phase (RSS sampled every 20 ms during it; the
 * process's overall maxRSS at the end). Runs on embedded PGlite in a temporary folder (the
 * database in this process: its memory is in the figures), removed afterwards.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { createDb } from '../../../db/client';
import { ensureCollection, insertDocument } from '../../../db/queries/documents';
import { findUserById } from '../../../db/queries/users';
import { exportJobs, pages, segments } from '../../../db/schema';
import { createUserAccount } from '../../auth/credentials';
import { loadConfig } from '../../config';
import { replacePageSegments } from '../../segments/replace-page-segments';
import { createFileBlobStore } from '../../storage/blob-store';
import { requestExport, runExportJobs } from '../export-jobs';
import type { ExportFormat } from '../formats';
import { importBatch, summarize } from '../import-batch';
import { openZipFile, writeZipFile, zipLimits } from '../zip';

const files = Number(process.env.BENCH_FILES || 500);
const docCount = Number(process.env.BENCH_DOCS || 2000);
const formats = (process.env.BENCH_FORMATS || 'tei,docx').split(',') as ExportFormat[];
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

const corpusDir = fileURLToPath(new URL('../../../tests/fixtures/corpus/clean', import.meta.url));
const corpus = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(corpusDir, f), 'utf8')) as { image: string; lines: string[]; translation: string[] })
  .map((c) => ({ ...c, bytes: readFileSync(join(corpusDir, c.image)) }));

/** Peak RSS while `fn` runs, sampled; the phase's own peak (not the process's since start). */
async function measured<T>(label: string, fn: () => Promise<T>): Promise<T> {
  let peak = process.memoryUsage.rss();
  const before = peak;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const started = performance.now();
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage.rss());
    console.log(`${label.padEnd(44)} ${((performance.now() - started) / 1000).toFixed(1).padStart(7)} s   peak RSS ${mb(peak).padStart(7)} (${mb(before)} before)`);
  }
}

/** A PAGE 2019 transcription of a corpus page: its lines, one under the other, in the scan's pixels. */
function pageXml(imageName: string, lines: string[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const rows = lines.map((text, i) => {
    const [y0, y1] = [200 + i * 120, 290 + i * 120];
    return `<TextLine id="l${i + 1}"><Coords points="200,${y0} 2280,${y0} 2280,${y1} 200,${y1}"/><TextEquiv><Unicode>${esc(text)}</Unicode></TextEquiv></TextLine>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"><Metadata><Creator>bench</Creator><Created>2026-01-01T00:00:00</Created><LastChange>2026-01-01T00:00:00</LastChange></Metadata>
<Page imageFilename="${imageName}" imageWidth="2480" imageHeight="3508"><TextRegion id="r1"><Coords points="200,200 2280,200 2280,3300 200,3300"/>${rows.join('')}</TextRegion></Page></PcGts>`;
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'sijill-bench-interchange-'));
  const config = loadConfig({ DATA_DIR: dir });
  const database = await createDb({ databaseUrl: null, dataDir: join(dir, 'db') });
  try {
    await database.migrate();
    const { db } = database;
    const admin = await createUserAccount(db, { email: 'bench@example.test', password: 'bench password 1', role: 'admin' }, { actorId: null, via: 'cli' });
    const user = (await findUserById(db, admin.id))!;
    const blobs = createFileBlobStore(join(dir, 'blobs'));
    const deps = { database, blobs, config, notifyJobs: () => {} };
    console.log(`bench:interchange — ${database.kind} database, ${files} files to import, ${docCount} documents to export (${formats.join(', ')})\n`);

    // ——— 1. import ———
    const zipPath = join(dir, 'import.zip');
    await measured(`write the import ZIP (${files} scans + PAGE XML)`, () =>
      writeZipFile(
        zipPath,
        (async function* () {
          for (let i = 0; i < files; i++) {
            const c = corpus[i % corpus.length]!;
            const name = `scans/scan-${String(i).padStart(5, '0')}`;
            // Distinct bytes after the JPEG's end: a new file to the store, the same image to a decoder.
            yield { name: `${name}.jpg`, bytes: Buffer.concat([c.bytes, Buffer.from(`bench ${i}`)]) };
            yield { name: `${name}.xml`, bytes: new TextEncoder().encode(pageXml(`scan-${String(i).padStart(5, '0')}.jpg`, c.lines)) };
          }
        })(),
      ),
    );
    const results = await measured(`import ${files} scans with transcriptions`, async () => {
      const archive = await openZipFile(zipPath, zipLimits(config.maxUploadBytes));
      try {
        return await importBatch(deps, user, archive.entries.map((e) => ({ path: e.name, size: e.size, read: e.read })), { collection: 'Bench import' });
      } finally {
        archive.close();
      }
    });
    const summary = summarize(results);
    if (summary.created !== files || summary.withTranscription !== files) throw new Error(`import: ${JSON.stringify(summary)}`);
    console.log(`  ${summary.created} documents created, ${summary.withTranscription} with their transcription\n`);

    // ——— 2. export ———
    const collection = await ensureCollection(db, 'Bench export');
    await measured(`seed ${docCount} documents × 20 lines`, async () => {
      for (let i = 0; i < docCount; i++) {
        const c = corpus[i % corpus.length]!;
        const lines = Array.from({ length: 20 }, (_, k) => ({ ar: c.lines[k % c.lines.length]!, en: c.translation[k % c.translation.length] ?? '' }));
        await db.transaction(async (tx) => {
          const documentId = await insertDocument(tx, {
            title: `Bench document ${i}`,
            archiveRef: `B/${i}`,
            collectionId: collection.id,
            sha256: `${i.toString(16).padStart(8, '0')}${'0'.repeat(56)}`,
            sizeBytes: c.bytes.byteLength,
            mime: 'image/jpeg',
            originalName: `bench-${i}.jpg`,
            status: 'in_progress',
            pageCount: 1,
            uploadedBy: user.id,
          });
          const [page] = await tx.insert(pages).values({ documentId, pageNo: 1, ocrStatus: 'done', width: 2480, height: 3508 }).returning();
          await replacePageSegments(
            tx,
            { id: page!.id, documentId },
            lines.map((l, k) => ({ text: l.ar, confidence: 90, box: { x: 200, y: 200 + k * 120, w: 2080, h: 90 }, words: [] })),
          );
          // The translations, as a translator leaves them (the bench measures export, not the edit path).
          const rows = await tx.select({ id: segments.id }).from(segments).where(eq(segments.pageId, page!.id)).orderBy(segments.lineOrder);
          for (const [k, r] of rows.entries()) await tx.update(segments).set({ translation: lines[k]!.en, status: 'translated' }).where(eq(segments.id, r.id));
        });
      }
    });
    for (const format of formats) {
      const job = await measured(`export ${docCount} documents as ${format} (ZIP)`, async () => {
        const queued = await requestExport(deps, user, format, { collectionId: collection.id });
        await runExportJobs(deps);
        return (await db.select().from(exportJobs).where(eq(exportJobs.id, queued.id)))[0]!;
      });
      if (job.status !== 'done') throw new Error(`export ${format}: ${job.status} ${job.error}`);
      console.log(`  ${job.done - job.skipped} documents, ${job.skipped} skipped, archive ${mb(job.sizeBytes ?? 0)} (${job.sizeBytes} bytes)\n`);
    }
    console.log(`process peak RSS (maxRSS since start): ${mb(process.resourceUsage().maxRSS * 1024)}`);
  } finally {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
