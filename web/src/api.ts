// All data access of the web app: keyed query functions (cached and revalidated by
// @solidjs/router), the mutations that invalidate them, and the OCR progress stream.
// Components never call fetch themselves.
//
// Types come from the API's route definitions through Hono RPC (`hc<AppType>`); nothing
// here restates a response shape by hand.
import { query, revalidate } from '@solidjs/router';
import { hc, type InferRequestType, type InferResponseType } from 'hono/client';
import type { AppType } from '../../api/app';

const client = hc<AppType>('/');
type Api = typeof client.api;

export type User = InferResponseType<Api['auth']['me']['$get'], 200>['user'];
export type Role = User['role'];
export type DocumentList = InferResponseType<Api['documents']['$get'], 200>;
export type DocumentSummary = DocumentList['documents'][number];
export type DocumentStatus = DocumentSummary['status'];
export type DocumentDetail = InferResponseType<Api['documents'][':id']['$get'], 200>;
export type Page = DocumentDetail['pages'][number];
export type PageOcrStatus = Page['ocrStatus'];
export type Segment = InferResponseType<
  Api['documents'][':id']['segments']['$get'],
  200
>['segments'][number];
export type SegmentStatus = Segment['status'];
export type Box = Segment['box'];
export type Word = Segment['words'][number];
export type SegmentVersion = InferResponseType<
  Api['segments'][':id']['versions']['$get'],
  200
>['versions'][number];
export type SegmentChange = InferRequestType<Api['segments'][':id']['$patch']>['json'];
export type UploadResult = InferResponseType<Api['documents']['$post'], 200 | 201>;
/** One event of GET /api/documents/:id/progress (the stream itself is untyped text). */
export type Progress = Pick<DocumentSummary, 'pageCount' | 'pagesDone' | 'pagesFailed' | 'status'>;

/** A failed request, carrying the server's human message when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let unauthorizedHandler: (() => void) | undefined;
/** Called when a request (other than `me`/`login`) finds the session gone. */
export function onUnauthorized(fn: () => void) {
  unauthorizedHandler = fn;
}

async function readError(res: { status: number; json(): Promise<unknown> }): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const b = (body ?? {}) as { error?: unknown; message?: unknown };
  const code = typeof b.error === 'string' ? b.error : `http_${res.status}`;
  // An empty message lets the UI fall back to a translated generic text.
  const message = typeof b.message === 'string' ? b.message : '';
  return new ApiError(res.status, code, message, body);
}

/**
 * Awaits a client call and narrows it to its successful responses; anything else becomes an
 * ApiError (status 0 when the server could not be reached).
 */
async function ok<R extends { ok: boolean; status: number; json(): Promise<unknown> }>(
  pending: Promise<R>,
  opts: { allow401?: boolean } = {},
): Promise<Extract<R, { ok: true }>> {
  let res: R;
  try {
    res = await pending;
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', '');
  }
  if (!res.ok) {
    const error = await readError(res);
    if (res.status === 401 && !opts.allow401) unauthorizedHandler?.();
    throw error;
  }
  return res as Extract<R, { ok: true }>;
}

// ---------------------------------------------------------------- session

/** The signed-in user, or null when there is no session. */
export const getMe = query(async (): Promise<User | null> => {
  try {
    const res = await ok(client.api.auth.me.$get(), { allow401: true });
    return (await res.json()).user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}, 'me');

export async function login(email: string, password: string): Promise<User> {
  const res = await ok(client.api.auth.login.$post({ json: { email, password } }), {
    allow401: true,
  });
  const { user } = await res.json();
  // Everything cached belonged to no one (or someone else): refetch all of it. Not
  // query.clear(), which would also drop the entries live components are subscribed to.
  await revalidate();
  return user;
}

export async function logout(): Promise<void> {
  try {
    await ok(client.api.auth.logout.$post(), { allow401: true });
  } finally {
    await revalidate(getMe.key);
  }
}

// ---------------------------------------------------------------- documents

export const getDocuments = query(
  async (offset: number, limit: number): Promise<DocumentList> =>
    (await ok(client.api.documents.$get({ query: { limit, offset } }))).json(),
  'documents',
);

export const getDocument = query(
  async (id: number): Promise<DocumentDetail> =>
    (await ok(client.api.documents[':id'].$get({ param: { id } }))).json(),
  'document',
);

export const getSegments = query(
  async (documentId: number): Promise<Segment[]> =>
    (await (await ok(client.api.documents[':id'].segments.$get({ param: { id: documentId } }))).json())
      .segments,
  'segments',
);

export const getSegmentVersions = query(
  async (segmentId: number): Promise<SegmentVersion[]> =>
    (await (await ok(client.api.segments[':id'].versions.$get({ param: { id: segmentId } }))).json())
      .versions,
  'segmentVersions',
);

export interface UploadInput {
  file: File;
  title?: string;
  collection?: string;
}

/** `created: false` means the same bytes were uploaded before; `document` is the existing one. */
export async function uploadDocument(input: UploadInput): Promise<UploadResult> {
  const form: { file: File; title?: string; collection?: string } = { file: input.file };
  if (input.title?.trim()) form.title = input.title.trim();
  if (input.collection?.trim()) form.collection = input.collection.trim();
  const result = await (await ok(client.api.documents.$post({ form }))).json();
  await revalidate(getDocuments.key);
  return result;
}

// ---------------------------------------------------------------- segments

export type SaveResult =
  | { kind: 'saved'; segment: Segment }
  | { kind: 'conflict'; current: Segment; message: string };

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

// ---------------------------------------------------------------- OCR progress

export function isOcrActive(status: DocumentStatus): boolean {
  return status === 'ocr_pending' || status === 'ocr_running';
}

/**
 * Reads the document's progress event stream until the server ends it (OCR finished) or
 * `signal` aborts. Read with fetch rather than EventSource: EventSource reconnects by itself
 * after the server closes a finished stream and cannot be told the stream is done.
 */
export async function streamProgress(
  documentId: number,
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
): Promise<void> {
  // The route streams text, so its RPC response type is opaque: read it as a plain Response.
  const res = (await client.api.documents[':id'].progress.$get(
    { param: { id: documentId } },
    { init: { signal }, headers: { accept: 'text/event-stream' } },
  )) as unknown as Response;
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
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const data = event
        .split(/\r?\n/)
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).replace(/^ /, ''))
        .join('\n');
      if (!data) continue;
      try {
        onProgress(JSON.parse(data) as Progress);
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
  return revalidate([
    getDocuments.key,
    getDocument.keyFor(documentId),
    getSegments.keyFor(documentId),
  ]);
}
