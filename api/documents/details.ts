/**
 * A document's details after upload — title, archive reference, the date it bears, notes, and
 * its collection — changed by those allowed, audited (field names and a hash of the new values,
 * never the values: a title can name a person). A change may name the values it started from
 * (`previous`): if someone changed one of them in between, nothing is overwritten (`stale`).
 * (Not the document's `updatedAt`: OCR and review move that while a person types a title.)
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { ensureCollection, getDocument, lockDocumentDetails, updateDocumentDetails as writeDetails, type DocumentDetails } from '../../db/queries/documents';
import type { SessionUser } from '../../db/queries/users';
import { collections } from '../../db/schema';
import { appendAudit } from '../audit/chain';
import { auditEvent } from '../audit/events';
import { assertCan, can } from '../auth/permissions';
import { AppError, forbidden, notFound } from '../lib/errors';
import { cleanName } from '../text/names';
import { uploadTarget } from './ingest';
import { announceAccessChanged } from './live';

type DetailFields = { title?: string; archiveRef?: string | null; documentDate?: string | null; notes?: string | null; collection?: string };
export type DetailsChange = DetailFields & { previous?: DetailFields };

export async function updateDocumentDetails(db: Db, user: SessionUser, id: number, change: DetailsChange): Promise<'ok' | 'stale' | 'unchanged'> {
  const before = await getDocument(db, user, id);
  if (!before) throw notFound('The document');
  assertCan(user, 'document.edit', before.collectionId); // the role in the document's collection
  const wanted: DocumentDetails = {};
  if (change.title !== undefined) {
    const title = cleanName(change.title);
    if (!title) throw new AppError(400, 'invalid_request', 'A title cannot be empty.');
    wanted.title = title;
  }
  if (change.archiveRef !== undefined) wanted.archiveRef = change.archiveRef === null ? null : cleanName(change.archiveRef) || null;
  if (change.documentDate !== undefined) wanted.documentDate = change.documentDate;
  if (change.notes !== undefined) wanted.notes = change.notes === null ? null : change.notes.normalize('NFC').trim() || null;
  let move: { from: string; to: string } | null = null;
  if (change.collection !== undefined && cleanName(change.collection) !== before.collection) {
    const name = cleanName(change.collection);
    const [from] = await db.select({ restricted: collections.restricted }).from(collections).where(eq(collections.id, before.collectionId));
    // Out of a restricted collection, its documents become readable to others: an administrator's decision.
    if (from?.restricted && !can(user, 'collection.manage', before.collectionId)) {
      throw forbidden('Only administrators and the collection’s managers move documents out of a restricted collection.');
    }
    const target = await uploadTarget(db, user, name); // the same rule as uploading into it
    wanted.collectionId = (target ?? (await ensureCollection(db, name))).id;
    move = { from: before.collection, to: name };
  }
  return db.transaction(async (tx) => {
    const current = await lockDocumentDetails(tx, id);
    if (!current) throw notFound('The document');
    if (change.previous) {
      const now: DetailFields = { title: current.title, archiveRef: current.archiveRef, documentDate: current.documentDate, notes: current.notes, collection: before.collection };
      if (current.collectionId !== before.collectionId) return 'stale';
      const differs = (Object.keys(change.previous) as Array<keyof DetailFields>).some((k) => (change.previous![k] ?? null) !== (now[k] ?? null));
      if (differs) return 'stale';
    }
    const fields = (Object.keys(wanted) as Array<keyof DocumentDetails>).filter((k) => wanted[k] !== current[k]);
    if (fields.length === 0) return 'unchanged';
    await writeDetails(tx, id, Object.fromEntries(fields.map((k) => [k, wanted[k]])));
    const values = Object.fromEntries(fields.map((k) => [k, wanted[k] ?? null]));
    await appendAudit(
      tx,
      auditEvent(
        'document.updated',
        user.id,
        {
          fields: fields.map((f) => (f === 'collectionId' ? 'collection' : f)),
          contentHash: createHash('sha256').update(JSON.stringify(values)).digest('hex'),
          ...(move ? { collection: move } : {}),
        },
        { type: 'document', id },
      ),
    );
    // Moved to another collection: its readers may not be the same.
    if (fields.includes('collectionId')) await announceAccessChanged(tx, { userId: null, documentId: id });
    return 'ok';
  });
}
