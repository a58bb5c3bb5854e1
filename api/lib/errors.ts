import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An error a person can act on: its message goes to the client as is. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError(404, 'not_found', `${what} was not found, or you may not see it.`);
export const forbidden = (message: string) => new AppError(403, 'forbidden', message);
