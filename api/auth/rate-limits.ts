import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import type { AppEnv } from '../context';

/**
 * The peer address of the request; behind a reverse proxy (`TRUST_PROXY=true`) the first
 * X-Forwarded-For hop. Requests handed to the app without a socket (tests) share one key.
 */
export function clientAddress(c: Context<AppEnv>): string {
  if (c.var.deps.config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local';
  }
}

function tooMany(what: string, windowMs: number) {
  const minutes = Math.ceil(windowMs / 60_000);
  return (c: Context<AppEnv>) => {
    c.header('Retry-After', String(Math.ceil(windowMs / 1000)));
    return c.json({ error: 'too_many_requests', message: `${what} Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.` }, 429);
  };
}

const loginWindowMs = 15 * 60_000;
const verifyWindowMs = 60_000;

/** Failed sign-ins allowed per address and account, and per address across all accounts, in 15 minutes. */
export const signInLimits = { perAccount: 10, perAddress: 30 } as const;

/**
 * Limits on what anyone can try without an account, kept in this process's memory (each API
 * process counts for itself):
 * - sign-in: 10 failed attempts per address and email, and 30 per address whatever the emails,
 *   in 15 minutes (successful ones are free), so a password cannot be guessed by trying, one
 *   account or many;
 * - public verification: 60 look-ups per address a minute, so the hashes of the archive's
 *   holdings cannot be probed in bulk.
 */
export function createRateLimits() {
  const loginPerAccount = rateLimiter<AppEnv>({
    windowMs: loginWindowMs,
    limit: signInLimits.perAccount,
    skipSuccessfulRequests: true,
    keyGenerator: async (c) => {
      const body = (await c.req.json().catch(() => null)) as { email?: unknown } | null;
      const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
      return `${clientAddress(c)}|${email}`;
    },
    handler: tooMany('Too many failed sign-ins for this account from here.', loginWindowMs),
  });
  const loginPerAddress = rateLimiter<AppEnv>({
    windowMs: loginWindowMs,
    limit: signInLimits.perAddress,
    skipSuccessfulRequests: true,
    keyGenerator: (c) => clientAddress(c),
    handler: tooMany('Too many failed sign-ins from here.', loginWindowMs),
  });
  return {
    login: loginPerAccount,
    loginFromAddress: loginPerAddress,
    failedSignIns: createFailureLog(loginWindowMs),
    /** Wrong current passwords on a password change: 10 per account in 15 minutes, like sign-ins. */
    passwordCheck: rateLimiter<AppEnv>({
      windowMs: loginWindowMs,
      limit: signInLimits.perAccount,
      skipSuccessfulRequests: true,
      keyGenerator: (c) => `user:${c.var.user.id}`,
      handler: tooMany('Too many wrong passwords for this account.', loginWindowMs),
    }),
    verify: rateLimiter<AppEnv>({
      windowMs: verifyWindowMs,
      limit: 60,
      keyGenerator: (c) => clientAddress(c),
      handler: tooMany('Too many verifications from here.', verifyWindowMs),
    }),
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;

/** The app's limiter of that name, as route middleware. */
export const limited =
  (name: 'login' | 'loginFromAddress' | 'verify' | 'passwordCheck'): MiddlewareHandler<AppEnv> =>
  (c, next) =>
    c.var.limits[name](c, next);

/**
 * Which failed sign-ins go into the audit chain: the first for an existing account in each
 * 15-minute window, so the chain shows that someone tried, without one row per guess (a
 * guessing run would otherwise grow the chain without bound). Attempts on emails that have no
 * account are not recorded: there is nothing of ours they touch. Counts live in memory, one
 * entry per account at most.
 */
function createFailureLog(windowMs: number) {
  const since = new Map<number, number>();
  return {
    shouldAudit(userId: number, now = Date.now()): boolean {
      const start = since.get(userId);
      if (start !== undefined && now - start < windowMs) return false;
      since.set(userId, now);
      return true;
    },
  };
}
