import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { contributorsOf, insertCertification, listCertifications, type CertificationRow } from '../../db/queries/certifications';
import { getDocument } from '../../db/queries/documents';
import { listPages } from '../../db/queries/pages';
import { lockDocument } from '../../db/queries/review';
import type { SessionUser } from '../../db/queries/users';
import { documents, pages } from '../../db/schema';
import { appendAudit, auditHead, canonicalJson } from '../audit/chain';
import { writeCheckpoint } from '../audit/checkpoints';
import { auditEvent } from '../audit/events';
import { assertCan } from '../auth/permissions';
import { verificationBaseUrl } from '../config';
import type { AppDeps } from '../context';
import { AppError, forbidden, notFound } from '../lib/errors';
import { log } from '../lib/log';
import { setStatus, supersedeAll } from '../review/status';
import { sha256Hex } from '../storage/blob-store';
import { joinNames, renderDeclaration, templateId } from './declaration';
import { renderCertifiedPdf, type CertificateData } from './pdf/render-certified-pdf';
import { buildSnapshot, describeLines } from './snapshot';
import { collectionOfDocument } from '../../db/queries/translation-memory';
import { documentQa, qaErrors } from '../translation/qa';

export type CertifyInput = { place: string; credential?: string | null; qaOverride?: { reason: string } };

type DeclaredDocument = { title: string; archiveRef: string | null; sha256: string; pageCount: number };

/** The declaration exactly as certification prints it, from the configured template; also used for the preview. */
async function composeDeclaration(
  db: Executor,
  template: string,
  certifier: SessionUser,
  doc: DeclaredDocument,
  lines: Array<{ segmentId: number; version: number }>,
  at: { place: string; credential: string | null; date: Date },
) {
  const { translators, reviewers, confirmers } = await contributorsOf(db, lines);
  const declaration = renderDeclaration(template, {
    certifier: certifier.name,
    credential: at.credential ? `, ${at.credential}` : '',
    sourceLanguage: 'Arabic',
    targetLanguage: 'English',
    documentTitle: doc.title,
    archiveRef: doc.archiveRef ?? '—',
    originalSha256: doc.sha256,
    pageCount: String(doc.pageCount),
    translators: joinNames(translators.map((t) => t.name)),
    confirmations: confirmers.length ? `, with translation-memory suggestions confirmed by ${joinNames(confirmers.map((c) => c.name))}` : '',
    reviewers: joinNames(reviewers.map((r) => r.name)),
    place: at.place || '…',
    date: at.date.toISOString().slice(0, 10),
  });
  return { declaration, translators, reviewers };
}

/** What certifying the document now would declare, and which lines still block it; changes nothing. */
export async function previewCertification(
  deps: Pick<AppDeps, 'database' | 'config'>,
  user: SessionUser,
  documentId: number,
  input: { place?: string; credential?: string | null },
) {
  const { db } = deps.database;
  const doc = await getDocument(db, user, documentId);
  if (!doc) throw notFound('The document');
  const { snapshot, hash, unreviewed } = await buildSnapshot(db, doc);
  const { declaration } = await composeDeclaration(db, deps.config.declarationTemplate, user, doc, snapshot.lines, {
    place: input.place?.normalize('NFC').trim() ?? '',
    credential: input.credential?.normalize('NFC').trim() || null,
    date: new Date(),
  });
  // Page and line of each finding, counted as the declaration and the refusal count them, so the
  // certify page can point at the line without a second numbering.
  const at = new Map(snapshot.lines.map((l) => [l.segmentId, { pageNo: l.pageNo, lineNo: l.lineNo }]));
  const qa = (await documentQa(db, { id: documentId, collectionId: await collectionOfDocument(db, documentId) })).map((i) => ({
    ...i,
    ...(at.get(i.segmentId) ?? { pageNo: 0, lineNo: 0 }),
  }));
  return { declaration, snapshotHash: hash, lines: snapshot.lines.length, unreviewed, qa };
}

/** Statuses from which a document with every line reviewed may be certified. */
const certifiable = new Set(['in_progress', 'in_review', 'reviewed', 'certified']);

/**
 * The document's current state as a snapshot, if it may be certified now; otherwise the refusal.
 * With `expectedHash`, the state must also be the one a PDF was prepared from.
 */
async function certifiableSnapshot(db: Executor, doc: { id: number; status: string; sha256: string }, expectedHash?: string) {
  if (!certifiable.has(doc.status)) {
    throw new AppError(
      409,
      'wrong_status',
      `A document that is ${doc.status.replace('_', ' ')} cannot be certified; it needs its text lines first.`,
    );
  }
  const { snapshot, hash, unreviewed } = await buildSnapshot(db, doc);
  if (expectedHash !== undefined && hash !== expectedHash) {
    throw new AppError(
      409,
      'changed_while_certifying',
      'The document changed while its certified PDF was being made, so nothing was certified. Check the changes and certify again.',
    );
  }
  if (snapshot.lines.length === 0) throw new AppError(422, 'no_lines', 'This document has no text lines to certify.');
  const suggested = unreviewed.filter((l) => l.status === 'suggested');
  if (suggested.length > 0) {
    throw new AppError(
      422,
      'suggested_lines',
      `${describeLines(suggested)} still ${suggested.length === 1 ? 'holds a translation' : 'hold translations'} suggested by the translation memory. A person confirms or corrects each before certification.`,
      { unreviewed: suggested.map((l) => ({ segmentId: l.segmentId, pageNo: l.pageNo, lineNo: l.lineNo, status: l.status })) },
    );
  }
  if (unreviewed.length > 0) {
    throw new AppError(
      422,
      'unreviewed_lines',
      `Not every line is reviewed: ${describeLines(unreviewed)} ${unreviewed.length === 1 ? 'is' : 'are'} not. A reviewer must approve ${unreviewed.length === 1 ? 'it' : 'them'} before certification.`,
      { unreviewed: unreviewed.map((l) => ({ segmentId: l.segmentId, pageNo: l.pageNo, lineNo: l.lineNo, status: l.status })) },
    );
  }
  const current = (await listCertifications(db, doc.id)).find((c) => c.supersededAt === null);
  if (current && current.snapshotHash === hash) {
    throw new AppError(
      409,
      'already_certified',
      `This exact state was already certified (certification ${current.id}); its PDF is at /api/documents/${doc.id}/certified.pdf.`,
    );
  }
  return { snapshot, hash };
}

export type PreparedCertification = Awaited<ReturnType<typeof prepareCertification>>;

/**
 * Everything the certified PDF states, read and checked without holding a lock: rendering takes
 * a while (about 25 ms a page), and on the embedded database a transaction would stop every
 * other request meanwhile. `recordCertification` checks that nothing changed since.
 */
export async function prepareCertification(
  deps: Pick<AppDeps, 'database' | 'blobs' | 'config'>,
  user: SessionUser,
  documentId: number,
  input: CertifyInput,
) {
  assertCan(user, 'document.certify');
  const { db } = deps.database;
  const document = await getDocument(db, user, documentId);
  if (!document) throw notFound('The document');
  assertCan(user, 'document.certify', document.collectionId);
  const place = input.place.normalize('NFC').trim();
  const credential = input.credential?.normalize('NFC').trim() || null;
  if (!place) throw new AppError(400, 'place_required', 'Say where you sign the certification (place).');

  const [full] = await db.select().from(documents).where(eq(documents.id, documentId));
  if (!full) throw notFound('The document');
  const { snapshot, hash } = await certifiableSnapshot(db, full);
  // QA errors (api/translation/qa.ts) stop certification unless the certifier overrides them with a reason.
  const qaErrorList = qaErrors(await documentQa(db, { id: documentId, collectionId: full.collectionId }));
  const qaOverride = qaErrorList.length ? input.qaOverride?.reason.normalize('NFC').trim() || null : null;
  if (qaErrorList.length && !qaOverride) {
    throw new AppError(
      422,
      'qa_errors',
      `${qaErrorList.length} QA error${qaErrorList.length === 1 ? '' : 's'} remain${qaErrorList.length === 1 ? 's' : ''} (${[...new Set(qaErrorList.map((i) => i.check))].join(', ')}). Correct them, or certify with an override and say why.`,
      { issues: qaErrorList.map((i) => ({ check: i.check, severity: i.severity, segmentId: i.segmentId, message: i.message, params: i.params })) },
    );
  }
  if (qaOverride) assertCan(user, 'qa.override', full.collectionId);
  const certifiedAt = new Date();
  const { declaration, translators, reviewers } = await composeDeclaration(
    db,
    deps.config.declarationTemplate,
    user,
    full,
    snapshot.lines,
    {
      place,
      credential,
      date: certifiedAt,
    },
  );
  const data: CertificateData = {
    document: {
      id: documentId,
      title: full.title,
      archiveRef: full.archiveRef,
      originalName: full.originalName,
      sha256: full.sha256,
      mime: full.mime,
      sizeBytes: full.sizeBytes,
      pageCount: full.pageCount,
    },
    snapshotHash: hash,
    snapshotJson: canonicalJson(snapshot),
    lines: snapshot.lines,
    pages: await pageImages(db, deps, documentId),
    certifiedAt,
    place,
    certifier: { name: user.name, credential },
    translators,
    reviewers,
    declaration,
    verifyUrl: `${verificationBaseUrl(deps.config)}/verify/${hash}`,
    // Any event already committed will do: the chain up to it is what the PDF witnesses.
    auditAnchor: await auditHead(db),
  };
  const qa = qaOverride ? { errors: qaErrorList.length, checks: [...new Set(qaErrorList.map((i) => i.check))], reasonHash: sha256Hex(new TextEncoder().encode(qaOverride)) } : null;
  return { user, documentId, snapshot, data, templateId: templateId(deps.config.declarationTemplate), qa };
}

/**
 * Stores the rendered PDF and records the certification, in one transaction that locks the
 * document and checks that its lines are still exactly those of the snapshot (a line change
 * locks the document too, in the review hook). If they changed meanwhile, nothing is recorded.
 */
export async function recordCertification(deps: Pick<AppDeps, 'database' | 'blobs'>, prepared: PreparedCertification, pdf: Uint8Array) {
  const { user, documentId, snapshot, data } = prepared;
  const stored = await deps.blobs.put('certified', pdf);
  return deps.database.db.transaction(async (tx) => {
    const doc = await lockDocument(tx, documentId);
    if (!doc) throw notFound('The document');
    const { hash } = await certifiableSnapshot(tx, doc, data.snapshotHash);
    await supersedeAll(tx, user.id, documentId, 'recertified');
    const id = await insertCertification(tx, {
      documentId,
      snapshotHash: hash,
      snapshot,
      certifiedBy: user.id,
      certifiedAt: data.certifiedAt,
      place: data.place,
      credential: data.certifier.credential,
      declaration: data.declaration,
      templateId: prepared.templateId,
      translators: data.translators,
      reviewers: data.reviewers,
      pdfSha256: stored.key,
      pdfSizeBytes: pdf.byteLength,
      auditSeq: data.auditAnchor?.seq ?? null,
      auditHash: data.auditAnchor?.hash ?? null,
    });
    await appendAudit(
      tx,
      auditEvent(
        'certification.issued',
        user.id,
        {
          certificationId: id,
          snapshotHash: hash,
          pdfSha256: stored.key,
          originals: snapshot.originals,
          lines: snapshot.lines.length,
          templateId: prepared.templateId,
        },
        { type: 'document', id: documentId },
      ),
    );
    if (prepared.qa) {
      await appendAudit(tx, auditEvent('qa.overridden', user.id, { ...prepared.qa, snapshotHash: hash }, { type: 'document', id: documentId }));
    }
    await setStatus(tx, user.id, documentId, doc.status, 'certified', 'certified');
    return id;
  });
}

/**
 * Certifies the document's current state: prepare (checks included), render the PDF, record;
 * then a signed checkpoint of the audit chain, which now ends with the certification, goes to
 * the blob store (api/audit/checkpoints.ts). A failed checkpoint does not undo the
 * certification: the next periodic one covers it, and the failure is logged.
 */
export async function certifyDocument(
  deps: Pick<AppDeps, 'database' | 'blobs' | 'config' | 'auditSigner'>,
  user: SessionUser,
  documentId: number,
  input: CertifyInput,
) {
  const prepared = await prepareCertification(deps, user, documentId, input);
  const certificationId = await recordCertification(deps, prepared, await renderCertifiedPdf(prepared.data));
  await writeCheckpoint({ db: deps.database.db, blobs: deps.blobs, signer: deps.auditSigner }).catch((err: unknown) =>
    log.error('audit checkpoint after certification failed', { certificationId, error: err instanceof Error ? err.message : String(err) }),
  );
  const certification = (await listCertifications(deps.database.db, documentId)).find((c) => c.id === certificationId);
  return toCertificationDto(certification!);
}

async function pageImages(tx: Executor, deps: Pick<AppDeps, 'blobs'>, documentId: number): Promise<CertificateData['pages']> {
  const rows = await listPages(tx, documentId);
  const keys = await tx
    .select({ id: pages.id, imageKey: pages.imageKey, imageMime: pages.imageMime })
    .from(pages)
    .where(eq(pages.documentId, documentId));
  const byId = new Map(keys.map((k) => [k.id, k]));
  return Promise.all(
    rows.map(async (p) => {
      const k = byId.get(p.id);
      if (!k?.imageKey || !k.imageMime) return { pageNo: p.pageNo, image: null };
      return { pageNo: p.pageNo, image: { bytes: await deps.blobs.get('page', k.imageKey), mime: k.imageMime } };
    }),
  );
}

export function toCertificationDto(c: CertificationRow) {
  return {
    id: c.id,
    documentId: c.documentId,
    snapshotHash: c.snapshotHash,
    pdfSha256: c.pdfSha256,
    pdfSizeBytes: c.pdfSizeBytes,
    certifiedBy: { id: c.certifiedById, name: c.certifiedByName },
    certifiedAt: c.certifiedAt.toISOString(),
    place: c.place,
    credential: c.credential,
    declaration: c.declaration,
    templateId: c.templateId,
    translators: c.translators,
    reviewers: c.reviewers,
    superseded: c.supersededAt !== null,
    supersededAt: c.supersededAt?.toISOString() ?? null,
    supersededReason: c.supersededReason,
    pdfUrl: `/api/documents/${c.documentId}/certified.pdf?certification=${c.id}`,
  };
}

/** The stored bytes of an issued PDF, checked against the recorded SHA-256 before they leave. */
export async function loadCertifiedPdf(
  deps: Pick<AppDeps, 'database' | 'blobs'>,
  user: SessionUser,
  documentId: number,
  certificationId?: number,
) {
  if (!(await getDocument(deps.database.db, user, documentId))) throw notFound('The document');
  const all = await listCertifications(deps.database.db, documentId);
  const certification = certificationId === undefined ? all[0] : all.find((c) => c.id === certificationId);
  if (!certification) {
    throw new AppError(
      404,
      'not_certified',
      certificationId === undefined
        ? 'This document has not been certified yet.'
        : `This document has no certification ${certificationId}.`,
    );
  }
  const bytes = await deps.blobs.get('certified', certification.pdfSha256);
  if (sha256Hex(bytes) !== certification.pdfSha256) {
    throw new AppError(
      500,
      'pdf_altered',
      'The stored certified PDF no longer matches the SHA-256 recorded when it was issued. Tell an administrator.',
    );
  }
  return { certification, bytes };
}
