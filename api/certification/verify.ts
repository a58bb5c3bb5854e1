import { inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { findCertificationsByHash } from '../../db/queries/certifications';
import { auditEvents } from '../../db/schema';
import { auditRowIntact } from '../audit/chain';

export type VerificationKind = 'certified_pdf' | 'original_scan' | 'snapshot';

/**
 * What anyone holding a file may learn from its SHA-256: whether it matches a certification,
 * as what, who certified and when, and whether the document changed since. Nothing else: no
 * title, no text, no ids — and a scan that is in the archive but was never certified does not
 * match (the archive's holdings are not disclosed).
 */
export async function verifyHash(db: Executor, sha256: string) {
  const rows = await findCertificationsByHash(db, sha256.toLowerCase());
  if (rows.length === 0) return { sha256, match: false as const };
  // A hash is one kind of thing; a PDF match is the most specific.
  const order: VerificationKind[] = ['certified_pdf', 'snapshot', 'original_scan'];
  const kind = order.find((k) => rows.some((r) => r.kind === k))!;
  const anchored = await anchoredEventsIntact(db, rows);
  return {
    sha256,
    match: true as const,
    kind,
    certifications: rows
      .filter((r) => r.kind === kind)
      .map((r) => ({
        certifiedBy: r.certifiedByName,
        certifiedAt: r.certifiedAt.toISOString(),
        superseded: r.supersededAt !== null,
        supersededAt: r.supersededAt?.toISOString() ?? null,
        auditEvent: r.auditSeq === null ? null : { seq: r.auditSeq, intact: anchored.get(r.auditSeq) === r.auditHash },
      })),
  };
}

/**
 * The audit events printed on the PDFs, as the chain holds them now: seq → hash, for events
 * still present and unaltered. What a PDF holder checks against the event number and hash on
 * its cover.
 */
async function anchoredEventsIntact(db: Executor, rows: Array<{ auditSeq: number | null }>) {
  const seqs = [...new Set(rows.flatMap((r) => (r.auditSeq === null ? [] : [r.auditSeq])))];
  if (seqs.length === 0) return new Map<number, string>();
  const events = await db.select().from(auditEvents).where(inArray(auditEvents.seq, seqs));
  return new Map(events.filter(auditRowIntact).map((e) => [e.seq, e.hash]));
}
