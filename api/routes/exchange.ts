import { verificationBaseUrl } from '../config';
import { createRoute, z } from '@hono/zod-openapi';
import { attachment, exportDocument } from '../exchange/export-document';
import { exportFormats } from '../exchange/formats';
import { errorResponse, IdParam } from './schemas';
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

export const exchangeRoutes = protectedRouter().openapi(exportRoute, async (c) => {
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
