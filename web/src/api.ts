// All data access of the web app: keyed query functions (cached and revalidated by
// @solidjs/router), the mutations that invalidate them, and the OCR progress stream.
// Components never call fetch themselves.
//
// Types: written against the contract in ./contract.ts until api/app.ts exports AppType;
// then the transport below switches to `hc<AppType>('/')` and the types come from the routes.
import { query, revalidate } from '@solidjs/router';
import type {
  DocumentSummary,
  Page,
  Progress,
  Segment,
  SegmentVersion,
  User,
} from './contract.ts';

export type * from './contract.ts';

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

async function readError(res: Response): Promise<ApiError> {
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

async function request<T>(
  path: string,
  init: RequestInit = {},
  opts: { allow401?: boolean } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      credentials: 'same-origin',
      ...init,
      headers: { accept: 'application/json', ...(init.headers ?? {}) },
    });
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', '');
  }
  if (!res.ok) {
    const error = await readError(res);
    if (res.status === 401 && !opts.allow401) unauthorizedHandler?.();
    throw error;
  }
  return (await res.json()) as T;
}

function sendJson<T>(method: string, path: string, body: unknown, opts?: { allow401?: boolean }) {
  return request<T>(
    path,
    { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    opts,
  );
}

// ---------------------------------------------------------------- session

/** The signed-in user, or null when there is no session. */
export const getMe = query(async (): Promise<User | null> => {
  try {
    const { user } = await request<{ user: User }>('/api/auth/me', {}, { allow401: true });
    return user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}, 'me');

export async function login(email: string, password: string): Promise<User> {
  const { user } = await sendJson<{ user: User }>(
    'POST',
    '/api/auth/login',
    { email, password },
    { allow401: true },
  );
  query.clear();
  await revalidate(getMe.key);
  return user;
}

export async function logout(): Promise<void> {
  try {
    await sendJson('POST', '/api/auth/logout', {}, { allow401: true });
  } finally {
    query.clear();
    await revalidate(getMe.key);
  }
}

// ---------------------------------------------------------------- documents

export interface DocumentList {
  documents: DocumentSummary[];
  total: number;
}

export const getDocuments = query(
  (offset: number, limit: number): Promise<DocumentList> =>
    request(`/api/documents?limit=${limit}&offset=${offset}`),
  'documents',
);

export interface DocumentDetail {
  document: DocumentSummary;
  pages: Page[];
}

export const getDocument = query(
  (id: number): Promise<DocumentDetail> => request(`/api/documents/${id}`),
  'document',
);

export const getSegments = query(
  async (documentId: number): Promise<Segment[]> =>
    (await request<{ segments: Segment[] }>(`/api/documents/${documentId}/segments`)).segments,
  'segments',
);

export const getSegmentVersions = query(
  async (segmentId: number): Promise<SegmentVersion[]> =>
    (await request<{ versions: SegmentVersion[] }>(`/api/segments/${segmentId}/versions`))
      .versions,
  'segmentVersions',
);

export interface UploadInput {
  file: File;
  title?: string;
  collection?: string;
}

export interface UploadResult {
  document: DocumentSummary;
  /** false when the same bytes were uploaded before; `document` is then the existing one. */
  created: boolean;
  message?: string;
}

export async function uploadDocument(input: UploadInput): Promise<UploadResult> {
  const form = new FormData();
  form.set('file', input.file, input.file.name);
  if (input.title?.trim()) form.set('title', input.title.trim());
  if (input.collection?.trim()) form.set('collection', input.collection.trim());
  const result = await request<UploadResult>('/api/documents', { method: 'POST', body: form });
  await revalidate(getDocuments.key);
  return result;
}

// ---------------------------------------------------------------- segments

export interface SegmentChange {
  version: number;
  text?: string;
  translation?: string;
}

export type SaveResult =
  | { kind: 'saved'; segment: Segment }
  | { kind: 'conflict'; current: Segment; message: string };

/**
 * Saves a change made on top of `version`. A 409 is not an error here: it is returned as a
 * conflict with the server's current segment so the editor can let the user decide.
 */
export async function saveSegment(id: number, change: SegmentChange): Promise<SaveResult> {
  try {
    const { segment } = await sendJson<{ segment: Segment }>('PATCH', `/api/segments/${id}`, change);
    return { kind: 'saved', segment };
  } catch (err) {
    if (err instanceof ApiError && err.status === 409) {
      const body = err.body as { current?: Segment } | undefined;
      if (body?.current) return { kind: 'conflict', current: body.current, message: err.message };
    }
    throw err;
  }
}

// ---------------------------------------------------------------- OCR progress

export function isOcrActive(status: DocumentSummary['status']): boolean {
  return status === 'ocr_pending' || status === 'ocr_running';
}

/**
 * Reads the document's progress event stream until the server ends it (OCR finished) or
 * `signal` aborts. Uses fetch rather than EventSource: EventSource reconnects by itself
 * after the server closes a finished stream, and cannot be told the stream is done.
 */
export async function streamProgress(
  documentId: number,
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
): Promise<void> {
  const res = await fetch(`/api/documents/${documentId}/progress`, {
    credentials: 'same-origin',
    headers: { accept: 'text/event-stream' },
    signal,
  });
  if (!res.ok || !res.body) throw await readError(res);
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

/** Refetch what OCR progress changes. */
export function revalidateDocument(documentId: number) {
  return revalidate([getDocuments.key, getDocument.keyFor(documentId), getSegments.keyFor(documentId)]);
}
