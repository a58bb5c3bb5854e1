import type { Executor } from '../../db/client';
import { listCustodyEvents } from '../../db/queries/certifications';
import { auditRowIntact } from '../audit/chain';

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

/** RFC 4180 CSV; cells that a spreadsheet would run as a formula are prefixed with a quote. */
export function custodyCsv(events: CustodyEvent[]): string {
  const lines = [csvColumns.join(',')];
  for (const e of events) {
    lines.push(
      [
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
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(value: unknown): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
