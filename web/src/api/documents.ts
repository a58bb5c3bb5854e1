// Documents: the list, one document with its pages, the OCR progress stream, and the stream of
// who else has a document open and the lines they save (uploads: upload.ts).
import { query, revalidate } from '@solidjs/router';
import type { InferRequestType, InferResponseType } from 'hono/client';
import { ApiError, client, ok, readError, type Api } from './client.ts';
import { getSegments } from './segments.ts';

export type DocumentList = InferResponseType<Api['documents']['$get'], 200>;
export type DocumentSummary = DocumentList['documents'][number];
export type DocumentStatus = DocumentSummary['status'];
export type DocumentDetail = InferResponseType<Api['documents'][':id']['$get'], 200>;
export type Page = DocumentDetail['pages'][number];
export type PageOcrStatus = Page['ocrStatus'];
/** One event of GET /api/documents/:id/progress (the stream itself is untyped text). */
export type Progress = Pick<DocumentSummary, 'pageCount' | 'pagesDone' | 'pagesFailed' | 'status'>;

/** GET /api/documents's query as sent: every value a string (search, filters, sort, page). */
export type DocumentListParams = InferRequestType<Api['documents']['$get']>['query'];
export type DocumentFilterOptions = InferResponseType<Api['documents']['filters']['$get'], 200>;

export const getDocuments = query(
  async (params: DocumentListParams): Promise<DocumentList> => (await ok(client.api.documents.$get({ query: params }))).json(),
  'documents',
);

/** The collections, uploaders and statuses the list can be filtered by (those the user may read). */
export const getDocumentFilters = query(
  async (): Promise<DocumentFilterOptions> => (await ok(client.api.documents.filters.$get())).json(),
  'documentFilters',
);

export const getDocument = query(
  async (id: number): Promise<DocumentDetail> => (await ok(client.api.documents[':id'].$get({ param: { id } }))).json(),
  'document',
);

/** The document's OCR progress, asked afresh (not from the query cache): for following an upload's pages. */
export async function fetchOcrProgress(id: number): Promise<Progress> {
  const { document: d } = await (await ok(client.api.documents[':id'].$get({ param: { id } }))).json();
  return { pageCount: d.pageCount, pagesDone: d.pagesDone, pagesFailed: d.pagesFailed, status: d.status };
}

export function isOcrActive(status: DocumentStatus): boolean {
  return status === 'ocr_pending' || status === 'ocr_running';
}

/**
 * Reads the document's progress event stream until the server ends it (OCR finished) or
 * `signal` aborts. Read with fetch rather than EventSource: EventSource reconnects by itself
 * after the server closes a finished stream and cannot be told the stream is done.
 */
export async function streamProgress(documentId: number, onProgress: (p: Progress) => void, signal: AbortSignal): Promise<void> {
  // The route streams text, so its RPC response type is opaque: read it as a plain Response.
  const res = (await client.api.documents[':id'].progress.$get(
    { param: { id: documentId } },
    { init: { signal }, headers: { accept: 'text/event-stream' } },
  )) as unknown as Response;
  await readEventStream(res, (_event, data) => onProgress(data as Progress));
}

/** Someone who has a document open, and the line they are on (POST /api/documents/:id/presence). */
export type PresentPerson = InferResponseType<Api['documents'][':id']['presence']['$post'], 200>['people'][number];
/** The `presence` event of a document's stream: who is there after someone came, left or moved. */
export interface PresenceEvent {
  change: 'join' | 'leave' | 'focus' | 'expired';
  userId: number;
  people: PresentPerson[];
}
/** The `segment` event: a line saved by `userId` (its text is fetched: GET /api/segments/:id). */
export interface SegmentSaved {
  documentId: number;
  pageId: number;
  segmentId: number;
  version: number;
  operation: 'edit' | 'suggest' | 'split' | 'merge' | 'create' | 'delete' | 'restore';
  userId: number;
}

/** The `document` event: the document's status changed, by `userId` (the document itself is fetched again). */
export interface DocumentStatusChanged {
  documentId: number;
  status: DocumentStatus;
  from: DocumentStatus;
  userId: number;
}

/**
 * Follows the document's event stream (GET /api/documents/:id/events) until the server ends it
 * (this client stopped saying it is there, or the server stops) or `signal` aborts; throws an
 * ApiError when it is refused. The stream ends by itself only then: the caller opens it again.
 */
export async function followDocumentEvents(
  documentId: number,
  on: { presence(e: PresenceEvent): void; segment(e: SegmentSaved): void; document(e: DocumentStatusChanged): void },
  signal: AbortSignal,
): Promise<void> {
  let res: Response;
  try {
    res = (await client.api.documents[':id'].events.$get(
      { param: { id: documentId } },
      { init: { signal }, headers: { accept: 'text/event-stream' } },
    )) as unknown as Response;
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', '');
  }
  await readEventStream(res, (event, data) => {
    if (event === 'presence') on.presence(data as PresenceEvent);
    else if (event === 'segment') on.segment(data as SegmentSaved);
    else if (event === 'document') on.document(data as DocumentStatusChanged);
  });
}

/** Tells the server this user is still in the document, on this line (null: none). */
export async function sayPresent(documentId: number, segmentId: number | null): Promise<PresentPerson[]> {
  return (await (await ok(client.api.documents[':id'].presence.$post({ param: { id: documentId }, json: { segmentId } }))).json()).people;
}

/** Reads a server-sent event stream to its end: each event's name (`message` without one) and its JSON data. */
async function readEventStream(res: Response, onEvent: (event: string, data: unknown) => void): Promise<void> {
  if (!res.ok) throw await readError(res);
  if (!res.body) return;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end).split(/\r?\n/);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const event = block.find((l) => l.startsWith('event:'))?.slice(6).trim() || 'message';
      const data = block
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).replace(/^ /, ''))
        .join('\n');
      if (!data) continue; // a comment (keep-alive)
      try {
        onEvent(event, JSON.parse(data));
      } catch {
        // A malformed event is skipped; the next one carries the full state again.
      }
    }
  }
}

/** Refetch a document's pages and lines (a page's OCR finished while it is open). */
export function revalidatePages(documentId: number) {
  return revalidate([getDocument.keyFor(documentId), getSegments.keyFor(documentId)]);
}

/** Refetch what OCR progress changes. */
export function revalidateDocument(documentId: number) {
  return revalidate([getDocuments.key, getDocument.keyFor(documentId), getSegments.keyFor(documentId)]);
}

/** The formats a document exports to (GET /api/documents/:id/export?format=…). */
export const exportFormats = ['page', 'alto', 'tei', 'docx', 'txt', 'json'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** Where a document's export downloads from (a link; the browser sends the session cookie). */
export function exportUrl(documentId: number, format: ExportFormat): string {
  return `/api/documents/${documentId}/export?format=${format}`;
}
