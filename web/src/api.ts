// All data access of the web app, by concern under api/: keyed query functions (cached and
// revalidated by @solidjs/router), the mutations that invalidate them, and the OCR progress
// stream. Components never call fetch themselves; they import from here.
//
// Types come from the API's route definitions through Hono RPC (`hc<AppType>`, api/client.ts);
// nothing here restates a response shape by hand.
export { ApiError, mayHoldSession, onUnauthorized } from './api/client.ts';
export * from './api/session.ts';
export * from './api/documents.ts';
export * from './api/segments.ts';
export * from './api/mentions.ts';
export * from './api/review.ts';
export * from './api/search.ts';
export * from './api/entities.ts';
export * from './api/certification.ts';
export * from './api/translation.ts';
export * from './api/accounts.ts';
export * from './api/exports.ts';
export * from './api/upload.ts';
