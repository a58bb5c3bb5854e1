import { createHash } from 'node:crypto';
import { asc, desc, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { auditEvents, certifications } from '../../db/schema';
import type { KeyObject } from 'node:crypto';
import { checkpointSignedBy, type Checkpoint, type StoredCheckpoint } from './checkpoints';
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

export type ChainCheck =
  | { ok: true; count: number; checkpoints: number }
  | { ok: false; count: number; checkpoints: number; firstBadSeq: number; reason: string };

/** Checkpoints to hold the chain against (api/audit/checkpoints.ts), and the key they must be signed with. */
export type CheckpointEvidence = { stored: StoredCheckpoint[]; publicKey: KeyObject };

/**
 * Walks the whole chain in order; names the first row that was altered, removed or reordered.
 * The chain alone cannot show that events were cut from its end, or that it was rewritten from
 * some event on with every later hash recomputed, so it is also held against
 * - signed checkpoints (when given): each must be signed by the key, and the chain must still
 *   hold the event it names with the hash it signed;
 * - the certifications: each must find its `certification.issued` event, and the event printed
 *   on its PDF (`auditSeq`, `auditHash`) with the same hash.
 */
export async function verifyAuditChain(db: Executor, opts: { checkpoints?: CheckpointEvidence; batchSize?: number } = {}): Promise<ChainCheck> {
  const batchSize = opts.batchSize ?? 5000;
  const anchors = await db
    .select({ id: certifications.id, auditSeq: certifications.auditSeq, auditHash: certifications.auditHash })
    .from(certifications)
    .orderBy(asc(certifications.id));
  const signed = signedCheckpoints(opts.checkpoints);
  const checkpoints = signed.good.length;
  const anchoredSeqs = new Set([...anchors.flatMap((a) => (a.auditSeq === null ? [] : [a.auditSeq])), ...signed.good.map((c) => c.seq)]);
  const hashAt = new Map<number, string>();
  const issued = new Set<number>();
  let prevHash = genesisHash;
  let expectedSeq = 1;
  let count = 0;
  const broken = (firstBadSeq: number, reason: string): ChainCheck => ({ ok: false, count, checkpoints, firstBadSeq, reason });
  if (signed.bad) return broken(1, signed.bad);
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.seq} >= ${expectedSeq}`)
      .orderBy(asc(auditEvents.seq))
      .limit(batchSize);
    if (rows.length === 0) {
      const cut = checkCheckpoints(signed.good, hashAt, count);
      if (cut) return broken(cut.firstBadSeq, cut.reason);
      const anchored = checkAnchors(anchors, hashAt, issued, count);
      return anchored ? broken(anchored.firstBadSeq, anchored.reason) : { ok: true, count, checkpoints };
    }
    for (const r of rows) {
      if (anchoredSeqs.has(r.seq)) hashAt.set(r.seq, r.hash);
      if (r.action === 'certification.issued') issued.add(Number((r.payload as { certificationId?: unknown }).certificationId));
      if (r.seq !== expectedSeq) return broken(expectedSeq, `event ${expectedSeq} is missing (next is ${r.seq})`);
      if (r.prevHash !== prevHash) return broken(r.seq, `event ${r.seq} does not link to the event before it`);
      if (!auditRowIntact(r)) return broken(r.seq, `event ${r.seq} was altered after it was written`);
      prevHash = r.hash;
      expectedSeq++;
      count++;
    }
  }
}

/** The checkpoints that are what they say, or why one is not (unreadable, or not signed with this key). */
function signedCheckpoints(evidence: CheckpointEvidence | undefined): { good: Checkpoint[]; bad?: string } {
  const good: Checkpoint[] = [];
  for (const { key, checkpoint } of evidence?.stored ?? []) {
    if (!checkpoint) return { good, bad: `checkpoint ${key} in the blob store cannot be read` };
    if (!checkpointSignedBy(checkpoint, evidence!.publicKey)) {
      return { good, bad: `checkpoint ${key} (event ${checkpoint.seq}) is not signed by this server's audit key: forged, altered, or made with another key` };
    }
    good.push(checkpoint);
  }
  return { good };
}

/**
 * Every checkpoint's event must still be in the chain with the hash it signed. A checkpoint past
 * the chain's end: events were cut from the end. A different hash: the chain was rewritten and
 * rehashed; the rewrite began after the last checkpoint that still matches.
 */
function checkCheckpoints(checkpoints: Checkpoint[], hashAt: Map<number, string>, count: number) {
  let lastGood = 0;
  for (const c of [...checkpoints].sort((a, b) => a.seq - b.seq)) {
    const found = hashAt.get(c.seq);
    if (c.seq > count) {
      return {
        firstBadSeq: count + 1,
        reason: `events were removed from the end of the chain: it stops at event ${count}, but the checkpoint signed at ${c.at} names event ${c.seq}`,
      };
    }
    if (found !== c.hash) {
      return {
        firstBadSeq: lastGood + 1,
        reason: `the chain was rewritten: event ${c.seq} no longer has the hash signed in the checkpoint of ${c.at} (events up to ${lastGood} match an earlier checkpoint)`,
      };
    }
    lastGood = c.seq;
  }
  return null;
}

function checkAnchors(
  anchors: Array<{ id: number; auditSeq: number | null; auditHash: string | null }>,
  hashAt: Map<number, string>,
  issued: Set<number>,
  count: number,
): { firstBadSeq: number; reason: string } | null {
  const end = count + 1; // where events cut from the end would have been
  for (const a of anchors) {
    if (!issued.has(a.id)) {
      return {
        firstBadSeq: end,
        reason: `certification ${a.id} has no certification.issued event: events were removed from the end of the chain (it stops at event ${count})`,
      };
    }
    if (a.auditSeq === null) continue; // issued before PDFs carried the chain head
    const found = hashAt.get(a.auditSeq);
    if (found === undefined) {
      return {
        firstBadSeq: Math.min(a.auditSeq, end),
        reason: `event ${a.auditSeq}, printed on certification ${a.id}, is missing`,
      };
    }
    if (found !== a.auditHash) {
      return {
        firstBadSeq: a.auditSeq,
        reason: `event ${a.auditSeq} no longer has the hash printed on certification ${a.id}`,
      };
    }
  }
  return null;
}
