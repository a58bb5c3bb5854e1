import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context';
import { AppError } from '../lib/errors';

/** JSON and other small bodies; uploads (multipart) have their own limit, MAX_UPLOAD_MB. */
export const maxJsonBytes = 1024 * 1024;
/** Room for the multipart boundaries and the small text fields around an uploaded file. */
export const formOverheadBytes = 64 * 1024;

/** Routes that take less than the default: sign-in is open to anyone, so it takes only what an email and a password need. */
const smallerLimits: Array<[method: string, path: string, bytes: number]> = [['POST', '/api/auth/login', 8 * 1024]];

export const bodyTooLarge = (limit: number) =>
  new AppError(
    413,
    'too_large',
    limit >= 1024 * 1024
      ? `The request body is larger than the limit of ${Math.round(limit / 1048576)} MB.`
      : `The request body is larger than the limit of ${Math.ceil(limit / 1024)} KB.`,
  );

/** The answer to a file over MAX_UPLOAD_MB, whether its declared length or its bytes tell. */
export const uploadTooLarge = (maxBytes: number) =>
  new AppError(
    413,
    'too_large',
    `The file is larger than the limit of ${Math.round(maxBytes / 1048576)} MB. Split it, or ask an administrator to raise MAX_UPLOAD_MB.`,
  );

function limitFor(c: Context<AppEnv>): { bytes: number; refusal: () => AppError } {
  const type = c.req.header('content-type')?.toLowerCase() ?? '';
  const maxUpload = c.var.deps.config.maxUploadBytes;
  if (type.startsWith('multipart/form-data')) return { bytes: maxUpload + formOverheadBytes, refusal: () => uploadTooLarge(maxUpload) };
  const special = smallerLimits.find(([method, path]) => method === c.req.method && path === c.req.path);
  const bytes = special ? special[2] : maxJsonBytes;
  return { bytes, refusal: () => bodyTooLarge(bytes) };
}

/**
 * Every request body is limited before it is read (the issue: twelve 150 MB sign-in bodies took
 * the server to 2.6 GB). A declared Content-Length over the limit is refused at once; a body sent
 * without one (chunked) is counted as it is read and cut off at the limit, so nothing ever holds
 * more than the limit in memory. Uploads stream to disk (api/documents/receive-upload.ts) within
 * the same limit. Hono's own bodyLimit is not used: it reads the whole body first.
 *
 * A body cut off mid-parse reaches the JSON parser as an error; the context remembers why, so
 * the answer is 413 and not "malformed JSON" (see `answerForError` in api/app.ts).
 */
export const limitRequestBodies: MiddlewareHandler<AppEnv> = async (c, next) => {
  const body = c.req.raw.body;
  if (!body) return next();
  const { bytes: limit, refusal } = limitFor(c);
  const declared = c.req.header('content-length');
  if (declared !== undefined && !c.req.header('transfer-encoding')) {
    // Node ends the body at the declared length: the declaration is the size.
    if (Number(declared) > limit) throw refusal();
    return next();
  }
  let seen = 0;
  const counted = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen <= limit) return controller.enqueue(chunk);
        const error = refusal();
        c.set('bodyRefusal', error);
        controller.error(error);
      },
    }),
  );
  c.req.raw = new Request(c.req.raw, { body: counted, duplex: 'half' } as RequestInit);
  await next();
};
