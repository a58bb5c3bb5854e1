// Certification and custody: certifying, the certified PDF, the chain of custody, the review
// queue, and the public verification of a file's SHA-256.
import { query, revalidate } from '@solidjs/router';
import type { InferRequestType, InferResponseType } from 'hono/client';
import { ApiError, client, ok, type Api } from './client.ts';
import { getDocument, getDocuments } from './documents.ts';

export type Certification = InferResponseType<Api['documents'][':id']['certifications']['$get'], 200>['certifications'][number];
// The route answers JSON or CSV; the JSON shape is the one with events.
export type Custody = Extract<InferResponseType<Api['documents'][':id']['custody']['$get'], 200>, { events: unknown }>;
export type CustodyEvent = Custody['events'][number];
export type Verification = InferResponseType<Api['verify'][':sha256']['$get'], 200>;
export type ReviewQueue = InferResponseType<Api['review']['queue']['$get'], 200>;
export type CertifyInput = InferRequestType<Api['documents'][':id']['certify']['$post']>['json'];
/** A line that keeps a document from being certified (from a refused certification). */
export type UnreviewedLine = { segmentId: number; pageNo: number; lineNo: number; status: string };

export const getCertifications = query(
  async (documentId: number): Promise<Certification[]> =>
    (await (await ok(client.api.documents[':id'].certifications.$get({ param: { id: documentId } }))).json()).certifications,
  'certifications',
);

export type CertificationPreview = InferResponseType<Api['documents'][':id']['certify']['preview']['$get'], 200>;

/** The declaration exactly as the server's template would print it now (nothing is stored). */
export const getCertificationPreview = query(
  async (documentId: number, place: string, credential: string): Promise<CertificationPreview> =>
    (
      await ok(
        client.api.documents[':id'].certify.preview.$get({
          param: { id: documentId },
          query: { place, ...(credential ? { credential } : {}) },
        }),
      )
    ).json(),
  'certificationPreview',
);

export type CertifyResult =
  { kind: 'certified'; certification: Certification } | { kind: 'unreviewed'; message: string; unreviewed: UnreviewedLine[] };

/** Certify the document as it is now; a refusal because of unreviewed lines lists them. */
export async function certifyDocument(documentId: number, input: CertifyInput): Promise<CertifyResult> {
  try {
    const { certification } = await (
      await ok(client.api.documents[':id'].certify.$post({ param: { id: documentId }, json: input }))
    ).json();
    await revalidate([getCertifications.keyFor(documentId), getDocument.keyFor(documentId), getDocuments.key]);
    return { kind: 'certified', certification };
  } catch (err) {
    if (err instanceof ApiError && err.code === 'unreviewed_lines') {
      const body = err.body as { unreviewed?: UnreviewedLine[] };
      return { kind: 'unreviewed', message: err.message, unreviewed: body.unreviewed ?? [] };
    }
    throw err;
  }
}

/** Where the browser downloads a certified PDF exactly as issued (newest, or one certification). */
export function certifiedPdfUrl(documentId: number, certificationId?: number): string {
  return `/api/documents/${documentId}/certified.pdf${certificationId ? `?certification=${certificationId}` : ''}`;
}

export const getCustody = query(
  async (documentId: number): Promise<Custody> =>
    (await ok(client.api.documents[':id'].custody.$get({ param: { id: documentId }, query: {} }))).json() as Promise<Custody>,
  'custody',
);

export function custodyCsvUrl(documentId: number): string {
  return `/api/documents/${documentId}/custody?format=csv`;
}

export const getReviewQueue = query(async (): Promise<ReviewQueue> => (await ok(client.api.review.queue.$get())).json(), 'reviewQueue');

/** Public: whether a SHA-256 matches a certification (no session needed). */
export const getVerification = query(
  async (sha256: string): Promise<Verification> =>
    (await ok(client.api.verify[':sha256'].$get({ param: { sha256 } }), { allow401: true })).json(),
  'verification',
);
