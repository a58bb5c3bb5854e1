import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { AppDeps, AppEnv } from './context';
import { createRateLimits } from './auth/rate-limits';
import { AppError } from './lib/errors';
import { limitRequestBodies } from './http/body-limit';
import { sameOriginOnly } from './http/same-origin';
import { refuseUnstorableText } from './http/text-input';
import { log } from './lib/log';
import { auditRoutes } from './routes/audit';
import { authRoutes } from './routes/auth';
import { certificationRoutes, verifyRoutes } from './routes/certification';
import { collectionRoutes } from './routes/collections';
import { documentRoutes } from './routes/documents';
import { entityRoutes, mentionRoutes } from './routes/entities';
import { exchangeRoutes } from './routes/exchange';
import { exportRoutes } from './routes/exports';
import { healthRoutes } from './routes/health';
import { pageRoutes } from './routes/pages';
import { reviewRoutes } from './routes/review';
import { validationHook } from './routes/router';
import { searchRoutes } from './routes/search';
import { segmentRoutes } from './routes/segments';
import { tokenRoutes } from './routes/tokens';
import { userRoutes } from './routes/users';
import { translationDocumentRoutes, translationRoutes, translationSegmentRoutes } from './routes/translation';

/** The whole HTTP surface. Tests call `createApp(deps).request(...)` with no server. */
export function createApp(deps: AppDeps, opts: { webRoot?: string } = {}) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'same-origin' }));
  const limits = createRateLimits();
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('limits', limits);
    await next();
  });
  // Before any route reads anything: bodies limited as they are read, changes only from this
  // site or with a token, no NUL characters and no over-long URLs (api/http/).
  app.use('*', limitRequestBodies, sameOriginOnly, refuseUnstorableText);

  const api = app
    .route('/api', healthRoutes)
    .route('/api/auth', authRoutes)
    .route('/api/tokens', tokenRoutes)
    .route('/api/users', userRoutes)
    .route('/api/collections', collectionRoutes)
    .route('/api/documents', documentRoutes)
    .route('/api/documents', certificationRoutes)
    .route('/api/documents', exchangeRoutes)
    .route('/api/exports', exportRoutes)
    .route('/api/review', reviewRoutes)
    .route('/api/verify', verifyRoutes)
    .route('/api/audit', auditRoutes)
    .route('/api/pages', pageRoutes)
    .route('/api/segments', segmentRoutes)
    .route('/api/search', searchRoutes)
    .route('/api/entities', entityRoutes)
    .route('/api/mentions', mentionRoutes)
    .route('/api/translation', translationRoutes)
    .route('/api/segments', translationSegmentRoutes)
    .route('/api/documents', translationDocumentRoutes);

  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'sijill_session' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Sijill API',
      version: '0.1.0',
      description: 'Arabic/English transcription, translation and certification of archive documents.',
    },
    security: [{ session: [] }, { bearer: [] }],
  });

  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? c.json({ error: 'not_found', message: `There is no ${c.req.method} ${c.req.path} in this API. See /api/openapi.json.` }, 404)
      : serveWebIndex(c, opts.webRoot),
  );
  app.onError((err, c) => {
    if (err instanceof AppError) return c.json({ error: err.code, message: err.message, ...err.details }, err.status);
    // The JSON parser saw a body cut off at its limit: the limit is the answer.
    const refusal = c.get('bodyRefusal');
    if (refusal) return c.json({ error: refusal.code, message: refusal.message }, refusal.status);
    const database = databaseRefusal(err);
    if (database) return c.json({ error: database.code, message: database.message }, database.status);
    if (err instanceof HTTPException) {
      const status = err.status;
      const message = status === 400 && /JSON/i.test(err.message) ? 'The request body is not valid JSON.' : err.message || 'Bad request.';
      return c.json({ error: status === 413 ? 'too_large' : 'bad_request', message }, status);
    }
    log.error('unhandled error', { method: c.req.method, path: c.req.path, error: err instanceof Error ? err.name : 'unknown' });
    return c.json(
      {
        error: 'internal',
        message:
          'Something went wrong on the server. Nothing you sent was lost; try again, and tell an administrator if it keeps happening.',
      },
      500,
    );
  });

  if (opts.webRoot && existsSync(opts.webRoot)) {
    app.use('/assets/*', serveStatic({ root: opts.webRoot }));
    app.use('/*', serveStatic({ root: opts.webRoot }));
  }
  return api;
}

/**
 * Values the database refuses that no validator caught (an id over 2^31−1 in a body, a NUL in a
 * field no check knew about): the request's fault, so 400 with what was wrong, never 500.
 * SQLSTATE codes: 22003 numeric_value_out_of_range, 22021 character_not_in_repertoire,
 * 22P05 untranslatable_character, 22001 string_data_right_truncation.
 */
function databaseRefusal(err: unknown): AppError | null {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === '22003') return new AppError(400, 'out_of_range', 'A number in the request is out of range (ids go up to 2147483647).');
    if (code === '22021' || code === '22P05') return new AppError(400, 'invalid_text', 'The request contains characters that cannot be stored (such as U+0000).');
    if (code === '22001') return new AppError(400, 'too_long', 'A value in the request is longer than can be stored.');
  }
  return null;
}

function serveWebIndex(c: Parameters<Parameters<OpenAPIHono<AppEnv>['notFound']>[0]>[0], webRoot?: string) {
  const index = webRoot && join(webRoot, 'index.html');
  if (!index || !existsSync(index)) return c.text('The web app is not built. Run `npm run build:web` (npm start does it).', 404);
  return c.html(readFileSync(index, 'utf8'));
}

export type AppType = ReturnType<typeof createApp>;
