import { createHash } from 'node:crypto';
import { asc, desc, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { auditEvents, certifications } from '../../db/schema';
import type { AuditEvent } from './events';

export const genesisHash = '0'.repeat(64);

type ChainFields = {
  seq: number;
  at: Date;
  actorId: number | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  payload: unknown;
  prevHash: string;
};

/** JSON with sorted keys: jsonb does not keep key order, the hash must not depend on it. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashAuditRow(row: ChainFields): string {
  const material = canonicalJson({ ...row, at: row.at.toISOString() });
  return createHash('sha256').update(material).digest('hex');
}

/** Whether a stored row still hashes to its own `hash` (its link to the previous row is checked by the walk). */
export function auditRowIntact(r: ChainFields & { hash: string }): boolean {
  const { seq, at, actorId, action, targetType, targetId, payload, prevHash } = r;
  return hashAuditRow({ seq, at, actorId, action, targetType, targetId, payload, prevHash }) === r.hash;
}

/**
 * Appends one event. Call it inside the transaction that makes the change it records, so the
 * change and its audit row commit together. The advisory lock serialises writers across
 * processes so that each row links to the one before it.
 */
export async function appendAudit(tx: Executor, event: AuditEvent): Promise<AuditHead> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(7142001)`);
  const last = await auditHead(tx);
  const row: ChainFields = {
    seq: (last?.seq ?? 0) + 1,
    // Millisecond precision: what a JS Date holds is exactly what timestamptz gives back.
    at: new Date(),
    actorId: event.actorId,
    action: event.action,
    targetType: event.target?.type ?? null,
    targetId: event.target ? String(event.target.id) : null,
    payload: event.payload,
    prevHash: last?.hash ?? genesisHash,
  };
  const hash = hashAuditRow(row);
  await tx.insert(auditEvents).values({ ...row, payload: row.payload as Record<string, unknown>, hash });
  return { seq: row.seq, hash };
}

export type AuditHead = { seq: number; hash: string };

/** The last event of the chain as this transaction sees it (null while the chain is empty). */
export async function auditHead(db: Executor): Promise<AuditHead | null> {
  const [last] = await db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return last ?? null;
}

export type ChainCheck = { ok: true; count: number } | { ok: false; count: number; firstBadSeq: number; reason: string };

/**
 * Walks the whole chain in order; names the first row that was altered, removed or reordered.
 * The chain alone cannot show that events were cut from its end, so it is also held against the
 * certifications: each must find its `certification.issued` event, and the event printed on its
 * PDF (`auditSeq`, `auditHash`) with the same hash.
 */
export async function verifyAuditChain(db: Executor, batchSize = 5000): Promise<ChainCheck> {
  const anchors = await db
    .select({ id: certifications.id, auditSeq: certifications.auditSeq, auditHash: certifications.auditHash })
    .from(certifications)
    .orderBy(asc(certifications.id));
  const anchoredSeqs = new Set(anchors.flatMap((a) => (a.auditSeq === null ? [] : [a.auditSeq])));
  const hashAt = new Map<number, string>();
  const issued = new Set<number>();
  let prevHash = genesisHash;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.seq} >= ${expectedSeq}`)
      .orderBy(asc(auditEvents.seq))
      .limit(batchSize);
    if (rows.length === 0) return checkAnchors(anchors, hashAt, issued, count);
    for (const r of rows) {
      if (anchoredSeqs.has(r.seq)) hashAt.set(r.seq, r.hash);
      if (r.action === 'certification.issued') issued.add(Number((r.payload as { certificationId?: unknown }).certificationId));
      if (r.seq !== expectedSeq) {
        return { ok: false, count, firstBadSeq: expectedSeq, reason: `event ${expectedSeq} is missing (next is ${r.seq})` };
      }
      if (r.prevHash !== prevHash) {
        return { ok: false, count, firstBadSeq: r.seq, reason: `event ${r.seq} does not link to the event before it` };
      }
      if (!auditRowIntact(r)) {
        return { ok: false, count, firstBadSeq: r.seq, reason: `event ${r.seq} was altered after it was written` };
      }
      prevHash = r.hash;
      expectedSeq++;
      count++;
    }
  }
}

function checkAnchors(
  anchors: Array<{ id: number; auditSeq: number | null; auditHash: string | null }>,
  hashAt: Map<number, string>,
  issued: Set<number>,
  count: number,
): ChainCheck {
  const end = count + 1; // where events cut from the end would have been
  for (const a of anchors) {
    if (!issued.has(a.id)) {
      return {
        ok: false,
        count,
        firstBadSeq: end,
        reason: `certification ${a.id} has no certification.issued event: events were removed from the end of the chain (it stops at event ${count})`,
      };
    }
    if (a.auditSeq === null) continue; // issued before PDFs carried the chain head
    const found = hashAt.get(a.auditSeq);
    if (found === undefined) {
      return {
        ok: false,
        count,
        firstBadSeq: Math.min(a.auditSeq, end),
        reason: `event ${a.auditSeq}, printed on certification ${a.id}, is missing`,
      };
    }
    if (found !== a.auditHash) {
      return {
        ok: false,
        count,
        firstBadSeq: a.auditSeq,
        reason: `event ${a.auditSeq} no longer has the hash printed on certification ${a.id}`,
      };
    }
  }
  return { ok: true, count };
}
