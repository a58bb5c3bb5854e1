// Review: the notes on a document, approving or returning lines and pages, submitting for review.
import { query, revalidate } from '@solidjs/router';
import type { InferResponseType } from 'hono/client';
import { client, ok, type Api } from './client.ts';
import { getDocument, getDocuments } from './documents.ts';
import { getSegments } from './segments.ts';

export type ReviewState = InferResponseType<Api['review']['documents'][':id']['$get'], 200>;
export type ReviewNoteRecord = ReviewState['notes'][number];

export const getReviewState = query(
  async (documentId: number): Promise<ReviewState> =>
    (await ok(client.api.review.documents[':id'].$get({ param: { id: documentId } }))).json(),
  'reviewState',
);

function afterReview(documentId: number) {
  return revalidate([getReviewState.keyFor(documentId), getSegments.keyFor(documentId), getDocument.keyFor(documentId), getDocuments.key]);
}

/** Approve or return one line (a return needs a comment), at the version the reviewer saw. */
export async function decideLine(
  documentId: number,
  segmentId: number,
  input: { action: 'approve' | 'return'; version: number; comment?: string },
): Promise<void> {
  await ok(client.api.review.segments[':id'].$post({ param: { id: segmentId }, json: input }));
  await afterReview(documentId);
}

/** Approve every line of a page, or return the page with a comment. */
export async function decidePage(
  documentId: number,
  pageId: number,
  input: { action: 'approve' | 'return'; comment?: string },
): Promise<void> {
  await ok(client.api.review.pages[':id'].$post({ param: { id: pageId }, json: input }));
  await afterReview(documentId);
}

/** Send a document in progress to review. */
export async function submitForReview(documentId: number): Promise<void> {
  await ok(client.api.review.documents[':id'].submit.$post({ param: { id: documentId } }));
  await afterReview(documentId);
}
