import { verificationBaseUrl } from '../config';
import { createRoute, z } from '@hono/zod-openapi';
import { assertCan } from '../auth/permissions';
import { defaultCollection, uploadTarget } from '../documents/ingest';
import { receiveUpload } from '../documents/receive-upload';
import { attachment, exportDocument } from '../exchange/export-document';
import { exportFormats } from '../exchange/formats';
import { importBatch, skippedResults, summarize } from '../exchange/import-batch';
import { openZipFile, zipLimits } from '../exchange/zip';
import { errorResponse, IdParam, jsonContent } from './schemas';
import { protectedRouter } from './router';

const binary = z.string().openapi({ type: 'string', format: 'binary' });

const exportRoute = createRoute({
  method: 'get',
  path: '/{id}/export',
  tags: ['exchange'],
  summary: 'The document as PAGE XML 2019, ALTO 4, TEI P5, a bilingual Word file, plain text or JSON',
  description:
    'Current lines, each naming the segment and version it carries; a certified document names its certification. PAGE XML is one file per page: a multi-page document comes as a ZIP of them (or one page with `page`). Every export is recorded in the audit chain with the SHA-256 of what was sent (also in the X-Sijill-Sha256 header).',
  request: {
    params: IdParam,
    query: z.object({
      format: z.enum(exportFormats).openapi({ description: 'page | alto | tei | docx | txt | json' }),
      page: z.coerce.number().int().positive().optional().openapi({ description: 'PAGE XML: only this page' }),
    }),
  },
  responses: {
    200: {
      content: {
        'application/xml': { schema: binary },
        'application/tei+xml': { schema: binary },
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: binary },
        'text/plain': { schema: binary },
        'application/json': { schema: binary },
        'application/zip': { schema: binary },
      },
      description: 'The file, as an attachment',
    },
    400: errorResponse('Unknown format'),
    404: errorResponse('No such document (or page), or not readable'),
    409: errorResponse('No page read yet (PAGE XML)'),
  },
});

const BatchResultSchema = z
  .object({
    name: z.string(),
    outcome: z.enum(['created', 'existing', 'failed', 'skipped']),
    documentId: z.number().optional(),
    transcription: z.object({ name: z.string(), format: z.enum(['page-xml', 'alto']) }).nullable().optional(),
    transcriptionIgnored: z.boolean().optional(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  })
  .openapi('ImportResult');

const archiveRoute = createRoute({
  method: 'post',
  path: '/archive',
  tags: ['exchange'],
  summary: 'Import a ZIP of scans, each with its PAGE XML or ALTO transcription where there is one',
  description:
    'Each scan is stored as an upload is (a file stored before is reported as existing, by name); a scan with a transcription of its name (or one naming it as its image) takes its lines from it instead of OCR. One result per file, in name order.',
  middleware: [receiveUpload] as const,
  request: {
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            file: z.instanceof(File, { message: 'Attach the ZIP archive as the multipart field "file".' }).openapi({ type: 'string', format: 'binary' }),
            collection: z.string().max(200).optional(),
          }),
        },
      },
    },
  },
  responses: {
    200: jsonContent(
      z.object({
        results: z.array(BatchResultSchema),
        summary: z.object({ created: z.number(), existing: z.number(), failed: z.number(), skipped: z.number(), withTranscription: z.number() }),
      }),
      'What became of each file',
    ),
    400: errorResponse('No file'),
    403: errorResponse('Role may not upload, or not into that collection'),
    413: errorResponse('Too large, or unpacks to too much'),
    422: errorResponse('Not a ZIP archive, or a damaged one'),
  },
});

export const exchangeRoutes = protectedRouter()
  .openapi(archiveRoute, async (c) => {
    assertCan(c.var.user, 'document.upload');
    const form = c.req.valid('form');
    const db = c.var.deps.database.db;
    // The collection is checked once, before the archive is opened.
    await uploadTarget(db, c.var.user, form.collection?.trim() || defaultCollection);
    const archive = await openZipFile(form.file, zipLimits(c.var.deps.config.maxUploadBytes));
    try {
      const files = archive.entries.map((e) => ({ path: e.name, size: e.size, read: e.read }));
      const results = [...skippedResults(archive.skipped), ...(await importBatch(c.var.deps, c.var.user, files, { collection: form.collection }))];
      return c.json({ results, summary: summarize(results) }, 200);
    } finally {
      archive.close();
    }
  })
  .openapi(exportRoute, async (c) => {
  const { id } = c.req.valid('param');
  const { format, page } = c.req.valid('query');
  const file = await exportDocument(c.var.deps.database.db, c.var.user, id, format, { publicUrl: verificationBaseUrl(c.var.deps.config), page });
  return c.body(new Uint8Array(file.bytes), 200, {
    'content-type': file.contentType,
    'content-disposition': attachment(file.fileName),
    'x-sijill-sha256': file.sha256,
    'cache-control': 'private, no-store',
  }) as never;
});
