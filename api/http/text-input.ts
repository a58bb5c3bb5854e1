import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context';
import { AppError } from '../lib/errors';

/**
 * PostgreSQL cannot store U+0000 in text or jsonb: a NUL that reached the database was a 500.
 * Nothing in an archive's text needs it, so it is refused where requests come in.
 */
export const nulRefused = () =>
  new AppError(400, 'invalid_text', 'The request contains a NUL character (U+0000), which no text, name, email or search may hold.');

export const hasNul = (s: string) => s.includes('\u0000');

function anyNul(value: unknown): boolean {
  if (typeof value === 'string') return hasNul(value);
  if (Array.isArray(value)) return value.some(anyNul);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => hasNul(k) || anyNul(v));
  return false;
}

/** Longest URL answered; longer ones are refused with 414 (Node refuses headers over 16 KB itself, see api/http/node-server.ts). */
export const maxUrlLength = 8 * 1024;

const jsonType = /^application\/([\w.-]+\+)?json\b/i;

/**
 * Refuses NUL characters in the URL (path and query, also percent-encoded) and in JSON bodies
 * (any string or key), and over-long URLs. The JSON body is parsed here once (Hono keeps the
 * text for the route's validator); a body that does not parse is left for the validator to
 * explain. Multipart fields are checked where uploads are received.
 */
export const refuseUnstorableText: MiddlewareHandler<AppEnv> = async (c, next) => {
  const url = c.req.url;
  if (url.length > maxUrlLength) {
    throw new AppError(414, 'uri_too_long', `The address is longer than ${maxUrlLength} characters. Send long queries in fewer words.`);
  }
  if (/%00|\u0000/i.test(url)) throw nulRefused();
  if (c.req.raw.body && jsonType.test(c.req.header('content-type') ?? '')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await c.req.text());
    } catch {
      const refusal = c.get('bodyRefusal');
      if (refusal) throw refusal;
      return next(); // malformed: the route's validator explains
    }
    if (anyNul(parsed)) throw nulRefused();
  }
  await next();
};
