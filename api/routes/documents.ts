import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { getDocument, listDocuments, type DocumentSummary } from '../../db/queries/documents';
import { listPages } from '../../db/queries/pages';
import { listSegments } from '../../db/queries/segments';
import { assertCan } from '../auth/permissions';
import { ingestDocument } from '../documents/ingest';
import { maxTranscriptionBytes, receiveUpload } from '../documents/receive-upload';
import { AppError, notFound } from '../lib/errors';
import { toSegmentDto } from '../segments/dto';
import { DocumentSchema, errorResponse, IdParam, jsonContent, PageSchema, SegmentSchema } from './schemas';
import { protectedRouter } from './router';

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['documents'],
  summary: 'Documents the user may read, newest first, with OCR progress',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(500).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: jsonContent(z.object({ documents: z.array(DocumentSchema), total: z.number() }), 'A page of documents'),
    401: errorResponse('Not signed in'),
  },
});

const uploadRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['documents'],
  summary: 'Upload a scan (JPEG, PNG, TIFF, PDF); the type is read from the bytes',
  middleware: [receiveUpload] as const,
  request: {
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            file: z
              .instanceof(File, { message: 'Attach the scan as the multipart field "file".' })
              .openapi({ type: 'string', format: 'binary' }),
            title: z.string().max(500).optional(),
            collection: z.string().max(200).optional(),
            transcription: z
              .instanceof(File)
              .optional()
              .openapi({
                type: 'string',
                format: 'binary',
                description: 'A PAGE XML or ALTO file for this scan (as Transkribus or eScriptorium export it): its lines, boxes and text are used instead of OCR',
              }),
          }),
        },
      },
    },
  },
  responses: {
    201: jsonContent(z.object({ document: DocumentSchema, created: z.literal(true) }), 'Stored; OCR queued for every page'),
    200: jsonContent(
      z.object({ document: DocumentSchema, created: z.literal(false), message: z.string() }),
      'The same file was uploaded before',
    ),
    400: errorResponse('No file, or an empty one'),
    403: errorResponse('Role may not upload'),
    409: errorResponse('Already stored in a collection the user cannot read'),
    413: errorResponse('Too large, too many pages or too many pixels'),
    415: errorResponse('Not a JPEG, PNG, TIFF or PDF'),
    422: errorResponse('Damaged file, or a transcription that is not PAGE XML or ALTO or does not fit the scan'),
  },
});

const detailRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['documents'],
  request: { params: IdParam },
  responses: {
    200: jsonContent(z.object({ document: DocumentSchema, pages: z.array(PageSchema) }), 'The document and its pages'),
    404: errorResponse('No such document, or not readable'),
  },
});

const segmentsRoute = createRoute({
  method: 'get',
  path: '/{id}/segments',
  tags: ['documents'],
  summary: 'Every current line of the document, in page and reading order',
  request: { params: IdParam },
  responses: {
    200: jsonContent(z.object({ segments: z.array(SegmentSchema) }), 'Lines'),
    404: errorResponse('No such document, or not readable'),
  },
});

const progressRoute = createRoute({
  method: 'get',
  path: '/{id}/progress',
  tags: ['documents'],
  summary: 'Server-sent events with OCR progress until OCR has finished',
  request: { params: IdParam },
  responses: {
    200: { content: { 'text/event-stream': { schema: z.string() } }, description: 'data: {pageCount, pagesDone, pagesFailed, status}' },
    404: errorResponse('No such document, or not readable'),
  },
});

const ocrStatuses = new Set(['ocr_pending', 'ocr_running']);

export const documentRoutes = protectedRouter()
  .openapi(listRoute, async (c) => {
    const result = await listDocuments(c.var.deps.database.db, c.var.user, c.req.valid('query'));
    return c.json({ documents: result.documents.map(toDocumentDto), total: result.total }, 200);
  })
  .openapi(uploadRoute, async (c) => {
    assertCan(c.var.user, 'document.upload');
    const form = c.req.valid('form');
    const bytes = new Uint8Array(await form.file.arrayBuffer());
    if (form.transcription && form.transcription.size > maxTranscriptionBytes) {
      throw new AppError(413, 'too_large', `The transcription is larger than ${maxTranscriptionBytes / 1048576} MB.`);
    }
    const result = await ingestDocument(c.var.deps, c.var.user, {
      bytes,
      fileName: form.file.name,
      title: form.title,
      collection: form.collection,
      transcription: form.transcription?.size
        ? { bytes: new Uint8Array(await form.transcription.arrayBuffer()), fileName: form.transcription.name }
        : null,
    });
    const document = await getDocument(c.var.deps.database.db, c.var.user, result.documentId);
    if (!document) throw notFound('The document');
    if (result.created) return c.json({ document: toDocumentDto(document), created: true as const }, 201);
    return c.json(
      {
        document: toDocumentDto(document),
        created: false as const,
        message:
          `This file was uploaded before, as document ${document.id} (“${document.title}”). Nothing new was stored.` +
          (result.transcriptionIgnored ? ' The transcription sent with it was not used: the document keeps its lines.' : ''),
      },
      200,
    );
  })
  .openapi(detailRoute, async (c) => {
    const { id } = c.req.valid('param');
    const document = await getDocument(c.var.deps.database.db, c.var.user, id);
    if (!document) throw notFound('The document');
    const pages = await listPages(c.var.deps.database.db, id);
    return c.json(
      {
        document: toDocumentDto(document),
        pages: pages.map((p) => ({ ...p, imageUrl: p.width ? `/api/pages/${p.id}/image` : null })),
      },
      200,
    );
  })
  .openapi(segmentsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.var.deps.database.db;
    if (!(await getDocument(db, c.var.user, id))) throw notFound('The document');
    const segments = await listSegments(db, id);
    return c.json({ segments: segments.map(toSegmentDto) }, 200);
  })
  .openapi(progressRoute, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.var.deps.database.db;
    const user = c.var.user;
    if (!(await getDocument(db, user, id))) throw notFound('The document');
    return streamSSE(c, async (stream) => {
      let last = '';
      const deadline = Date.now() + 30 * 60_000;
      while (!stream.aborted && Date.now() < deadline) {
        const doc = await getDocument(db, user, id);
        if (!doc) break;
        const data = JSON.stringify({
          pageCount: doc.pageCount,
          pagesDone: doc.pagesDone,
          pagesFailed: doc.pagesFailed,
          status: doc.status,
        });
        if (data !== last) await stream.writeSSE({ event: 'progress', data });
        last = data;
        if (!ocrStatuses.has(doc.status)) break;
        await stream.sleep(1000);
      }
    }) as never;
  });

export function toDocumentDto({ uploadedById, uploadedByName, ...d }: DocumentSummary) {
  return {
    ...d,
    uploadedBy: uploadedById === null ? null : { id: uploadedById, name: uploadedByName ?? '' },
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}
