import { basename } from 'node:path';
import type { SessionUser } from '../../db/queries/users';
import type { Executor } from '../../db/client';
import { ensureCollection, findCollectionForUser, findDocumentBySha, insertDocument } from '../../db/queries/documents';
import { insertPages } from '../../db/queries/pages';
import { enqueuePageJobs } from '../../db/queries/ocr-jobs';
import { CorruptFileError, FileLimitError, inspectSource, UnsupportedFileError } from '../../ocr';
import { appendAudit } from '../audit/chain';
import { auditEvent } from '../audit/events';
import type { AppDeps } from '../context';
import { assertCan, can } from '../auth/permissions';
import { AppError } from '../lib/errors';
import { sha256Hex } from '../storage/blob-store';
import { cleanName } from '../text/names';
import { parseSidecar } from '../exchange/sidecar';

export const defaultCollection = 'General';

export type IngestInput = {
  bytes: Uint8Array;
  fileName?: string | null;
  title?: string | null;
  collection?: string | null;
  /** A PAGE XML or ALTO file that came with the scan: its lines are used instead of OCR. */
  transcription?: { bytes: Uint8Array; fileName?: string | null } | null;
};
/** `transcriptionIgnored`: the scan was stored before, so the transcription sent with it was not used. */
export type IngestResult = { documentId: number; created: boolean; sha256: string; transcriptionIgnored?: boolean };

/**
 * Upload → evidentiary original in the blob store → document, pages and one OCR job per page,
 * committed together. The same bytes twice give the first document back.
 */
export async function ingestDocument(deps: Pick<AppDeps, 'database' | 'blobs' | 'notifyJobs'>, user: SessionUser, input: IngestInput): Promise<IngestResult> {
  const { db } = deps.database;
  if (input.bytes.byteLength === 0) throw new AppError(400, 'empty_file', 'The uploaded file is empty.');
  const collectionName = cleanName(input.collection ?? '') || defaultCollection;
  // Refused before anything is read or stored: no original in the blob store, no row, no job.
  const target = await uploadTarget(db, user, collectionName);
  const sha256 = sha256Hex(input.bytes);
  const existing = await alreadyStored(deps, user, sha256);
  if (existing) return input.transcription ? { ...existing, transcriptionIgnored: true } : existing;

  const info = await inspectSource(input.bytes).catch((err: unknown) => {
    throw toUploadError(err);
  });
  const transcription = input.transcription ? checkTranscription(input.transcription, info.pageCount) : null;
  await deps.blobs.put('original', input.bytes);
  if (transcription) await deps.blobs.put('transcription', input.transcription!.bytes);

  const fileName = input.fileName ? cleanName(basename(input.fileName)).slice(0, 255) || null : null;
  const title = cleanName(input.title ?? '') || fileName?.replace(/\.[^.]+$/, '') || `Document ${sha256.slice(0, 8)}`;
  try {
    const documentId = await db.transaction(async (tx) => {
      const collection = target ?? (await ensureCollection(tx, collectionName));
      const id = await insertDocument(tx, {
        title,
        collectionId: collection.id,
        sha256,
        sizeBytes: input.bytes.byteLength,
        mime: info.mime,
        originalName: fileName,
        pageCount: info.pageCount,
        fileMetadata: info.metadata,
        transcriptionSha256: transcription?.sha256 ?? null,
        transcriptionFormat: transcription?.format ?? null,
        uploadedBy: user.id,
      });
      const pageRows = await insertPages(tx, id, info.pageCount);
      await enqueuePageJobs(tx, pageRows.map((p) => p.id));
      await appendAudit(
        tx,
        auditEvent(
          'document.uploaded',
          user.id,
          {
            sha256,
            size: input.bytes.byteLength,
            mime: info.mime,
            pageCount: info.pageCount,
            collection: collectionName,
            ...(transcription ? { transcription: { format: transcription.format, sha256: transcription.sha256, lines: transcription.lines } } : {}),
          },
          { type: 'document', id },
        ),
      );
      return id;
    });
    deps.notifyJobs();
    return { documentId, created: true, sha256 };
  } catch (err) {
    // Two uploads of the same bytes at once: the loser returns the winner's document.
    const raced = await alreadyStored(deps, user, sha256);
    if (raced) return raced;
    throw err;
  }
}

/** Reads the sidecar before anything is stored, so a bad one refuses the upload with its reason. */
function checkTranscription(file: { bytes: Uint8Array; fileName?: string | null }, pageCount: number) {
  const name = file.fileName ? basename(file.fileName) : 'The transcription';
  const sidecar = parseSidecar(file.bytes, name);
  if (sidecar.pages.length > pageCount) {
    throw new AppError(
      422,
      'invalid_transcription',
      `${name} describes ${sidecar.pages.length} pages, but the scan has ${pageCount}. Send the transcription that belongs to this scan.`,
    );
  }
  return { format: sidecar.format, sha256: sha256Hex(file.bytes), lines: sidecar.pages.reduce((n, p) => n + p.lines.length, 0) };
}

/**
 * The collection an upload goes into, or null when it is to be created (the default collection,
 * or a new one named by someone allowed to create collections). A restricted collection takes
 * uploads from its members only; a name that is neither open to this user nor theirs to create
 * gets one answer, so uploads cannot be used to learn which restricted collections exist.
 */
export async function uploadTarget(db: Executor, user: SessionUser, name: string) {
  const found = await findCollectionForUser(db, user, name);
  if (found?.readable) {
    assertCan(user, 'document.upload', found.id); // the role in that collection
    return found;
  }
  if (!found && (name === defaultCollection || can(user, 'collection.manage'))) return null;
  throw new AppError(
    403,
    'collection_forbidden',
    `You may not upload into the collection “${name}”: it is restricted to its members, or it does not exist (administrators create collections).`,
  );
}

async function alreadyStored(deps: Pick<AppDeps, 'database'>, user: SessionUser, sha256: string): Promise<IngestResult | null> {
  const found = await findDocumentBySha(deps.database.db, user, sha256);
  if (!found) return null;
  if (!found.readable) {
    throw new AppError(409, 'duplicate_restricted', 'This file is already in the archive, in a collection you cannot read. Ask an administrator for access.');
  }
  return { documentId: found.id, created: false, sha256 };
}

function toUploadError(err: unknown): Error {
  if (err instanceof UnsupportedFileError) return new AppError(415, 'unsupported_type', err.message);
  if (err instanceof FileLimitError) return new AppError(413, 'file_limit', err.message);
  if (err instanceof CorruptFileError) return new AppError(422, 'corrupt_file', err.message);
  return err instanceof Error ? err : new Error(String(err));
}
