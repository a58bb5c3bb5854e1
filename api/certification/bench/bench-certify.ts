/**
 * npm run bench:certify — how long it takes to certify a 20-page document and issue its PDF.
 *
 * Builds a 20-page document from the sample corpus (one corpus page per page: scan, Arabic
 * lines, English translation), translated and approved through the real write path, on an
 * in-memory embedded database and a temporary blob store; then times `certifyDocument`
 * (snapshot, PDF rendering, storing, recording) end to end, and the PDF rendering alone.
 * Prints the figures; asserts nothing.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { auditHead } from '../../audit/chain';
import { createDb } from '../../../db/client';
import { ensureCollection, insertDocument } from '../../../db/queries/documents';
import { insertPages } from '../../../db/queries/pages';
import { listSegments } from '../../../db/queries/segments';
import { replacePageSegments } from '../../segments/replace-page-segments';
import { documents, pages } from '../../../db/schema';
import { createUserAccount } from '../../auth/credentials';
import { loadConfig, verificationBaseUrl } from '../../config';
import { updateSegment } from '../../segments/update-segment';
import { createFileBlobStore, sha256Hex } from '../../storage/blob-store';
import { certifyDocument } from '../certify';
import { loadAuditSigner } from '../../audit/checkpoints';
import { renderCertifiedPdf } from '../pdf/render-certified-pdf';
import { buildSnapshot } from '../snapshot';
import { submitForReview } from '../../review/review';

const pageCount = Number(process.env.BENCH_PAGES ?? 20);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const corpusDir = fileURLToPath(new URL('../../../tests/fixtures/corpus/clean', import.meta.url));

const corpus = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .slice(0, pageCount)
  .map((f) => {
    const j = JSON.parse(readFileSync(join(corpusDir, f), 'utf8')) as { lines: string[]; translation: string[] };
    return { ...j, image: readFileSync(join(corpusDir, f.replace('.json', '.jpg'))) };
  });

const dir = mkdtempSync(join(tmpdir(), 'sijill-bench-certify-'));
const database = await createDb({ dataDir: null });
try {
  await database.migrate();
  const { db } = database;
  const config = loadConfig({ DATA_DIR: dir });
  const blobs = createFileBlobStore(join(dir, 'blobs'));
  const auditSigner = loadAuditSigner({ dataDir: dir });
  const translator = {
    ...(await createUserAccount(
      db,
      { email: 'translator@bench.test', password: 'bench password', role: 'translator', name: 'Bench Translator' },
      { actorId: null, via: 'cli' },
    )),
  };
  const reviewer = await createUserAccount(
    db,
    { email: 'reviewer@bench.test', password: 'bench password', role: 'reviewer', name: 'Bench Reviewer', canCertify: true },
    { actorId: null, via: 'cli' },
  );

  /** One 20-page document, translated and approved; `salt` makes its original hash unique. */
  const makeDocument = async (salt: number) => {
    const collection = await ensureCollection(db, 'Bench');
    const docId = await insertDocument(db, {
      title: `Bench document ${salt}`,
      archiveRef: `BENCH/${salt}`,
      collectionId: collection.id,
      sha256: sha256Hex(new TextEncoder().encode(`bench ${salt} ${Date.now()}`)),
      sizeBytes: 1,
      mime: 'application/pdf',
      originalName: `bench-${salt}.pdf`,
      pageCount: corpus.length,
      status: 'in_progress',
    });
    const pageRows = await insertPages(db, docId, corpus.length);
    for (const [i, c] of corpus.entries()) {
      const image = await blobs.put('page', c.image);
      await db.update(pages).set({ imageKey: image.key, imageMime: 'image/jpeg', ocrStatus: 'done' }).where(eq(pages.id, pageRows[i]!.id));
      await replacePageSegments(
        db,
        { id: pageRows[i]!.id, documentId: docId },
        c.lines.map((text, n) => ({ text, box: { x: 0, y: n * 50, w: 1000, h: 40 }, confidence: 90, words: [] })),
      );
    }
    const lines = await listSegments(db, docId);
    const translationOf = new Map<number, string>();
    let k = 0;
    for (const c of corpus) for (const t of c.translation) translationOf.set(lines[k++]!.id, t);
    for (const s of lines) await updateSegment(db, translator, s.id, { version: s.version, translation: translationOf.get(s.id) ?? '' });
    await submitForReview(db, translator, docId);
    for (const s of await listSegments(db, docId)) await updateSegment(db, reviewer, s.id, { version: s.version, status: 'reviewed' });
    return docId;
  };

  const lineCount = corpus.reduce((n, c) => n + c.lines.length, 0);
  console.log(`bench:certify — ${corpus.length} pages, ${lineCount} lines, ${runs} runs, ${database.kind} database (in memory)`);
  const setupStart = performance.now();
  const docIds: number[] = [];
  for (let r = 0; r < runs; r++) docIds.push(await makeDocument(r));
  console.log(
    `  setup (documents translated and approved through updateSegment): ${((performance.now() - setupStart) / 1000).toFixed(1)} s`,
  );

  const certifyMs: number[] = [];
  let lastPdf = { size: 0, sha: '' };
  for (const id of docIds) {
    const t0 = performance.now();
    const c = await certifyDocument({ database, blobs, config, auditSigner }, reviewer, id, { place: 'The Hague', credential: 'Sworn translator' });
    certifyMs.push(performance.now() - t0);
    lastPdf = { size: c.pdfSizeBytes, sha: c.pdfSha256 };
  }
  // BENCH_PDF_OUT=file.pdf keeps the last issued PDF, to look at (pdftoppm -png -r 80 file.pdf page).
  if (process.env.BENCH_PDF_OUT) writeFileSync(process.env.BENCH_PDF_OUT, await blobs.get('certified', lastPdf.sha));

  // Rendering alone, on the same content.
  const [doc] = await db.select().from(documents).where(eq(documents.id, docIds[0]!));
  const { snapshot, hash } = await buildSnapshot(db, doc!);
  const renderMs: number[] = [];
  let sheets = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const pdf = await renderCertifiedPdf({
      document: {
        id: doc!.id,
        title: doc!.title,
        archiveRef: doc!.archiveRef,
        originalName: doc!.originalName,
        sha256: doc!.sha256,
        mime: doc!.mime,
        sizeBytes: doc!.sizeBytes,
        pageCount: doc!.pageCount,
      },
      snapshotHash: hash,
      lines: snapshot.lines,
      pages: corpus.map((c, i) => ({ pageNo: i + 1, image: { bytes: c.image, mime: 'image/jpeg' } })),
      certifiedAt: new Date(),
      place: 'The Hague',
      certifier: { name: reviewer.name, credential: null },
      translators: [{ id: translator.id, name: translator.name }],
      reviewers: [{ id: reviewer.id, name: reviewer.name }],
      declaration: 'Bench declaration.',
      verifyUrl: `${verificationBaseUrl(config)}/verify/${hash}`,
      auditAnchor: await auditHead(db),
    });
    renderMs.push(performance.now() - t0);
    sheets = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
  }

  const fmt = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `median ${(s[Math.floor(s.length / 2)]! / 1000).toFixed(2)} s, min ${(s[0]! / 1000).toFixed(2)} s, max ${(s[s.length - 1]! / 1000).toFixed(2)} s`;
  };
  console.log(`  certify ${corpus.length}-page document end to end (snapshot + PDF + store + record): ${fmt(certifyMs)}`);
  console.log(`  render the certified PDF alone: ${fmt(renderMs)}`);
  console.log(
    `  PDF: ${sheets} sheets (cover + Arabic and English sheet per page), ${(lastPdf.size / 1048576).toFixed(2)} MB, SHA-256 ${lastPdf.sha}`,
  );
} finally {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
