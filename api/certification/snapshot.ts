import { createHash } from 'node:crypto';
import type { Executor } from '../../db/client';
import { listSegments } from '../../db/queries/segments';
import type { Snapshot, SnapshotLine } from '../../db/schema';
import { canonicalJson } from '../audit/chain';

/**
 * The frozen content of a certification: the original files' SHA-256 and every current line's
 * text, translation and version, in page and reading order. Its hash is SHA-256 over the
 * canonical JSON (sorted keys, as the audit chain), so anyone holding the snapshot can recompute it.
 */
export async function buildSnapshot(
  db: Executor,
  doc: { id: number; sha256: string },
): Promise<{ snapshot: Snapshot; hash: string; unreviewed: UnreviewedLine[] }> {
  const rows = await listSegments(db, doc.id);
  const lines: SnapshotLine[] = [];
  const unreviewed: UnreviewedLine[] = [];
  let page = -1;
  let lineNo = 0;
  for (const r of rows) {
    if (r.pageNo !== page) {
      page = r.pageNo;
      lineNo = 0;
    }
    lineNo++;
    lines.push({ segmentId: r.id, pageNo: r.pageNo, lineNo, version: r.version, text: r.text, translation: r.translation });
    if (r.status !== 'reviewed') unreviewed.push({ segmentId: r.id, pageNo: r.pageNo, lineNo, status: r.status });
  }
  const snapshot: Snapshot = { v: 1, documentId: doc.id, originals: [doc.sha256], lines };
  return { snapshot, hash: snapshotHash(snapshot), unreviewed };
}

export type UnreviewedLine = { segmentId: number; pageNo: number; lineNo: number; status: string };

export function snapshotHash(snapshot: Snapshot): string {
  return createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
}

/** "page 1 line 3, page 2 lines 1–2 …": what a person reads in a refusal. */
export function describeLines(lines: Array<{ pageNo: number; lineNo: number }>, max = 30): string {
  const byPage = new Map<number, number[]>();
  for (const l of lines) byPage.set(l.pageNo, [...(byPage.get(l.pageNo) ?? []), l.lineNo]);
  const parts: string[] = [];
  let shown = 0;
  for (const [pageNo, nums] of byPage) {
    if (shown >= max) break;
    const take = nums.slice(0, max - shown);
    shown += take.length;
    parts.push(`page ${pageNo} line${take.length > 1 ? 's' : ''} ${ranges(take)}`);
  }
  const rest = lines.length - shown;
  return parts.join('; ') + (rest > 0 ? ` and ${rest} more` : '');
}

function ranges(nums: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < nums.length;) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    out.push(j > i ? `${nums[i]}–${nums[j]}` : String(nums[i]));
    i = j + 1;
  }
  return out.join(', ');
}
