import { createRoute, z } from '@hono/zod-openapi';
import { attachment } from '../exchange/export-document';
import { exportJobFor, maxExportDocuments, recentExportJobs, requestExport, runExportJobs, toExportJobDto } from '../exchange/export-jobs';
import { exportFormats } from '../exchange/formats';
import { AppError } from '../lib/errors';
import { errorResponse, IdParam, jsonBody, jsonContent } from './schemas';
import { filterParams, isOn, toFilters } from './search';
import { protectedRouter } from './router';

const ExportJobSchema = z
  .object({
    id: z.number(),
    format: z.string(),
    scope: z.object({
      kind: z.enum(['collection', 'search']),
      collectionId: z.number().nullable(),
      collection: z.string().nullable(),
      q: z.string().nullable().openapi({ description: 'The search’s words (search exports)' }),
    }),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    total: z.number().openapi({ description: 'Documents to go through (known once the job runs)' }),
    done: z.number(),
    skipped: z.number().openapi({ description: 'Documents with nothing to export (no page read yet) or no longer readable' }),
    fileName: z.string().nullable(),
    sizeBytes: z.number().nullable(),
    sha256: z.string().nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    downloadUrl: z.string().nullable(),
  })
  .openapi('ExportJob');

const createRouteDef = createRoute({
  method: 'post',
  path: '/',
  tags: ['exchange'],
  summary: 'Export a collection, or the documents a search finds, as one ZIP in one format, built in the background',
  description: `Each document as GET /api/documents/{id}/export gives it, plus manifest.csv (one row per document: its files, or why it has none). Only documents the caller may read when the archive is built go in, at most ${maxExportDocuments}. Follow the job at GET /api/exports/{id}; download it when done.`,
  request: {
    body: jsonBody(
      z
        .object({
          format: z.enum(exportFormats),
          collectionId: z.number().int().positive().optional(),
          search: z.object(filterParams).optional().openapi({ description: 'A search as GET /api/search takes it (its query parameters as strings)' }),
        })
        .strict()
        .refine((b) => (b.collectionId === undefined) !== (b.search === undefined), { message: 'Give either collectionId or search.' }),
    ),
  },
  responses: {
    202: jsonContent(z.object({ job: ExportJobSchema }), 'Queued'),
    400: errorResponse('Invalid body, or a search with nothing to search for'),
    404: errorResponse('No such collection, or not readable'),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['exchange'],
  summary: 'My export jobs, newest first (the last 20)',
  responses: { 200: jsonContent(z.object({ jobs: z.array(ExportJobSchema) }), 'Jobs') },
});

const jobRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['exchange'],
  summary: 'Progress of an export job: documents done of total',
  request: { params: IdParam },
  responses: { 200: jsonContent(z.object({ job: ExportJobSchema }), 'The job'), 404: errorResponse('No such job, or not mine') },
});

const downloadRoute = createRoute({
  method: 'get',
  path: '/{id}/download',
  tags: ['exchange'],
  summary: 'The finished archive (ZIP), streamed; its SHA-256 in X-Sijill-Sha256',
  request: { params: IdParam },
  responses: {
    200: { content: { 'application/zip': { schema: z.string().openapi({ type: 'string', format: 'binary' }) } }, description: 'The ZIP, as an attachment' },
    404: errorResponse('No such job, or not mine'),
    409: errorResponse('Not built yet, or failed'),
  },
});

export const exportRoutes = protectedRouter()
  .openapi(createRouteDef, async (c) => {
    const body = c.req.valid('json');
    const request =
      body.collectionId !== undefined
        ? { collectionId: body.collectionId }
        : { search: { q: body.search!.q, filters: toFilters(body.search!), fuzzy: isOn(body.search!.fuzzy) } };
    const job = await requestExport(c.var.deps, c.var.user, body.format, request);
    return c.json({ job: toExportJobDto(job) }, 202);
  })
  .openapi(listRoute, async (c) => c.json({ jobs: (await recentExportJobs(c.var.deps, c.var.user)).map(toExportJobDto) }, 200))
  .openapi(jobRoute, async (c) => {
    const job = await exportJobFor(c.var.deps, c.var.user, c.req.valid('param').id);
    // Someone is waiting for it: make sure this process is on it (a job left by a stopped process).
    if (job.status === 'queued' || job.status === 'running') void runExportJobs(c.var.deps);
    return c.json({ job: toExportJobDto(job) }, 200);
  })
  .openapi(downloadRoute, async (c) => {
    const job = await exportJobFor(c.var.deps, c.var.user, c.req.valid('param').id);
    if (job.status !== 'done' || !job.sha256) {
      throw new AppError(409, 'not_ready', job.status === 'failed' ? 'This export failed; ask for it again.' : `The archive is still being built (${job.done} of ${job.total} documents).`);
    }
    const blob = await c.var.deps.blobs.stream('export', job.sha256);
    return c.body(blob.body, 200, {
      'content-type': 'application/zip',
      'content-length': String(blob.size),
      'content-disposition': attachment(job.fileName ?? `sijill-export-${job.id}.zip`),
      'x-sijill-sha256': job.sha256,
      'cache-control': 'private, no-store',
    }) as never;
  });
