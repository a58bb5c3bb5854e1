/**
 * XLIFF 1.2 (OASIS, http://docs.oasis-open.org/xliff/v1.2/os/xliff-core.html) for one document,
 * so a translator can work in Trados, memoQ or OmegaT and bring the result back. Each line is a
 * `trans-unit` `id="s{segment id}"` carrying the line version it was exported at
 * (`sijill:version`) and its Arabic as `source`; on import, a line whose Arabic in Sijill is no
 * longer the file's `source`, or whose English someone changed in Sijill since that version, is
 * a conflict: reported with both sides, never overwritten. Everything else goes through
 * `updateSegment`, the one write path.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { getDocument } from '../../db/queries/documents';
import { listSegments } from '../../db/queries/segments';
import type { SessionUser } from '../../db/queries/users';
import { segmentVersions } from '../../db/schema';
import { assertCan } from '../auth/permissions';
import { AppError, notFound } from '../lib/errors';
import { numberLines } from '../review/review';
import { updateSegment } from '../segments/update-segment';
import { attrs, children, childrenOf, parseXml, segmentText, xmlBuilder } from './xml';

const xliffNs = 'urn:oasis:names:tc:xliff:document:1.2';
const sijillNs = 'urn:sijill:xliff:1';

/** XLIFF target states from line statuses (XLIFF 1.2 §state). */
const stateOf: Record<string, string> = { ocr: 'new', corrected: 'new', suggested: 'needs-review-translation', translated: 'translated', reviewed: 'signed-off' };

/** The document's lines as an XLIFF 1.2 file. */
export async function exportXliff(db: Db, user: SessionUser, documentId: number, toolVersion: string) {
  const doc = await getDocument(db, user, documentId);
  if (!doc) throw notFound('The document');
  const lines = await listSegments(db, documentId);
  const numbers = numberLines(lines);
  const units = lines.map((l) => {
    const n = numbers.get(l.id)!;
    const unit: Record<string, unknown> = {
      '@_id': `s${l.id}`,
      '@_resname': `page ${n.pageNo} line ${n.lineNo}`,
      '@_sijill:version': String(l.version),
      source: { '@_xml:lang': 'ar', '#text': l.text },
    };
    if (l.translation) {
      unit.target = { '@_xml:lang': 'en', '@_state': stateOf[l.status] ?? 'new', ...(l.status === 'suggested' ? { '@_state-qualifier': 'leveraged-tm' } : {}), '#text': l.translation };
    }
    return unit;
  });
  const xml = xmlBuilder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    xliff: {
      '@_version': '1.2',
      '@_xmlns': xliffNs,
      '@_xmlns:sijill': sijillNs,
      file: {
        '@_original': `sijill-document-${doc.id}`,
        '@_source-language': 'ar',
        '@_target-language': 'en',
        '@_datatype': 'plaintext',
        header: { tool: { '@_tool-id': 'sijill', '@_tool-name': 'Sijill', '@_tool-version': toolVersion }, note: doc.title },
        body: { 'trans-unit': units },
      },
    },
  }) as string;
  return { xml, fileName: `sijill-document-${doc.id}.xlf` };
}

export type XliffConflict = {
  segmentId: number;
  pageNo: number | null;
  lineNo: number | null;
  reason: 'source_changed' | 'translation_changed' | 'line_missing' | 'stale';
  arabicNow: string | null;
  arabicInFile: string;
  translationNow: string | null;
  translationInFile: string;
};

type FileUnit = { segmentId: number; version: number | null; source: string; target: string | null; state: string | null };

/** The trans-units of an XLIFF 1.2 file (any namespace prefix; `seg-source`/`mrk` as OmegaT and memoQ write them). */
export function readXliff(xml: string): { original: string | null; units: FileUnit[] } {
  const doc = parseXml(xml, 'XLIFF');
  const [root] = children(doc, 'xliff');
  if (!root) throw new AppError(400, 'invalid_file', 'This file is XML but not XLIFF (no <xliff> element).');
  if (attrs(root).version && !String(attrs(root).version).startsWith('1.')) throw new AppError(400, 'invalid_file', `This is XLIFF ${attrs(root).version}; Sijill reads XLIFF 1.2.`);
  const units: FileUnit[] = [];
  let original: string | null = null;
  const walk = (nodes: ReturnType<typeof childrenOf>) => {
    for (const n of nodes) {
      const tag = Object.keys(n).find((k) => k !== ':@') ?? '';
      const local = tag.slice(tag.indexOf(':') + 1);
      if (local === 'file') original ??= attrs(n).original ?? null;
      if (local === 'trans-unit') {
        const a = attrs(n);
        const m = /^s(\d+)$/.exec(a.id ?? '');
        if (!m) continue;
        const versionAttr = Object.entries(a).find(([k]) => k.endsWith(':version'))?.[1];
        const [source] = children(n, 'source');
        const [target] = children(n, 'target');
        units.push({
          segmentId: Number(m[1]),
          version: versionAttr ? Number(versionAttr) : null,
          source: source ? segmentText(childrenOf(source)) : '',
          target: target ? segmentText(childrenOf(target)) : null,
          state: target ? (attrs(target).state ?? null) : null,
        });
      } else if (local !== '#text') walk(childrenOf(n));
    }
  };
  walk(childrenOf(root));
  return { original, units };
}

const clean = (s: string) => s.normalize('NFC').trim();
const pending = new Set(['new', 'needs-translation']);

/** Brings a translated XLIFF back: changed targets are saved, conflicts reported, nothing overwritten. */
export async function importXliff(db: Db, user: SessionUser, documentId: number, xml: string) {
  assertCan(user, 'segment.edit');
  const doc = await getDocument(db, user, documentId);
  if (!doc) throw notFound('The document');
  assertCan(user, 'segment.edit', doc.collectionId);
  const { original, units } = readXliff(xml);
  if (original && original !== `sijill-document-${documentId}`) {
    throw new AppError(409, 'wrong_document', `This XLIFF was exported from another document (${original}), not from document ${documentId}.`);
  }
  const lines = await listSegments(db, documentId);
  const byId = new Map(lines.map((l) => [l.id, l]));
  const numbers = numberLines(lines);
  let updated = 0;
  let unchanged = 0;
  const conflicts: XliffConflict[] = [];
  for (const unit of units) {
    const line = byId.get(unit.segmentId);
    const target = unit.target === null ? null : clean(unit.target);
    const base = { segmentId: unit.segmentId, arabicInFile: unit.source, translationInFile: target ?? '' };
    if (!line) {
      conflicts.push({ ...base, pageNo: null, lineNo: null, reason: 'line_missing', arabicNow: null, translationNow: null });
      continue;
    }
    const at = numbers.get(line.id)!;
    const conflict = (reason: XliffConflict['reason']) => conflicts.push({ ...base, pageNo: at.pageNo, lineNo: at.lineNo, reason, arabicNow: line.text, translationNow: line.translation });
    if (target === null || !target || (unit.state !== null && pending.has(unit.state))) {
      unchanged++;
      continue;
    }
    if (clean(line.text) !== clean(unit.source)) {
      conflict('source_changed');
      continue;
    }
    if (target === line.translation && line.status !== 'suggested') {
      unchanged++;
      continue;
    }
    if (unit.version !== null && unit.version !== line.version && target !== line.translation) {
      const [exported] = await db
        .select({ translation: segmentVersions.translation })
        .from(segmentVersions)
        .where(and(eq(segmentVersions.segmentId, line.id), eq(segmentVersions.version, unit.version)));
      if (!exported || exported.translation !== line.translation) {
        conflict('translation_changed');
        continue;
      }
    }
    try {
      await updateSegment(db, user, line.id, { version: line.version, translation: target, status: line.status === 'reviewed' && target === line.translation ? undefined : 'translated' });
      updated++;
    } catch (err) {
      if (err instanceof AppError && err.status === 409) conflict('stale');
      else throw err;
    }
  }
  return { updated, unchanged, conflicts, units: units.length };
}
