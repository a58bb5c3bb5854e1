// The typed client of the Sijill API (Hono RPC: response shapes come from the server's route
// definitions, nothing is restated here) and the one way a request's failure reaches the UI.
import { hc } from 'hono/client';
import type { AppType } from '../../../api/app';
import { signedInHintCookie } from '../../../api/auth/signed-in-hint';

export const client = hc<AppType>('/');
export type Api = typeof client.api;

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

/**
 * Whether this browser may hold a session: the server sets a script-readable cookie beside the
 * (httpOnly) session cookie and removes it at sign-out, so a page opened signed out asks the
 * server nothing (and logs no 401) before the sign-in form. Only a hint: requests are checked.
 */
export function mayHoldSession(): boolean {
  return document.cookie.split(/;\s*/).some((c) => c.startsWith(`${signedInHintCookie}=`));
}

/** The session is gone (expired, ended elsewhere): stop asking until the next sign-in. */
function forgetSession() {
  document.cookie = `${signedInHintCookie}=; Max-Age=0; Path=/; SameSite=Strict`;
}

let unauthorizedHandler: (() => void) | undefined;
/** Called when a request (other than `me`/`login`) finds the session gone. */
export function onUnauthorized(fn: () => void) {
  unauthorizedHandler = fn;
}

export async function readError(res: { status: number; json(): Promise<unknown> }): Promise<ApiError> {
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
export async function ok<R extends { ok: boolean; status: number; json(): Promise<unknown> }>(
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
    if (res.status === 401) forgetSession();
    if (res.status === 401 && !opts.allow401) unauthorizedHandler?.();
    throw error;
  }
  return res as Extract<R, { ok: true }>;
}
