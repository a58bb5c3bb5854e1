// Lines (segments): fetching a document's lines and their history, saving a change (a stale
// version comes back as a conflict, not an error), split, merge, delete, restore, add.
import { query, revalidate } from '@solidjs/router';
import type { InferRequestType, InferResponseType } from 'hono/client';
import { ApiError, client, ok, type Api } from './client.ts';
import { getDocument, getDocuments } from './documents.ts';

export type Segment = InferResponseType<Api['documents'][':id']['segments']['$get'], 200>['segments'][number];
export type SegmentStatus = Segment['status'];
export type Box = Segment['box'];
export type Word = Segment['words'][number];
export type SegmentVersion = InferResponseType<Api['segments'][':id']['versions']['$get'], 200>['versions'][number];
export type SegmentChange = InferRequestType<Api['segments'][':id']['$patch']>['json'];

export const getSegments = query(
  async (documentId: number): Promise<Segment[]> =>
    (await (await ok(client.api.documents[':id'].segments.$get({ param: { id: documentId } }))).json()).segments,
  'segments',
);

export const getSegmentVersions = query(
  async (segmentId: number): Promise<SegmentVersion[]> =>
    (await (await ok(client.api.segments[':id'].versions.$get({ param: { id: segmentId } }))).json()).versions,
  'segmentVersions',
);

/** One line as the server has it now, never from a cache (someone else saved it). */
export async function fetchSegment(segmentId: number): Promise<Segment> {
  return (await (await ok(client.api.segments[':id'].$get({ param: { id: segmentId } }))).json()).segment;
}

/** A line's history, always from the server (it changes with every save). */
export async function getSegmentVersionsFresh(segmentId: number): Promise<SegmentVersion[]> {
  return (await (await ok(client.api.segments[':id'].versions.$get({ param: { id: segmentId } }))).json()).versions;
}

export type SaveResult = { kind: 'saved'; segment: Segment } | { kind: 'conflict'; current: Segment; message: string };

/**
 * Saves a change made on top of `change.version`. A 409 is not an error here: it is returned
 * as a conflict with the server's current segment so the editor can let the user decide.
 */
export async function saveSegment(id: number, change: SegmentChange): Promise<SaveResult> {
  let res;
  try {
    res = await client.api.segments[':id'].$patch({ param: { id }, json: change });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (res.status === 409) {
    const body = await res.json();
    return { kind: 'conflict', current: body.current, message: body.message };
  }
  const { segment } = await (await ok(Promise.resolve(res))).json();
  return { kind: 'saved', segment };
}

/** Sets a line's status (accept a line: corrected / translated; mark it reviewed). */
export function setSegmentStatus(id: number, version: number, status: NonNullable<SegmentChange['status']>) {
  return saveSegment(id, { version, status });
}

/** Split a line at UTF-16 offsets of its text (and translation); returns both halves. */
export async function splitSegment(
  id: number,
  input: { version: number; textOffset: number; translationOffset?: number },
): Promise<{ first: Segment; second: Segment }> {
  return (await ok(client.api.segments[':id'].split.$post({ param: { id }, json: input }))).json();
}

/** Join a line with the next one; the next is deleted (kept in history). */
export async function mergeSegments(id: number, input: { version: number; nextId: number; nextVersion: number }): Promise<Segment> {
  return (await (await ok(client.api.segments[':id'].merge.$post({ param: { id }, json: input }))).json()).segment;
}

/** Delete a line; its history stays and it can be restored. */
export async function deleteSegment(id: number, version: number): Promise<Segment> {
  return (await (await ok(client.api.segments[':id'].$delete({ param: { id }, query: { version } }))).json()).segment;
}

/** Restore an earlier version's text and translation as a new version. */
export async function restoreSegment(id: number, version: number, restore: number): Promise<Segment> {
  return (await (await ok(client.api.segments[':id'].restore.$post({ param: { id }, json: { version, restore } }))).json()).segment;
}

/** Add a line the OCR missed, by its box on the scan (page pixels). */
export async function addSegment(pageId: number, input: { box: Box; text?: string; translation?: string }): Promise<Segment> {
  return (await (await ok(client.api.pages[':id'].segments.$post({ param: { id: pageId }, json: input }))).json()).segment;
}

/** Mark a page as a photograph of a person (blurred until revealed), or unmark it. */
export async function setPageSensitive(documentId: number, pageId: number, sensitive: boolean) {
  await ok(client.api.pages[':id'].$patch({ param: { id: pageId }, json: { sensitive } }));
  await revalidate(getDocument.keyFor(documentId));
}

/** After a structural change (split, merge, delete, add, restore): refetch the lines. */
export function revalidateSegments(documentId: number) {
  return revalidate([getSegments.keyFor(documentId), getDocuments.key]);
}
