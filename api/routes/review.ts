import { createRoute, z } from '@hono/zod-openapi';
import { documentStatuses, segmentStatuses } from '../../db/schema';
import { decideLine, decidePage, reviewQueue, reviewState, submitForReview } from '../review/review';
import { errorResponse, IdParam, jsonBody, jsonContent } from './schemas';
import { protectedRouter } from './router';

const ReviewNoteSchema = z
  .object({
    id: z.number(),
    action: z.enum(['approved', 'returned']),
    scope: z.enum(['line', 'page']),
    pageId: z.number().nullable(),
    pageNo: z.number().nullable(),
    segmentId: z.number().nullable(),
    lineNo: z.number().nullable().openapi({ description: 'Null for a page decision, or when the line no longer exists' }),
    segmentVersion: z.number().nullable().openapi({ description: 'The line version the reviewer decided on' }),
    comment: z.string().nullable(),
    reviewer: z.object({ id: z.number(), name: z.string() }),
    createdAt: z.string(),
    open: z
      .boolean()
      .openapi({ description: 'A return that nobody has acted on yet (the line, or a line of the page, is unchanged since)' }),
    resolvedAt: z.string().nullable(),
  })
  .openapi('ReviewNote');

const ReviewStateSchema = z
  .object({
    document: z.object({ id: z.number(), title: z.string(), status: z.enum(documentStatuses) }),
    lines: z.number(),
    reviewed: z.number(),
    unreviewed: z.array(
      z.object({
        segmentId: z.number(),
        pageId: z.number(),
        pageNo: z.number(),
        lineNo: z.number(),
        status: z.enum(segmentStatuses),
        version: z.number(),
      }),
    ),
    notes: z.array(ReviewNoteSchema),
  })
  .openapi('ReviewState');

const comment = z.string().max(4000).optional().openapi({ description: 'Required to return: the translator sees it' });

const queueRoute = createRoute({
  method: 'get',
  path: '/queue',
  tags: ['review'],
  summary: 'Documents waiting for review (status in_review) that the user may read',
  responses: {
    200: jsonContent(
      z.object({
        documents: z.array(
          z.object({
            id: z.number(),
            title: z.string(),
            archiveRef: z.string().nullable(),
            collection: z.string(),
            status: z.enum(documentStatuses),
            updatedAt: z.string(),
            lines: z.number(),
            unreviewed: z.number(),
            qaErrors: z.number().openapi({ description: 'QA errors in the document (api/translation/qa.ts): certification lists them and needs an override' }),
            qaWarnings: z.number().openapi({ description: 'QA warnings (term rendered otherwise, a line translated two ways)' }),
          }),
        ),
      }),
      'Review queue, oldest change first',
    ),
  },
});

const stateRoute = createRoute({
  method: 'get',
  path: '/documents/{id}',
  tags: ['review'],
  summary: 'Where the review of a document stands: unreviewed lines (page/line) and every approval or return with its comment',
  request: { params: IdParam },
  responses: {
    200: jsonContent(ReviewStateSchema, 'Review state'),
    404: errorResponse('No such document, or not readable'),
  },
});

const submitRoute = createRoute({
  method: 'post',
  path: '/documents/{id}/submit',
  tags: ['review'],
  summary: 'Send a document in progress to review (in_progress → in_review; straight to reviewed if every line is already approved)',
  request: { params: IdParam },
  responses: {
    200: jsonContent(ReviewStateSchema, 'Sent'),
    403: errorResponse('Role may not send to review'),
    404: errorResponse('No such document, or not readable'),
    409: errorResponse('The document is not in progress'),
    422: errorResponse('The document has no lines'),
  },
});

const lineRoute = createRoute({
  method: 'post',
  path: '/segments/{id}',
  tags: ['review'],
  summary: 'Approve or return one line, at the version the reviewer looked at',
  description:
    'Approving sets the line to `reviewed`; when it was the last unreviewed line of a document in review, the document becomes `reviewed`. ' +
    'Returning needs a comment, un-reviews the line if it was reviewed, and sends a document in review back to `in_progress`. ' +
    'The return stays open until someone changes the line.',
  request: {
    params: IdParam,
    body: jsonBody(z.object({ action: z.enum(['approve', 'return']), version: z.number().int().positive(), comment }).strict()),
  },
  responses: {
    200: jsonContent(ReviewStateSchema, 'Decided'),
    400: errorResponse('Invalid body, or a return without a comment'),
    403: errorResponse('Only reviewers decide'),
    404: errorResponse('No such line, or not readable'),
    409: errorResponse('The line changed since that version (stale_version), or was deleted'),
  },
});

const pageRoute = createRoute({
  method: 'post',
  path: '/pages/{id}',
  tags: ['review'],
  summary: 'Approve every line of a page, or return the page as a whole with a comment',
  request: { params: IdParam, body: jsonBody(z.object({ action: z.enum(['approve', 'return']), comment }).strict()) },
  responses: {
    200: jsonContent(ReviewStateSchema, 'Decided'),
    400: errorResponse('Invalid body, or a return without a comment'),
    403: errorResponse('Only reviewers decide'),
    404: errorResponse('No such page, or not readable'),
    422: errorResponse('The page has no lines'),
  },
});

export const reviewRoutes = protectedRouter()
  .openapi(queueRoute, async (c) => c.json({ documents: await reviewQueue(c.var.deps.database.db, c.var.user) }, 200))
  .openapi(stateRoute, async (c) => c.json(await reviewState(c.var.deps.database.db, c.var.user, c.req.valid('param').id), 200))
  .openapi(submitRoute, async (c) => c.json(await submitForReview(c.var.deps.database.db, c.var.user, c.req.valid('param').id), 200))
  .openapi(lineRoute, async (c) =>
    c.json(await decideLine(c.var.deps.database.db, c.var.user, c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(pageRoute, async (c) =>
    c.json(await decidePage(c.var.deps.database.db, c.var.user, c.req.valid('param').id, c.req.valid('json')), 200),
  );
