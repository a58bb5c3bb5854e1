import { randomUUID } from 'node:crypto';
import { createWriteStream, openAsBlob } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context';
import { formOverheadBytes, uploadTooLarge } from '../http/body-limit';
import { hasNul, nulRefused } from '../http/text-input';
import { AppError } from '../lib/errors';

/** A transcription (PAGE XML or ALTO) sent with a scan; the two together stay within MAX_UPLOAD_MB. */
export const maxTranscriptionBytes = 32 * 1024 * 1024;
/** The scan and, optionally, its transcription. */
const maxFiles = 2;

/**
 * Streams a multipart upload to a temporary file under DATA_DIR/tmp as it arrives, instead of
 * holding the request body in memory (once as the raw body, once as the parsed form, once more
 * as the file's bytes). The form the route's validator and handler see is the same, its file
 * backed by the temporary file, which is removed when the request is done. A file over the
 * limit (MAX_UPLOAD_MB) stops the transfer with 413; nothing is kept. Up to two files: a scan
 * and the transcription that came with it.
 */
export const receiveUpload = createMiddleware<AppEnv>(async (c, next) => {
  const maxBytes = c.var.deps.config.maxUploadBytes;
  // A declared length over the limit is refused before a byte is read. (Hono's bodyLimit would
  // hold a body without a declared length in memory up to the limit; this one is streamed.)
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (!c.req.header('transfer-encoding') && declared > maxBytes + formOverheadBytes) throw uploadTooLarge(maxBytes);
  const contentType = c.req.header('content-type') ?? '';
  const body = c.req.raw.body;
  if (!contentType.toLowerCase().startsWith('multipart/form-data') || !body) return next(); // the validator explains what is expected
  const dir = join(c.var.deps.config.dataDir, 'tmp');
  await mkdir(dir, { recursive: true });
  const base = join(dir, `upload-${randomUUID()}`);
  const paths = Array.from({ length: maxFiles }, (_, i) => `${base}-${i}`);
  try {
    const form = await streamForm(Readable.fromWeb(body as WebReadableStream<Uint8Array>), contentType, paths, maxBytes);
    // Hono's own body cache: the form validator and `c.req.formData()` read this form, not the spent stream.
    c.req.bodyCache.formData = form;
    await next();
  } finally {
    await Promise.all(paths.map((p) => rm(p, { force: true })));
  }
});

async function streamForm(source: Readable, contentType: string, paths: string[], maxBytes: number): Promise<FormData> {
  let parser: busboy.Busboy;
  try {
    // File names are UTF-8 (busboy's default for them is Latin-1, which turns an Arabic name into mojibake).
    parser = busboy({ headers: { 'content-type': contentType }, defParamCharset: 'utf8', limits: { files: paths.length, fileSize: maxBytes, fields: 20, fieldSize: 10_000 } });
  } catch {
    throw new AppError(400, 'bad_request', 'The upload is not valid multipart/form-data (no boundary).');
  }
  const form = new FormData();
  const received: Array<{ field: string; name: string; path: string; stream: Readable; written: Promise<void> }> = [];
  let overLimit = false;
  let nul = false;
  parser.on('field', (name, value) => {
    nul ||= hasNul(name) || hasNul(value);
    form.append(name, value);
  });
  parser.on('file', (field, stream, info) => {
    nul ||= hasNul(info.filename ?? '');
    const path = paths[received.length];
    if (!path) return stream.resume(); // over the file count: busboy stops here anyway
    stream.on('limit', () => {
      overLimit = true;
      source.destroy();
    });
    const written = pipeline(stream, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    written.catch(() => {}); // settled below; a failure there is the answer, not a crash
    received.push({ field, name: info.filename ?? 'upload', path, stream, written });
  });
  try {
    await pipeline(source, parser);
    await Promise.all(received.map((f) => f.written));
  } catch (err) {
    // Stop writing and close the temporary files before they are removed.
    for (const f of received) f.stream.destroy();
    await Promise.all(received.map((f) => f.written.catch(() => {})));
    if (overLimit) throw uploadTooLarge(maxBytes);
    if (err instanceof AppError) throw err;
    // A body cut short, or bytes that are not multipart.
    throw new AppError(400, 'bad_request', 'The upload could not be read as multipart/form-data. Send the scan again.');
  }
  if (overLimit) throw uploadTooLarge(maxBytes);
  if (nul) throw nulRefused();
  for (const f of received) form.append(f.field, new File([await openAsBlob(f.path)], f.name));
  return form;
}

/**
 * Removes temporary upload files a crashed process left behind. Only old ones: another API
 * process sharing DATA_DIR may be receiving an upload right now.
 */
export async function sweepStaleUploads(dataDir: string, olderThanMs = 24 * 60 * 60 * 1000) {
  const dir = join(dataDir, 'tmp');
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.startsWith('upload-'))) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info && Date.now() - info.mtimeMs > olderThanMs) await rm(path, { force: true });
  }
}
