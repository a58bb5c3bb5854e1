/**
 * The name of a cookie that says only "this browser may hold a session": set with the session
 * cookie at sign-in, with the same lifetime, and removed at sign-out. Unlike the session cookie
 * it is readable by scripts (it holds no secret, just `1`), so the web app opened signed out
 * asks the server nothing (no 401s) before the sign-in form. It grants nothing: every request is
 * still checked by `requireUser`. Shared with web/src/api/session.ts, hence this file of its own.
 */
export const signedInHintCookie = 'sijill_signed_in';
