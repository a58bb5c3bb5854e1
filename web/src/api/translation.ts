// Translation assistance: the memory's suggestion for a line (score, origin, word diff), the
// termbase entries found in it, its QA issues, and pre-translation of a document.
import type { InferResponseType } from 'hono/client';
import { client, ok, readError, type Api } from './client.ts';

export type LineAssist = InferResponseType<Api['segments'][':id']['translation-suggestion']['$get'], 200>;
export type TranslationSuggestion = NonNullable<LineAssist['suggestion']>;
export type QaIssue = InferResponseType<Api['segments'][':id']['qa']['$get'], 200>['issues'][number];
export type PretranslationJob = InferResponseType<Api['translation']['jobs'][':id']['$get'], 200>['job'];

export async function getLineAssist(segmentId: number): Promise<LineAssist> {
  return (await ok(client.api.segments[':id']['translation-suggestion'].$get({ param: { id: segmentId } }))).json();
}

export async function getLineQa(segmentId: number): Promise<QaIssue[]> {
  return (await (await ok(client.api.segments[':id'].qa.$get({ param: { id: segmentId } }))).json()).issues;
}

export async function pretranslateDocument(documentId: number, minScore = 70): Promise<PretranslationJob> {
  return (await (await ok(client.api.translation.pretranslate.$post({ json: { documentId, minScore } }))).json()).job;
}

export async function getPretranslationJob(id: number): Promise<PretranslationJob> {
  return (await (await ok(client.api.translation.jobs[':id'].$get({ param: { id } }))).json()).job;
}

export type XliffReport = InferResponseType<Api['documents'][':id']['xliff']['$post'], 200>;

/** Brings back an XLIFF file: what was saved, and the lines in conflict (never overwritten). */
export async function importXliff(documentId: number, file: File): Promise<XliffReport> {
  // The route takes the file as multipart or raw XML; the RPC client has no typed form for it.
  const body = new FormData();
  body.set('file', file);
  const res = await fetch(xliffUrl(documentId), { method: 'POST', body, credentials: 'same-origin' });
  if (!res.ok) throw await readError(res);
  return (await res.json()) as XliffReport;
}

export const xliffUrl = (documentId: number) => `/api/documents/${documentId}/xliff`;
