import type { Executor } from '../../db/client';
import { supersedeCertifications } from '../../db/queries/certifications';
import { setDocumentStatus } from '../../db/queries/documents';
import type { DocumentStatus } from '../../db/schema';
import { appendAudit } from '../audit/chain';
import { auditEvent } from '../audit/events';
import { announceDocumentStatus } from '../documents/live';

/**
 * A document's status change with its audit event, announced to the document's open editors
 * once the transaction commits (call inside the transaction that causes it).
 */
export async function setStatus(
  tx: Executor,
  actorId: number,
  documentId: number,
  from: DocumentStatus,
  to: DocumentStatus,
  reason: string,
) {
  if (from === to) return;
  await setDocumentStatus(tx, documentId, to);
  await appendAudit(tx, auditEvent('document.status_changed', actorId, { from, to, reason }, { type: 'document', id: documentId }));
  await announceDocumentStatus(tx, { documentId, status: to, from, userId: actorId });
}

/** Marks the document's current certifications superseded, one audit event each. */
export async function supersedeAll(tx: Executor, actorId: number, documentId: number, reason: 'edited' | 'recertified') {
  for (const certificationId of await supersedeCertifications(tx, documentId, reason)) {
    await appendAudit(
      tx,
      auditEvent('certification.superseded', actorId, { certificationId, reason }, { type: 'document', id: documentId }),
    );
  }
}
