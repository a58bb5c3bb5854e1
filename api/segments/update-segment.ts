import { createHash } from 'node:crypto';
import { and, asc, eq, gt, inArray, ne } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/client';
import { getDocument } from '../../db/queries/documents';
import { recordSearchTerms, segmentSearchFields } from '../search/index-keys';
import { collectionOf, getSegment, lockSegmentForUser, type LockedSegment } from '../../db/queries/segments';
import type { SessionUser } from '../../db/queries/users';
import { pages, segments, segmentVersions, type Box, type SegmentStatus } from '../../db/schema';
import { appendAudit } from '../audit/chain';
import { announceSegmentSaved } from '../documents/live';
import { auditEvent } from '../audit/events';
import { carryMergedTags, carrySplitTags, followSegmentEdit, type EditToFollow } from '../entities/follow-edit';
import { assertCan, can } from '../auth/permissions';
import { AppError, notFound } from '../lib/errors';
import { afterSegmentChange } from '../review/segment-hook';
import { memoryChanged } from '../translation/service';
import { toSegmentDto } from './dto';
import { splitOcrReading, unionOf, type OcrPart } from './ocr-words';

/*
 * The one place a segment changes (besides OCR's first reading, db/queries/segments.ts
 * replacePageSegments). Every operation — edit, split, merge, add, delete, restore — locks the
 * lines it touches, checks the version the client last saw (optimistic concurrency: a stale
 * version changes nothing and returns 409 with the current line), then writes through
 * `writeSegmentState` / `createSegment`, which add the version row and the audit event in the
 * same transaction, and tell the document's open editors once it commits (api/documents/live.ts). Derived state that follows a line's text belongs in those two functions.
 */

type SegmentState = { text: string; translation: string; status: SegmentStatus; box: Box; suggestion?: { origin: string; score: number } | null };
type ChangeKind = 'edit' | 'split' | 'merge' | 'create' | 'delete' | 'restore' | 'suggest';

export type SegmentPatch = { version: number; text?: string; translation?: string; status?: 'corrected' | 'translated' | 'reviewed' };

export async function updateSegment(db: Executor, user: SessionUser, segmentId: number, patch: SegmentPatch) {
  assertCan(user, 'segment.edit');
  await db.transaction(async (tx) => {
    const current = await lockLive(tx, user, segmentId, patch.version);
    const text = patch.text === undefined ? current.text : oneLine(patch.text);
    const translation = patch.translation === undefined ? current.translation : oneLine(patch.translation);
    const status = patch.status ?? deriveStatus(current.status, { text, translation, ocrText: current.ocrText, previousTranslation: current.translation });
    if (text === current.text && translation === current.translation && status === current.status) return;
    await writeSegmentState(tx, user, current, { text, translation, status, box: current.box }, 'edit');
    const confirmed = (status === 'translated' || status === 'reviewed') && translation.trim() !== '';
    if (confirmed && (translation !== current.translation || current.status === 'suggested' || text !== current.text)) {
      await propagateTranslation(tx, user, { documentId: current.documentId, segmentId, text, translation });
    }
  });
  // A line just confirmed is suggested from at once, not up to a refresh interval later.
  memoryChanged(db);
  return segmentDto(db, segmentId);
}

/**
 * Fills a line with a translation the translation memory suggests (status `suggested`, with its
 * origin and score) — only while no person has translated it: a line that is translated or
 * reviewed, deleted, or already holds this very suggestion is left alone. Returns whether it wrote.
 */
export async function suggestTranslation(
  tx: Tx,
  user: SessionUser,
  segmentId: number,
  suggestion: { translation: string; origin: string; score: number },
): Promise<boolean> {
  assertCan(user, 'segment.edit');
  const current = await lockSegmentForUser(tx, user, segmentId);
  if (!current || !['ocr', 'corrected', 'suggested'].includes(current.status)) return false;
  if (!can(user, 'segment.edit', current.collectionId)) return false; // a collection where this user only reads
  if (current.status !== 'suggested' && current.translation.trim()) return false;
  const translation = oneLine(suggestion.translation);
  if (!translation.trim() || (current.status === 'suggested' && current.translation === translation)) return false;
  const state = { text: current.text, translation, status: 'suggested' as const, box: current.box, suggestion: { origin: suggestion.origin, score: Math.round(suggestion.score) } };
  await writeSegmentState(tx, user, current, state, 'suggest', { note: `suggested by the translation memory (${suggestion.origin}, ${Math.round(suggestion.score)})` });
  return true;
}

/**
 * Once a person confirms a line's translation, the document's other lines with the same Arabic
 * (after normalization) that no person translated yet get it as a suggestion (`propagated`, 100).
 */
async function propagateTranslation(tx: Tx, user: SessionUser, line: { documentId: number; segmentId: number; text: string; translation: string }) {
  const key = segmentSearchFields(line.text, '').textNorm.replace(/\s+/g, ' ').trim();
  if (!key) return;
  const same = await tx
    .select({ id: segments.id, textNorm: segments.textNorm })
    .from(segments)
    .where(and(eq(segments.documentId, line.documentId), ne(segments.id, line.segmentId), inArray(segments.status, ['ocr', 'corrected', 'suggested'])));
  for (const other of same) {
    if (other.textNorm.replace(/\s+/g, ' ').trim() !== key) continue;
    await suggestTranslation(tx, user, other.id, { translation: line.translation, origin: 'propagated', score: 100 });
  }
}

/** Splits a line in two at UTF-16 offsets (OCR joined two lines): the second part becomes a new line after it. */
export async function splitSegment(
  db: Executor,
  user: SessionUser,
  segmentId: number,
  input: { version: number; textOffset: number; translationOffset?: number; boxes?: [Box, Box] },
) {
  assertCan(user, 'segment.edit');
  const newId = await db.transaction(async (tx) => {
    const current = await lockLive(tx, user, segmentId, input.version);
    if (input.textOffset <= 0 || input.textOffset >= current.text.length) {
      throw new AppError(400, 'invalid_split', `Choose a split point inside the line (1–${current.text.length - 1}).`);
    }
    const tOff = clamp(input.translationOffset ?? current.translation.length, 0, current.translation.length);
    // The OCR reading is divided at the split point too, and each line's box is the union of
    // the word boxes it keeps (a line OCR joined from two is two boxes, not two halves of one).
    const ocr = splitOcrReading(current.ocrText, current.ocrWords, current.text, input.textOffset);
    const [boxA, boxB] = input.boxes ?? ocr.boxes ?? splitBox(current.box);
    const first = { text: current.text.slice(0, input.textOffset).trimEnd(), translation: current.translation.slice(0, tOff).trimEnd() };
    const second = { text: current.text.slice(input.textOffset).trimStart(), translation: current.translation.slice(tOff).trimStart() };
    const firstStatus = deriveStatus(current.status, { ...first, ocrText: ocr.first.ocrText });
    await writeSegmentState(tx, user, current, { ...first, ...unconfirmedAfter([current], first.translation, firstStatus), box: boxA }, 'split', { ocr: ocr.first });
    const secondId = await createSegment(tx, user, {
      pageId: current.pageId,
      documentId: current.documentId,
      lineOrder: await orderAfter(tx, current.pageId, current.lineOrder),
      state: { ...second, ...unconfirmedAfter([current], second.translation, second.translation ? 'translated' : 'corrected'), box: boxB },
      ocr: ocr.second,
      kind: 'split',
      note: `split from line ${segmentId}`,
    });
    await carrySplitTags(tx, { fromId: segmentId, toId: secondId, documentId: current.documentId, actorId: user.id, before: current, offsets: { text: input.textOffset, translation: tOff } });
    return secondId;
  });
  return { first: await segmentDto(db, segmentId), second: await segmentDto(db, newId) };
}

/** Joins a line with the next one (OCR split one line in two); the next line is deleted, kept in history. */
export async function mergeSegments(
  db: Executor,
  user: SessionUser,
  segmentId: number,
  input: { version: number; nextId: number; nextVersion: number },
) {
  assertCan(user, 'segment.edit');
  await db.transaction(async (tx) => {
    const current = await lockLive(tx, user, segmentId, input.version);
    const next = await lockLive(tx, user, input.nextId, input.nextVersion);
    if (next.pageId !== current.pageId) throw new AppError(400, 'invalid_merge', 'Only lines of the same page can be merged.');
    const text = joinText(current.text, next.text);
    const translation = joinText(current.translation, next.translation);
    const status = deriveStatus(current.status, { text, translation, ocrText: current.ocrText, previousTranslation: current.translation });
    const ocr = { ocrText: joinText(current.ocrText, next.ocrText), words: [...current.ocrWords, ...next.ocrWords] };
    await writeSegmentState(tx, user, current, { text, translation, ...unconfirmedAfter([current, next], translation, status), box: unionOf([current.box, next.box]) }, 'merge', { ocr });
    await writeSegmentState(tx, user, next, { ...stateOf(next), status: 'deleted' }, 'merge', { note: `merged into line ${segmentId}` });
    await carryMergedTags(tx, { fromId: next.id, intoId: current.id, documentId: current.documentId, actorId: user.id, first: current });
  });
  return segmentDto(db, segmentId);
}

/** A line OCR missed, drawn on the scan; placed in reading order by its box. */
export async function addSegment(db: Executor, user: SessionUser, pageId: number, input: { box: Box; text?: string; translation?: string }) {
  assertCan(user, 'segment.edit');
  const id = await db.transaction(async (tx) => {
    const [page] = await tx.select({ id: pages.id, documentId: pages.documentId }).from(pages).where(eq(pages.id, pageId));
    if (!page) throw notFound('The page');
    const document = await getDocument(tx, user, page.documentId);
    if (!document) throw notFound('The page');
    assertCan(user, 'segment.edit', document.collectionId);
    const text = oneLine(input.text ?? '');
    const translation = oneLine(input.translation ?? '');
    return createSegment(tx, user, {
      pageId,
      documentId: page.documentId,
      lineOrder: await orderForBox(tx, pageId, input.box),
      state: { text, translation, status: translation ? 'translated' : 'corrected', box: input.box },
      kind: 'create',
      note: 'added by hand',
    });
  });
  return segmentDto(db, id);
}

/** Removes a line from the page; its history stays, and it can be restored. */
export async function deleteSegment(db: Executor, user: SessionUser, segmentId: number, version: number) {
  assertCan(user, 'segment.edit');
  await db.transaction(async (tx) => {
    const current = await lockLive(tx, user, segmentId, version);
    await writeSegmentState(tx, user, current, { ...stateOf(current), status: 'deleted' }, 'delete', { note: 'deleted' });
  });
  return segmentDto(db, segmentId, { includeDeleted: true });
}

/** Brings back an earlier version's text and translation, as a new version. Works on deleted lines too. */
export async function restoreSegmentVersion(db: Executor, user: SessionUser, segmentId: number, input: { version: number; restore: number }) {
  assertCan(user, 'segment.edit');
  await db.transaction(async (tx) => {
    const current = await lockForUser(tx, user, segmentId, input.version);
    const [old] = await tx
      .select()
      .from(segmentVersions)
      .where(and(eq(segmentVersions.segmentId, segmentId), eq(segmentVersions.version, input.restore)));
    if (!old) throw new AppError(404, 'not_found', `This line has no version ${input.restore}.`);
    const status = old.status === 'deleted' ? 'corrected' : old.status === 'reviewed' ? 'translated' : old.status;
    await writeSegmentState(tx, user, current, { text: oneLine(old.text), translation: oneLine(old.translation), status, box: old.box }, 'restore', {
      note: `restored version ${input.restore}`,
      restored: { version: input.restore, lineWasDeleted: current.status === 'deleted' },
    });
  });
  return segmentDto(db, segmentId);
}

// ——— the write path ———

async function writeSegmentState(
  tx: Tx,
  user: SessionUser,
  current: LockedSegment,
  next: SegmentState,
  kind: ChangeKind,
  opts: { note?: string; restored?: EditToFollow['restored']; ocr?: OcrPart } = {},
) {
  const { note, restored } = opts;
  const version = current.version + 1;
  const now = new Date();
  // A split or join divides or joins the OCR reading with the text (ocr-words.ts); it is not versioned.
  const ocr = opts.ocr ? { ocrText: opts.ocr.ocrText, ocrWords: opts.ocr.words } : {};
  // A suggestion whose English is untouched (its Arabic corrected) keeps saying where it came from.
  const suggestion =
    next.status !== 'suggested' ? null : next.suggestion !== undefined ? next.suggestion : current.status === 'suggested' && next.translation === current.translation ? suggestionOf(current) : null;
  await tx
    .update(segments)
    .set({
      text: next.text,
      translation: next.translation,
      status: next.status,
      box: next.box,
      ...ocr,
      suggestionOrigin: suggestion?.origin ?? null,
      suggestionScore: suggestion?.score ?? null,
      ...segmentSearchFields(next.text, next.translation),
      version,
      updatedAt: now,
      updatedBy: user.id,
    })
    .where(and(eq(segments.id, current.id), eq(segments.version, current.version)));
  await recordSearchTerms(tx, [next]);
  await tx
    .insert(segmentVersions)
    .values({ segmentId: current.id, version, text: next.text, translation: next.translation, status: next.status, box: next.box, changedBy: user.id, changedAt: now, note: note ?? null });
  await followSegmentEdit(tx, { segmentId: current.id, documentId: current.documentId, version, actorId: user.id, before: current, after: next, operation: kind === 'suggest' ? 'edit' : kind, restored });
  const fields = (['text', 'translation', 'status', 'box'] as const).filter((f) => JSON.stringify(next[f]) !== JSON.stringify(current[f]));
  await appendAudit(
    tx,
    auditEvent('segment.updated', user.id, { operation: kind, fromVersion: current.version, toVersion: version, fields, contentHash: contentHash(next) }, { type: 'segment', id: current.id }),
  );
  await afterSegmentChange(tx, user, { segmentId: current.id, documentId: current.documentId, fromStatus: current.status, toStatus: next.status, fields });
  await announceSegmentSaved(tx, { documentId: current.documentId, pageId: current.pageId, segmentId: current.id, version, operation: kind, userId: user.id });
}

async function createSegment(
  tx: Tx,
  user: SessionUser,
  input: { pageId: number; documentId: number; lineOrder: number; state: SegmentState; ocr?: OcrPart; kind: 'split' | 'create'; note: string },
): Promise<number> {
  const now = new Date();
  const { suggestion, ...state } = input.state;
  const [row] = await tx
    .insert(segments)
    .values({
      pageId: input.pageId,
      documentId: input.documentId,
      collectionId: collectionOf(input.documentId),
      lineOrder: input.lineOrder,
      ...state,
      suggestionOrigin: state.status === 'suggested' ? (suggestion?.origin ?? null) : null,
      suggestionScore: state.status === 'suggested' ? (suggestion?.score ?? null) : null,
      ...(input.ocr ? { ocrText: input.ocr.ocrText, ocrWords: input.ocr.words } : {}),
      ...segmentSearchFields(input.state.text, input.state.translation),
      version: 1,
      updatedAt: now,
      updatedBy: user.id,
    })
    .returning({ id: segments.id });
  await recordSearchTerms(tx, [input.state]);
  const id = row!.id;
  await tx.insert(segmentVersions).values({ segmentId: id, version: 1, ...state, changedBy: user.id, changedAt: now, note: input.note });
  await appendAudit(
    tx,
    auditEvent('segment.created', user.id, { operation: input.kind, pageId: input.pageId, contentHash: contentHash(input.state) }, { type: 'segment', id }),
  );
  await afterSegmentChange(tx, user, { segmentId: id, documentId: input.documentId, fromStatus: null, toStatus: input.state.status, fields: ['created'] });
  await announceSegmentSaved(tx, { documentId: input.documentId, pageId: input.pageId, segmentId: id, version: 1, operation: input.kind, userId: user.id });
  return id;
}

// ——— helpers ———

async function lockForUser(tx: Tx, user: SessionUser, segmentId: number, expectedVersion: number): Promise<LockedSegment> {
  const current = await lockSegmentForUser(tx, user, segmentId);
  if (!current) throw notFound('This line');
  // The role that counts is the user's role in the line's collection.
  assertCan(user, 'segment.edit', current.collectionId);
  if (current.version !== expectedVersion) throw await staleError(tx, segmentId);
  return current;
}

async function lockLive(tx: Tx, user: SessionUser, segmentId: number, expectedVersion: number) {
  const current = await lockForUser(tx, user, segmentId, expectedVersion);
  if (current.status === 'deleted') throw new AppError(409, 'deleted', 'This line was deleted. Restore a version from its history to work on it again.');
  return current;
}

async function staleError(db: Executor, segmentId: number) {
  const segment = await getSegment(db, segmentId);
  return new AppError(
    409,
    'stale_version',
    `Someone saved this line after you opened it (now version ${segment?.version}). Compare both and choose what to keep.`,
    { current: segment ? toSegmentDto(segment) : null },
  );
}

async function segmentDto(db: Executor, id: number, opts: { includeDeleted?: boolean } = {}) {
  const segment = await getSegment(db, id);
  if (!segment || (segment.status === 'deleted' && !opts.includeDeleted)) throw notFound('This line');
  return toSegmentDto(segment);
}

/** Without an explicit status, a line's status follows what has been done to it; review is never implied. */
function deriveStatus(prev: SegmentStatus, s: { text: string; translation: string; ocrText: string; previousTranslation?: string }): SegmentStatus {
  if (prev === 'reviewed') return 'translated'; // an edit after review needs a new review
  // A suggestion stays one until a person changes or confirms its translation.
  if (prev === 'suggested' && s.translation.trim() && s.translation === s.previousTranslation) return 'suggested';
  if (s.translation.trim()) return 'translated';
  if (s.text !== s.ocrText) return 'corrected';
  return 'ocr';
}

/**
 * The status (and suggestion) of a line made by a split or a join from `parts`, holding
 * `translation`. Neither operation confirms a translation-memory suggestion: only a person's edit
 * or status change does (updateSegment). So a line whose English comes, even in part, from a
 * part that was `suggested` stays `suggested`, and can be neither approved nor certified until a
 * person confirms it:
 * - split (the editor keeps all the English on the first half): the half holding the suggested
 *   English keeps its origin and score; a half left without English is `corrected` or `ocr` as
 *   usual. The score stays the whole line's match — neither half was matched on its own.
 * - join: the joined English is only as confirmed as its least confirmed part: `suggested`, with
 *   the lowest score among the suggested parts and its origin (a confirmed part joined to a
 *   suggested one is confirmed again with the whole).
 * Otherwise `status` (what deriveStatus made of the change) stands.
 */
function unconfirmedAfter(parts: LockedSegment[], translation: string, status: SegmentStatus): Pick<SegmentState, 'status' | 'suggestion'> {
  if (!translation.trim()) return { status, suggestion: null };
  const suggested = parts.filter((p) => p.status === 'suggested' && p.translation.trim());
  if (suggested.length === 0) return { status, suggestion: null };
  const weakest = suggested.map(suggestionOf).reduce((a, b) => (a === null || (b !== null && b.score < a.score) ? b : a));
  return { status: 'suggested', suggestion: weakest };
}

const suggestionOf = (s: LockedSegment): { origin: string; score: number } | null =>
  s.suggestionOrigin ? { origin: s.suggestionOrigin, score: s.suggestionScore ?? 0 } : null;

/**
 * A line's text or translation as stored: NFC, and one line. A segment is one line of the scan
 * and its box, so a line break (typed, pasted, imported or in a restored old version) becomes one
 * space inside the line and is dropped at either end.
 */
export function oneLine(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[^\S\n\r\u2028\u2029\v\f\u0085]*[\n\r\u2028\u2029\v\f\u0085]+\s*/g, (brk, at: number, all: string) =>
      at === 0 || at + brk.length === all.length ? '' : ' ',
    );
}

const stateOf = (s: LockedSegment): SegmentState => ({ text: s.text, translation: s.translation, status: s.status, box: s.box });
const contentHash = (s: { text: string; translation: string }) => createHash('sha256').update(`${s.text}\u0000${s.translation}`).digest('hex');
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));
const joinText = (a: string, b: string) => (a && b ? `${a} ${b}` : a || b);

/** Without word boxes (a line drawn by hand): two halves, one above the other. */
function splitBox(b: Box): [Box, Box] {
  const h = Math.max(1, Math.round(b.h / 2));
  return [{ ...b, h }, { ...b, y: b.y + h, h: Math.max(1, b.h - h) }];
}


async function orderAfter(tx: Tx, pageId: number, lineOrder: number) {
  const [next] = await tx
    .select({ lineOrder: segments.lineOrder })
    .from(segments)
    .where(and(eq(segments.pageId, pageId), gt(segments.lineOrder, lineOrder)))
    .orderBy(asc(segments.lineOrder))
    .limit(1);
  return next ? (lineOrder + next.lineOrder) / 2 : lineOrder + 1;
}

/** Reading order from the box: after the last live line whose top is above this box's top. */
async function orderForBox(tx: Tx, pageId: number, box: Box) {
  const lines = await tx
    .select({ lineOrder: segments.lineOrder, box: segments.box })
    .from(segments)
    .where(and(eq(segments.pageId, pageId), ne(segments.status, 'deleted')))
    .orderBy(asc(segments.lineOrder));
  const above = lines.filter((l) => l.box.y <= box.y).at(-1);
  if (!above) return lines.length ? lines[0]!.lineOrder - 1 : 1;
  return orderAfter(tx, pageId, above.lineOrder);
}
