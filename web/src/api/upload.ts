// Uploads with byte progress: fetch cannot report how much of a request body has been sent,
// XMLHttpRequest can (upload.onprogress). Answers are typed from the routes as the typed
// client's are; failures become the same ApiError.
import { revalidate } from '@solidjs/router';
import type { InferResponseType } from 'hono/client';
import { ApiError, readError, type Api } from './client.ts';
import { getDocuments } from './documents.ts';

export type ArchiveImport = InferResponseType<Api['documents']['archive']['$post'], 200>;
export type ScanUpload = InferResponseType<Api['documents']['$post'], 200 | 201>;

export type UploadHandle<T> = { done: Promise<T>; abort(): void };

/** Posts `form` to `url`, calling `onSent(bytes, total)` as the body goes out. */
function postWithProgress<T>(url: string, form: FormData, onSent: (sent: number, total: number) => void): UploadHandle<T> {
  const xhr = new XMLHttpRequest();
  const done = new Promise<T>((resolve, reject) => {
    xhr.open('POST', url);
    xhr.responseType = 'text';
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => onSent(e.loaded, e.lengthComputable ? e.total : 0);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        void revalidate(getDocuments.key);
        resolve(body as T);
      } else void readError({ status: xhr.status, json: async () => body }).then(reject);
    };
    // Refused before an answer (the connection cut at a size limit, the server gone).
    xhr.onerror = () => reject(new ApiError(0, 'network', ''));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/** One scan (and the PAGE XML or ALTO transcription that came with it), as POST /api/documents takes it. */
export function uploadScan(
  input: { file: File; transcription?: File; title?: string; collection?: string },
  onSent: (sent: number, total: number) => void,
): UploadHandle<ScanUpload> {
  const form = new FormData();
  form.set('file', input.file);
  if (input.transcription) form.set('transcription', input.transcription);
  if (input.title?.trim()) form.set('title', input.title.trim());
  if (input.collection?.trim()) form.set('collection', input.collection.trim());
  return postWithProgress('/api/documents', form, onSent);
}

/** A ZIP of scans (with their transcriptions), as POST /api/documents/archive takes it. */
export function uploadArchive(input: { file: File; collection?: string }, onSent: (sent: number, total: number) => void): UploadHandle<ArchiveImport> {
  const form = new FormData();
  form.set('file', input.file);
  if (input.collection?.trim()) form.set('collection', input.collection.trim());
  return postWithProgress('/api/documents/archive', form, onSent);
}
