import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { documentSortKeys, getDocument, listDocumentFilterOptions, listDocuments, type DocumentSummary } from '../../db/queries/documents';
import { documentStatuses, type DocumentStatus } from '../../db/schema';
import { updateDocumentDetails } from '../documents/details';
import { listPages } from '../../db/queries/pages';
import { getSegment, listSegments } from '../../db/queries/segments';
import { documentLive, presenceExpiresMs } from '../documents/live';
import { assertCan, permissionsOf } from '../auth/permissions';
import { ingestDocument } from '../documents/ingest';
import { maxTranscriptionBytes, receiveUpload } from '../documents/receive-upload';
import { AppError, notFound } from '../lib/errors';
import { toSegmentDto } from '../segments/dto';
import { DocumentSchema, errorResponse, IdParam, jsonBody, jsonContent, PageSchema, SegmentSchema } from './schemas';
import { protectedRouter } from './router';

const isoDate = z.iso.date({ message: 'Use a date as YYYY-MM-DD.' });
/** Query flags: `true`/`1` or `false`/`0`. */
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const DocumentListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  q: z.string().max(200).optional().openapi({ description: 'Part of the title, archive reference or file name' }),
  collectionId: z.coerce.number().int().positive().optional(),
  status: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const list = v.split(',').filter(Boolean);
      const bad = list.filter((s) => !(documentStatuses as readonly string[]).includes(s));
      if (bad.length) ctx.addIssue({ code: 'custom', message: `Unknown status ${bad.join(', ')}; use ${documentStatuses.join(', ')}.` });
      return list as DocumentStatus[];
    })
    .openapi({ type: 'string', description: `Comma-separated: ${documentStatuses.join(', ')}` }),
  uploadedBy: z.coerce.number().int().positive().optional(),
  dateFrom: isoDate.optional().openapi({ description: 'Document date from (inclusive)' }),
  dateTo: isoDate.optional(),
  uploadedFrom: isoDate.optional(),
  uploadedTo: isoDate.optional(),
  hasReturned: flag.optional().openapi({ type: 'string', description: 'Only documents with lines a reviewer returned' }),
  sort: z.enum(documentSortKeys).optional(),
  order: z.enum(['asc', 'desc']).optional(),
});

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['documents'],
  summary: 'Documents the user may read: search by title, reference or file name; filter, sort and page; with OCR progress',
  request: { query: DocumentListQuery },
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

const filtersRoute = createRoute({
  method: 'get',
  path: '/filters',
  tags: ['documents'],
  summary: 'The collections and uploaders the document list can be filtered by (those the user may read)',
  responses: {
    200: jsonContent(
      z.object({
        collections: z.array(z.object({ id: z.number(), name: z.string(), restricted: z.boolean() })),
        uploaders: z.array(z.object({ id: z.number(), name: z.string() })),
        statuses: z.array(z.enum(documentStatuses)),
      }),
      'Filter values',
    ),
  },
});

const detailFields = {
  title: z.string().trim().min(1, 'A title cannot be empty.').max(500).optional(),
  archiveRef: z.string().trim().max(200).nullable().optional(),
  documentDate: isoDate.nullable().optional(),
  notes: z.string().max(10_000).nullable().optional(),
  collection: z.string().trim().min(1).max(200).optional().openapi({ description: 'Move the document (and its lines) to this collection' }),
};
const DetailsBody = z
  .object({
    ...detailFields,
    previous: z
      .object(detailFields)
      .strict()
      .optional()
      .openapi({ description: 'The values the change starts from: if one changed since, nothing is written (409 with the document as it is)' }),
  })
  .strict();

const updateRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['documents'],
  summary: 'Change a document’s title, archive reference, document date, notes or collection (audited)',
  request: { params: IdParam, body: jsonBody(DetailsBody) },
  responses: {
    200: jsonContent(z.object({ document: DocumentSchema }), 'The document as changed'),
    400: errorResponse('Invalid values'),
    403: errorResponse('Role may not edit documents, or may not move it there'),
    404: errorResponse('No such document, or not readable'),
    409: jsonContent(z.object({ error: z.literal('stale_document'), message: z.string(), current: DocumentSchema }), 'Changed since it was read'),
  },
});

const detailRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['documents'],
  request: { params: IdParam },
  responses: {
    200: jsonContent(
      z.object({
        document: DocumentSchema,
        pages: z.array(PageSchema),
        permissions: z.array(z.string()).openapi({
          description: 'What the caller may do with this document: their role in its collection (GET /api/auth/me lists what they may do somewhere)',
        }),
      }),
      'The document, its pages and what the caller may do with it',
    ),
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

const presenceExpiresS = () => presenceExpiresMs / 1000;

const PresentPersonSchema = z.object({
  userId: z.number(),
  name: z.string(),
  segmentId: z.number().nullable().openapi({ description: 'The line they are on; null when none yet' }),
  since: z.string().openapi({ description: 'When they opened the document (ISO 8601)' }),
});

const eventsRoute = createRoute({
  method: 'get',
  path: '/{id}/events',
  tags: ['documents'],
  summary: 'Server-sent events while the document is open: who else has it open and on which line, and each line saved',
  description:
    'Events: `presence` ({change: join|leave|focus|expired, userId, people: [{userId, name, segmentId, since}]}) at once and ' +
    'whenever someone comes, goes or moves to another line; `segment` ({documentId, pageId, segmentId, version, operation, userId}) ' +
    'for each line saved, once saved (never its text: fetch the line, GET /api/segments/{id}); a comment line every 25 s. ' +
    `The client says it is still there with POST /api/documents/{id}/presence at least every ${presenceExpiresS()} s, or the stream ends ` +
    '(`expired` for the others). Presence is per server process.',
  request: { params: IdParam },
  responses: {
    200: { content: { 'text/event-stream': { schema: z.string() } }, description: 'The stream, until the client leaves' },
    404: errorResponse('No such document, or not readable'),
  },
});

const presenceRoute = createRoute({
  method: 'post',
  path: '/{id}/presence',
  tags: ['documents'],
  summary: 'Says the caller is still in the document (its event stream open) and which line they are on',
  request: {
    params: IdParam,
    body: jsonBody(z.object({ segmentId: z.number().int().positive().nullable() }).strict()),
  },
  responses: {
    200: jsonContent(
      z.object({
        people: z.array(PresentPersonSchema).openapi({ description: 'Who has the document open; empty when the caller has no event stream of it open' }),
      }),
      'Noted',
    ),
    400: errorResponse('The line is not in this document'),
    404: errorResponse('No such document, or not readable'),
  },
});

const ocrStatuses = new Set(['ocr_pending', 'ocr_running']);

export const documentRoutes = protectedRouter()
  .openapi(listRoute, async (c) => {
    const result = await listDocuments(c.var.deps.database.db, c.var.user, c.req.valid('query'));
    return c.json({ documents: result.documents.map(toDocumentDto), total: result.total }, 200);
  })
  .openapi(filtersRoute, async (c) => {
    const options = await listDocumentFilterOptions(c.var.deps.database.db, c.var.user);
    return c.json({ ...options, statuses: [...documentStatuses] }, 200);
  })
  .openapi(updateRoute, async (c) => {
    assertCan(c.var.user, 'document.edit');
    const { id } = c.req.valid('param');
    const result = await updateDocumentDetails(c.var.deps.database.db, c.var.user, id, c.req.valid('json'));
    const document = await getDocument(c.var.deps.database.db, c.var.user, id);
    if (!document) throw notFound('The document');
    if (result === 'stale') {
      return c.json(
        { error: 'stale_document' as const, message: 'Someone changed this document’s details since you opened them. Here they are as they are now; make your change again.', current: toDocumentDto(document) },
        409,
      );
    }
    return c.json({ document: toDocumentDto(document) }, 200);
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
        permissions: permissionsOf(c.var.user, document.collectionId),
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
  })
  .openapi(eventsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const user = c.var.user;
    // Read permission is checked here, and again only when access changes (api/documents/live.ts);
    // the events carry ids, never text, and each line is then fetched with the reader's own
    // permission. Listening first: a change committed during the check is heard.
    const live = documentLive(c.var.deps.database);
    await live.ready();
    const checkedAfter = live.accessNotices;
    if (!(await getDocument(c.var.deps.database.db, user, id))) throw notFound('The document');
    return streamSSE(c, (stream) => live.follow(id, user, stream, checkedAfter)) as never;
  })
  .openapi(presenceRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { segmentId } = c.req.valid('json');
    const db = c.var.deps.database.db;
    if (!(await getDocument(db, c.var.user, id))) throw notFound('The document');
    if (segmentId !== null && (await getSegment(db, segmentId))?.documentId !== id) {
      throw new AppError(400, 'invalid_request', `Line ${segmentId} is not in document ${id}.`);
    }
    const people = documentLive(c.var.deps.database).touch(id, c.var.user.id, segmentId);
    return c.json({ people: people ?? [] }, 200);
  });

export function toDocumentDto({ uploadedById, uploadedByName, ...d }: DocumentSummary) {
  return {
    ...d,
    uploadedBy: uploadedById === null ? null : { id: uploadedById, name: uploadedByName ?? '' },
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}
