import type { Executor } from '../../db/client';
import { listCustodyEvents } from '../../db/queries/certifications';
import { auditRowIntact } from '../audit/chain';
import { toCsv } from '../exchange/csv';

/**
 * A document's chain of custody: every audit event about it, its lines, its review and its
 * certifications, oldest first, each with its hashes and whether its own hash still matches
 * its content. (The whole chain, links included, is checked by `sijill audit verify`.)
 */
export async function custodyOf(db: Executor, documentId: number) {
  const rows = await listCustodyEvents(db, documentId);
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at.toISOString(),
    actor: r.actorId === null ? null : { id: r.actorId, name: r.actorName ?? '', role: r.actorRole ?? null },
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    payload: r.payload,
    prevHash: r.prevHash,
    hash: r.hash,
    intact: auditRowIntact(r),
  }));
}

export type CustodyEvent = Awaited<ReturnType<typeof custodyOf>>[number];

const csvColumns = [
  'seq',
  'at',
  'actor_id',
  'actor_name',
  'actor_role',
  'action',
  'target_type',
  'target_id',
  'payload',
  'prev_hash',
  'hash',
  'intact',
] as const;

/** One row per event; the payload as its JSON. Written by the one CSV writer (api/exchange/csv.ts). */
export function custodyCsv(events: CustodyEvent[]): string {
  return toCsv(
    csvColumns,
    events.map((e) => [
      e.seq,
      e.at,
      e.actor?.id ?? '',
      e.actor?.name ?? '',
      e.actor?.role ?? '',
      e.action,
      e.targetType ?? '',
      e.targetId ?? '',
      JSON.stringify(e.payload),
      e.prevHash,
      e.hash,
      e.intact,
    ]),
  );
}
