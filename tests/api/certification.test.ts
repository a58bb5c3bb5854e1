import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { desc, eq, gte } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../api/audit/chain';
import { readCheckpoints } from '../../api/audit/checkpoints';
import { setCertifier } from '../../api/certification/certifiers';
import { prepareCertification, recordCertification } from '../../api/certification/certify';
import { renderCertifiedPdf } from '../../api/certification/pdf/render-certified-pdf';
import { findUserByEmail } from '../../db/queries/users';
import { verifyHash } from '../../api/certification/verify';
import { replacePageSegments } from '../../api/segments/replace-page-segments';
import { auditEvents, certifications, documents, pages } from '../../db/schema';
import { fixture, startTestApp, type TestApp } from '../helpers/test-app';
import { databaseKind } from '../helpers/test-db';

type Corpus = { lines: string[]; translation: string[] };
const corpus = JSON.parse(fixture('corpus/clean/doc-01-000.json').toString('utf8')) as Corpus;
const scan = fixture('corpus/clean/doc-01-000.jpg');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;
if (!hasPdftotext) console.warn('certification.test: pdftotext (poppler-utils) is not installed; the PDF text check is skipped.');

/** Uploads the scan and gives it its lines as OCR would (no OCR engine in this file): status in_progress. */
async function seedDocument(t: TestApp, bytes: Uint8Array, name: string, lines: string[]) {
  const res = await t.upload('translator', bytes, name);
  const { document } = (await res.json()) as { document: { id: number } };
  const page = await t.deps.blobs.put('page', bytes);
  await t.db.transaction(async (tx) => {
    const [p] = await tx
      .update(pages)
      .set({ imageKey: page.key, imageMime: 'image/jpeg', width: 1654, height: 2339, ocrStatus: 'done' })
      .where(eq(pages.documentId, document.id))
      .returning({ id: pages.id, documentId: pages.documentId });
    await replacePageSegments(
      tx,
      p!,
      lines.map((text, i) => ({ text, box: { x: 100, y: 100 + 60 * i, w: 1400, h: 50 }, confidence: 90, words: [] })),
    );
    await tx.update(documents).set({ status: 'in_progress' }).where(eq(documents.id, document.id));
  });
  return document.id;
}

type Seg = { id: number; pageId: number; version: number; text: string; status: string };
type ReviewState = {
  document: { status: string };
  unreviewed: Array<{ pageNo: number; lineNo: number }>;
  notes: Array<{ action: string; comment: string | null; lineNo: number | null; open: boolean }>;
};
type Certification = { id: number; pdfSha256: string; snapshotHash: string; superseded: boolean; certifiedBy: { name: string } };

describe(`review, certification, verification, custody (${databaseKind} database)`, () => {
  let t: TestApp;
  let docId: number;
  let segs: Seg[];
  let certification: Certification;
  let pdf: Uint8Array;

  const segments = async () =>
    ((await (await t.request('translator', `/api/documents/${docId}/segments`)).json()) as { segments: Seg[] }).segments;
  const status = async () =>
    ((await (await t.request('admin', `/api/documents/${docId}`)).json()) as { document: { status: string } }).document.status;
  const decide = (id: number, action: 'approve' | 'return', version: number, comment?: string) =>
    t.json('reviewer', 'POST', `/api/review/segments/${id}`, { action, version, ...(comment ? { comment } : {}) });
  const certify = (role: 'reviewer' | 'translator' | 'legal') =>
    t.json(role, 'POST', `/api/documents/${docId}/certify`, { place: 'The Hague', credential: 'Sworn translator AR–EN' });

  beforeAll(async () => {
    // Certified PDFs print PUBLIC_URL in their verification link and QR code (issue 12).
    t = await startTestApp({ config: { publicUrl: 'https://sijill.example.org' } });
    docId = await seedDocument(t, scan, 'doc-01-000.jpg', corpus.lines);
    segs = await segments();
    // The translator translates every line.
    for (const [i, s] of segs.entries()) {
      const res = await t.json('translator', 'PATCH', `/api/segments/${s.id}`, { version: s.version, translation: corpus.translation[i] });
      expect(res.status).toBe(200);
    }
    segs = await segments();
  });
  afterAll(async () => {
    // The last test stops the app to let the CLI open the database; closing twice is harmless here.
    await t?.close().catch(() => t.testDb.destroy());
  });

  it('lets only reviewers approve lines, also through PATCH', async () => {
    const s = segs[0]!;
    const res = await t.json('translator', 'PATCH', `/api/segments/${s.id}`, { version: s.version, status: 'reviewed' });
    expect(res.status).toBe(403);
    expect((await segments())[0]!.status).toBe('translated');
  });

  it('moves through review: submit, approve, return with a comment the translator sees, resubmit', async () => {
    expect((await t.json('translator', 'POST', `/api/review/documents/${docId}/submit`, {})).status).toBe(200);
    expect(await status()).toBe('in_review');
    const queue = (await (await t.request('reviewer', '/api/review/queue')).json()) as {
      documents: Array<{ id: number; unreviewed: number; lines: number }>;
    };
    expect(queue.documents).toEqual([expect.objectContaining({ id: docId, lines: corpus.lines.length, unreviewed: corpus.lines.length })]);

    const page = await t.json('reviewer', 'POST', `/api/review/pages/${segs[0]!.pageId}`, { action: 'approve' });
    expect(page.status).toBe(200);
    segs = await segments();
    expect(segs.every((s) => s.status === 'reviewed')).toBe(true);
    expect(await status()).toBe('reviewed');

    // Returning a line needs a reason; with one, the line is un-reviewed and the document goes back.
    expect((await decide(segs[2]!.id, 'return', segs[2]!.version)).status).toBe(400);
    const returned = await decide(segs[2]!.id, 'return', segs[2]!.version, 'Date: the month is May, check the digits');
    expect(returned.status).toBe(200);
    expect(await status()).toBe('in_progress');
    const seen = (await (await t.request('translator', `/api/review/documents/${docId}`)).json()) as ReviewState;
    expect(seen.notes.filter((n) => n.open)).toEqual([
      expect.objectContaining({ action: 'returned', lineNo: 3, comment: 'Date: the month is May, check the digits' }),
    ]);
    expect(seen.unreviewed).toEqual([expect.objectContaining({ pageNo: 1, lineNo: 3 })]);

    // A stale version is refused.
    expect((await decide(segs[2]!.id, 'approve', segs[2]!.version)).status).toBe(409);

    // The translator fixes the line: the return is resolved.
    segs = await segments();
    const fixed = await t.json('translator', 'PATCH', `/api/segments/${segs[2]!.id}`, {
      version: segs[2]!.version,
      translation: `${corpus.translation[2]} `,
    });
    expect(fixed.status).toBe(200);
    const after = (await (await t.request('translator', `/api/review/documents/${docId}`)).json()) as ReviewState;
    expect(after.notes.some((n) => n.open)).toBe(false);
    expect((await t.json('translator', 'POST', `/api/review/documents/${docId}/submit`, {})).status).toBe(200);
  });

  it('refuses certification with unreviewed lines, naming them', async () => {
    await setCertifier(t.db, 'reviewer@example.test', true, null);
    const res = await certify('reviewer');
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: string; message: string; unreviewed: Array<{ pageNo: number; lineNo: number }> };
    expect(body.error).toBe('unreviewed_lines');
    expect(body.message).toContain('page 1 line 3');
    expect(body.unreviewed.map((l) => [l.pageNo, l.lineNo])).toEqual([[1, 3]]);
  });

  it('previews the declaration from the configured template and the lines still unreviewed, storing nothing', async () => {
    const res = await t.request('reviewer', `/api/documents/${docId}/certify/preview?place=Berlin&credential=Sworn%20translator`);
    expect(res.status).toBe(200);
    const preview = (await res.json()) as { declaration: string; unreviewed: Array<{ pageNo: number; lineNo: number }>; lines: number };
    expect(preview.declaration).toContain('I, reviewer, Sworn translator, declare');
    expect(preview.declaration).toContain('Signed at Berlin');
    expect(preview.declaration).toContain('translated by translator');
    expect(preview.unreviewed.map((l) => [l.pageNo, l.lineNo])).toEqual([[1, 3]]);
    expect(preview.lines).toBe(segs.length);
    const list = (await (await t.request('reviewer', `/api/documents/${docId}/certifications`)).json()) as { certifications: unknown[] };
    expect(list.certifications).toEqual([]);
  });

  it('refuses a translator, even one flagged to certify, and a reviewer without the flag', async () => {
    segs = await segments();
    expect((await decide(segs[2]!.id, 'approve', segs[2]!.version)).status).toBe(200);
    expect(await status()).toBe('reviewed');

    await setCertifier(t.db, 'translator@example.test', true, null);
    const byTranslator = await certify('translator');
    expect(byTranslator.status).toBe(403);

    await setCertifier(t.db, 'reviewer@example.test', false, null);
    expect((await certify('reviewer')).status).toBe(403);
    expect(await status()).toBe('reviewed');
  });

  it('records nothing when a line changes while the certified PDF is being made', async () => {
    await setCertifier(t.db, 'reviewer@example.test', true, null);
    const reviewer = (await findUserByEmail(t.db, 'reviewer@example.test'))!;
    const prepared = await prepareCertification(t.deps, reviewer, docId, { place: 'The Hague' });
    const rendered = await renderCertifiedPdf(prepared.data);
    segs = await segments();
    expect((await decide(segs[1]!.id, 'return', segs[1]!.version, 'Check the branch number')).status).toBe(200);
    await expect(recordCertification(t.deps, prepared, rendered)).rejects.toMatchObject({ status: 409, code: 'changed_while_certifying' });
    expect(await t.db.select().from(certifications).where(eq(certifications.documentId, docId))).toEqual([]);
    // Back to where it was: resubmitted and approved.
    expect((await t.json('translator', 'POST', `/api/review/documents/${docId}/submit`, {})).status).toBe(200);
    segs = await segments();
    expect((await decide(segs[1]!.id, 'approve', segs[1]!.version)).status).toBe(200);
    expect(await status()).toBe('reviewed');
  });

  it('certifies a reviewed document and issues a PDF whose SHA-256 is recorded', async () => {
    await setCertifier(t.db, 'reviewer@example.test', true, null);
    const res = await certify('reviewer');
    expect(res.status).toBe(201);
    const body = (await res.json()) as { certification: Certification; warnings: string[] };
    certification = body.certification;
    expect(body.warnings).toEqual([]); // PUBLIC_URL is set
    // Every certification leaves a signed checkpoint of the audit chain, which now holds it (issue 12).
    const [issued] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'certification.issued')).orderBy(desc(auditEvents.seq)).limit(1);
    const latest = (await readCheckpoints(t.deps.blobs)).at(-1)!.checkpoint!;
    expect(latest.seq).toBeGreaterThanOrEqual(issued!.seq);
    expect(certification.superseded).toBe(false);
    expect(await status()).toBe('certified');

    const got = await t.request('legal', `/api/documents/${docId}/certified.pdf`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    pdf = new Uint8Array(await got.arrayBuffer());
    expect(sha(pdf)).toBe(certification.pdfSha256);
    expect(got.headers.get('x-sijill-sha256')).toBe(certification.pdfSha256);
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
  });

  it.skipIf(!hasPdftotext)('has the Arabic lines in logical order and the English lines in the text pdftotext extracts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sijill-pdf-'));
    try {
      writeFileSync(join(dir, 'c.pdf'), pdf);
      const out = spawnSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'c.pdf'), '-'], { encoding: 'utf8' });
      expect(out.status).toBe(0);
      // pdftotext marks embedded runs with bidi controls and moves neutral characters (: /) next to
      // them; the words and numbers and their order are what count.
      const text = out.stdout.replace(/[\u202A-\u202E\u2066-\u2069]/g, '');
      const lines = text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
      const words = (s: string) => s.match(/\p{L}+|\p{N}+/gu) ?? [];
      for (const [i, arabic] of corpus.lines.entries()) {
        const expected = words(arabic).join(' ');
        // The line as typed (logical order), word for word, on one extracted line.
        expect(
          lines.map((l) => words(l).join(' ')),
          `Arabic line ${i + 1}`,
        ).toContain(expected);
      }
      for (const english of corpus.translation) expect(lines).toContain(english.replace(/\s+/g, ' ').trim());
      // A line with no digits or Latin letters comes back character for character.
      expect(lines).toContain(corpus.lines[0]);
      expect(text).toContain(certification.snapshotHash);
      expect(text).toContain(sha(scan));
      expect(text.replace(/\s+/g, '')).toContain(`https://sijill.example.org/verify/${certification.snapshotHash}`);

      // The snapshot travels inside the PDF: anyone can recompute the snapshot hash from it.
      const detach = spawnSync('pdfdetach', ['-saveall', '-o', dir, join(dir, 'c.pdf')], { encoding: 'utf8' });
      expect(detach.status).toBe(0);
      const snapshot = readFileSync(join(dir, 'snapshot.json'));
      expect(sha(snapshot)).toBe(certification.snapshotHash);
      const lines3 = (JSON.parse(snapshot.toString('utf8')) as { lines: Array<{ text: string; translation: string }> }).lines;
      expect(lines3.map((l) => l.text)).toEqual(corpus.lines);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('verifies the issued PDF and the original scan without an account, revealing only the answer', async () => {
    const res = await t.request(null, `/api/verify/${certification.pdfSha256}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      sha256: certification.pdfSha256,
      match: true,
      kind: 'certified_pdf',
      certifications: [
        {
          certifiedBy: certification.certifiedBy.name,
          certifiedAt: expect.any(String),
          superseded: false,
          supersededAt: null,
          auditEvent: { seq: expect.any(Number), intact: true },
        },
      ],
    });
    const scanCheck = (await (await t.request(null, `/api/verify/${sha(scan).toUpperCase()}`)).json()) as { match: boolean; kind: string };
    expect(scanCheck).toMatchObject({ match: true, kind: 'original_scan' });
    expect((await t.request(null, '/api/verify/not-a-hash')).status).toBe(400);
  });

  it('rejects a PDF with one byte changed, and a scan in the archive that was never certified', async () => {
    const tampered = new Uint8Array(pdf);
    const at = Math.floor(tampered.length / 2);
    tampered[at] = tampered[at]! ^ 0x01;
    const res = (await (await t.request(null, `/api/verify/${sha(tampered)}`)).json()) as Record<string, unknown>;
    expect(res).toEqual({ sha256: sha(tampered), match: false });

    const other = fixture('corpus/clean/doc-01-001.jpg');
    await seedDocument(t, other, 'doc-01-001.jpg', ['سطر']);
    expect(((await (await t.request(null, `/api/verify/${sha(other)}`)).json()) as { match: boolean }).match).toBe(false);
  });

  it('shows the certification as superseded after an edit and moves the document back to in progress', async () => {
    segs = await segments();
    const edit = await t.json('translator', 'PATCH', `/api/segments/${segs[4]!.id}`, {
      version: segs[4]!.version,
      translation: 'Subject: list of persons detained',
    });
    expect(edit.status).toBe(200);
    expect(await status()).toBe('in_progress');
    const list = (await (await t.request('legal', `/api/documents/${docId}/certifications`)).json()) as { certifications: Certification[] };
    expect(list.certifications).toEqual([
      expect.objectContaining({ id: certification.id, superseded: true, pdfSha256: certification.pdfSha256 }),
    ]);
    const check = (await (await t.request(null, `/api/verify/${certification.pdfSha256}`)).json()) as {
      match: boolean;
      certifications: Array<{ superseded: boolean }>;
    };
    expect(check.match).toBe(true);
    expect(check.certifications[0]!.superseded).toBe(true);
    // The PDF as issued is still served, byte for byte.
    const again = new Uint8Array(await (await t.request('legal', `/api/documents/${docId}/certified.pdf`)).arrayBuffer());
    expect(sha(again)).toBe(certification.pdfSha256);
  });

  it('gives admins and legal the chain of custody as JSON and CSV, and nobody else', async () => {
    expect((await t.request('translator', `/api/documents/${docId}/custody`)).status).toBe(403);
    // A tag on a line of the document belongs to its custody too.
    const line = (await segments())[1]!;
    const tag = await t.json('translator', 'POST', '/api/mentions', {
      segmentId: line.id,
      segmentVersion: line.version,
      field: 'text',
      start: 0,
      end: line.text.length,
      kind: 'unit',
    });
    expect(tag.status).toBe(201);
    const res = await t.request('legal', `/api/documents/${docId}/custody`);
    expect(res.status).toBe(200);
    type Event = { action: string; targetId: string | null; intact: boolean; payload: Record<string, unknown>; context: Record<string, unknown> };
    const { events } = (await res.json()) as { events: Event[] };
    const actions = events.map((e) => e.action);
    for (const a of [
      'document.uploaded',
      'segment.updated',
      'review.submitted',
      'review.decided',
      'certification.issued',
      'certification.superseded',
      'document.exported',
    ]) {
      expect(actions).toContain(a);
    }
    // Granting the right to certify is in the audit chain too.
    expect((await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'user.certifier_changed'))).length).toBe(4);
    expect(events.every((e) => e.intact)).toBe(true);
    expect(events.find((e) => e.action === 'certification.issued')!.payload).toMatchObject({ pdfSha256: certification.pdfSha256 });
    // The chain itself holds no document text (payloads and hashes)…
    const chain = JSON.stringify(events.map(({ context: _, ...raw }) => raw));
    expect(chain).not.toContain(corpus.lines[1]);
    expect(chain).not.toContain('check the digits');
    // …while the context read for this reader says where and what: page and line in reading
    // order, the tag's words and kind, the lines and comment of a return, what a change made.
    expect(events.find((e) => e.action === 'mention.created')!.context).toEqual({
      page: 1,
      line: 2,
      tag: { kind: 'unit', field: 'text', text: corpus.lines[1] },
    });
    const returns = events.filter((e) => e.action === 'review.decided' && e.payload.action === 'returned');
    expect(returns[0]!.context).toEqual({ page: 1, lines: [{ page: 1, line: 3 }], comment: 'Date: the month is May, check the digits' });
    expect(returns[1]!.context).toEqual({ page: 1, lines: [{ page: 1, line: 2 }], comment: 'Check the branch number' });
    const firstChange = (id: number) => events.find((e) => e.action === 'segment.updated' && e.targetId === String(id))!;
    expect(firstChange(segs[0]!.id).context).toEqual({ page: 1, line: 1, lineStatus: 'translated' });
    expect(firstChange(segs[3]!.id).context).toEqual({ page: 1, line: 4, lineStatus: 'translated' });
    const approvals = events.filter((e) => e.action === 'review.decided' && e.payload.action === 'approved');
    expect(approvals.length).toBeGreaterThan(0);
    for (const a of approvals) expect(a.context).not.toHaveProperty('comment');
    expect(events.find((e) => e.action === 'document.uploaded')!.context).toEqual({});

    const csv = await t.request('admin', `/api/documents/${docId}/custody?format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = (await csv.text()).trim().split('\r\n');
    expect(rows[0]).toBe('seq,at,actor_id,actor_name,actor_role,action,target_type,target_id,payload,prev_hash,hash,intact');
    // The header, the events above, and the event recording that JSON export.
    expect(rows.length).toBe(events.length + 2);
    expect(rows.at(-1)).toContain('document.exported');
  });

  it('documents the routes in OpenAPI, the verification as public', async () => {
    const doc = (await (await t.request(null, '/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    for (const path of [
      '/api/review/queue',
      '/api/review/documents/{id}',
      '/api/review/documents/{id}/submit',
      '/api/review/segments/{id}',
      '/api/review/pages/{id}',
      '/api/documents/{id}/certify',
      '/api/documents/{id}/certifications',
      '/api/documents/{id}/certified.pdf',
      '/api/documents/{id}/custody',
      '/api/verify/{sha256}',
    ]) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
    expect(doc.paths['/api/verify/{sha256}']!.get!.security).toEqual([]);
  });

  it('prints the chain head on the PDF, so cutting events from the end of the chain shows', async () => {
    const [cert] = await t.db
      .select()
      .from(certifications)
      .where(eq(certifications.documentId, docId))
      .orderBy(desc(certifications.id))
      .limit(1);
    const [head] = await t.db.select().from(auditEvents).where(eq(auditEvents.seq, cert!.auditSeq!));
    expect(cert!.auditHash).toBe(head!.hash);
    if (hasPdftotext) {
      const dir = mkdtempSync(join(tmpdir(), 'sijill-anchor-'));
      writeFileSync(join(dir, 'c.pdf'), await t.deps.blobs.get('certified', cert!.pdfSha256));
      const text = spawnSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'c.pdf'), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
      rmSync(dir, { recursive: true, force: true });
      expect(text).toContain(`Audit chain at issue event ${cert!.auditSeq}`);
      expect(text).toContain(`Audit event SHA-256 ${cert!.auditHash}`);
    }
    const [issued] = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'certification.issued'))
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    const undo = new Error('roll back');
    const cut = async (fromSeq: number) =>
      t.db
        .transaction(async (tx) => {
          await tx.delete(auditEvents).where(gte(auditEvents.seq, fromSeq));
          const result = await verifyAuditChain(tx);
          const publicAnswer = await verifyHash(tx, cert!.pdfSha256);
          throw Object.assign(undo, { result: { ...result, printedEventIntact: publicAnswer.certifications?.[0]?.auditEvent?.intact } });
        })
        .catch((e: Error & { result?: unknown }) => {
          if (e !== undo) throw e;
          return e.result as { ok: boolean; reason?: string; printedEventIntact?: boolean };
        });
    // From the certification's own event on: the chain still links, but that certification has lost its event.
    expect(await cut(issued!.seq)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('removed from the end'),
      printedEventIntact: true,
    });
    // Further back, past the event printed on the PDF: anyone holding the PDF sees it on /verify.
    expect(await cut(cert!.auditSeq!)).toMatchObject({ ok: false, printedEventIntact: false });
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it('makes the audit chain check fail, naming the event, after an audit row is altered', async () => {
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
    const [issued] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'certification.issued'));
    await t.db
      .update(auditEvents)
      .set({ payload: { ...issued!.payload, pdfSha256: sha(new Uint8Array([1])) } })
      .where(eq(auditEvents.seq, issued!.seq));
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, firstBadSeq: issued!.seq });
    const custody = (await (await t.request('legal', `/api/documents/${docId}/custody`)).json()) as {
      events: Array<{ seq: number; intact: boolean }>;
    };
    expect(custody.events.find((e) => e.seq === issued!.seq)!.intact).toBe(false);
  });

  it('answers `sijill verify FILE` for a certified PDF on disk (its document changed since)', async () => {
    // The CLI needs the database to itself (embedded: one process at a time); this test runs last.
    await t.stop();
    const dir = mkdtempSync(join(tmpdir(), 'sijill-verify-'));
    try {
      writeFileSync(join(dir, 'certified.pdf'), pdf);
      const verify = spawnSync(
        process.execPath,
        [join(import.meta.dirname, '..', '..', 'api', 'cli', 'bin.js'), 'verify', join(dir, 'certified.pdf')],
        {
          encoding: 'utf8',
          env: { ...process.env, DATA_DIR: t.testDb.dataDir, DATABASE_URL: t.testDb.databaseUrl ?? '' },
        },
      );
      expect(verify.stdout).toContain(`${certification.pdfSha256} is the certified PDF`);
      expect(verify.stdout).toContain('superseded');
      expect(verify.status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
