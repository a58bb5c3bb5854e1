import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context';
import { AppError } from '../lib/errors';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The host the browser addressed: the Host header, or behind a trusted proxy the forwarded one. */
function addressedHost(c: Context<AppEnv>): string | undefined {
  if (c.var.deps.config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.toLowerCase();
  }
  return c.req.header('host')?.toLowerCase();
}

function sameOrigin(c: Context<AppEnv>, origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes the opaque "null" of sandboxed frames and file: pages
  }
  if (url.host === addressedHost(c)) return true;
  const publicUrl = c.var.deps.config.publicUrl;
  return Boolean(publicUrl) && url.origin === new URL(publicUrl!).origin;
}

/**
 * Cross-site request forgery: a page elsewhere must not be able to make a signed-in browser
 * change anything. The session cookie is SameSite=Strict already; on top of that, every unsafe
 * request that may carry the cookie must come from this site, as the browser says in `Origin`
 * (or `Sec-Fetch-Site` where a browser sends no Origin). Requests with neither come from
 * programs, not from a page, and go through. A request with `Authorization: Bearer` is
 * authenticated by that header alone (the cookie is then ignored; api/auth/middleware.ts) and a
 * page elsewhere cannot set it, so it carries no ambient authority and is not checked.
 * Sources: OWASP CSRF Prevention Cheat Sheet ("Verifying Origin With Standard Headers",
 * "Fetch Metadata"); Hono's csrf middleware does the same for form content types only.
 */
export const sameOriginOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!unsafeMethods.has(c.req.method)) return next();
  if (/^Bearer\s+\S/i.test(c.req.header('authorization') ?? '')) return next();
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site')?.toLowerCase();
  const allowed = origin !== undefined ? sameOrigin(c, origin) : site === undefined || site === 'same-origin' || site === 'none';
  if (!allowed) {
    throw new AppError(403, 'cross_origin', 'This request came from another site. Changes are accepted only from Sijill’s own pages, or with an API token.');
  }
  await next();
};
