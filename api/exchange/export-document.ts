/**
 * One document in one format, as the API and `sijill export` hand it out: a single file, or a
 * ZIP when the format makes several (PAGE XML of a multi-page document). Every export is
 * audited (`document.exported`, with the SHA-256 of what left and the certification it names).
 */
import type { Db } from '../../db/client';
import type { SessionUser } from '../../db/queries/users';
import { appendAudit } from '../audit/chain';
import { auditEvent } from '../audit/events';
import { AppError, notFound } from '../lib/errors';
import { sha256Hex } from '../storage/blob-store';
import { exportFileName, loadExchangeDocument } from './document';
import { exportDocumentFiles, formatInfo, type ExportFormat } from './formats';
import { zipStream } from './zip';

export type DocumentExport = { fileName: string; contentType: string; bytes: Uint8Array; sha256: string; certificationId: number | null };

export async function exportDocument(
  db: Db,
  user: SessionUser,
  documentId: number,
  format: ExportFormat,
  opts: { publicUrl: string; page?: number },
): Promise<DocumentExport> {
  const doc = await loadExchangeDocument(db, user, documentId, { publicUrl: opts.publicUrl });
  if (!doc) throw notFound('The document');
  if (opts.page !== undefined && !doc.pages.some((p) => p.pageNo === opts.page)) {
    throw new AppError(404, 'no_such_page', `Page ${opts.page} of this document has not been read (it has ${doc.pageCount} page(s); OCR may still be running).`);
  }
  const files = await exportDocumentFiles(doc, format, { page: opts.page });
  if (files.length === 0) {
    throw new AppError(409, 'not_read_yet', 'No page of this document has been read yet (OCR is still running or failed), so there is nothing to export in this format.');
  }
  const single = files.length === 1 ? files[0]! : null;
  const bytes = single
    ? single.bytes
    : new Uint8Array(await new Response(zipStream((async function* () { yield* files.map((f) => ({ ...f, mtime: new Date(doc.exportedAt) })); })())).arrayBuffer());
  const result: DocumentExport = {
    fileName: single ? single.name : exportFileName(doc, `${format}.zip`),
    contentType: single ? formatInfo[format].contentType : 'application/zip',
    bytes,
    sha256: sha256Hex(bytes),
    certificationId: doc.certification?.id ?? null,
  };
  await db.transaction((tx) =>
    appendAudit(
      tx,
      auditEvent('document.exported', user.id, { kind: format, certificationId: result.certificationId, sha256: result.sha256 }, { type: 'document', id: documentId }),
    ),
  );
  return result;
}

/** `Content-Disposition: attachment` for any file name: an ASCII fallback and the UTF-8 name (RFC 6266). */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
