import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Tx } from '../../db/client';
import { getDocument } from '../../db/queries/documents';
import { getSegment, listSegments } from '../../db/queries/segments';
import {
  collectionOfDocument,
  deleteTerm,
  getReadableCollection,
  getTerm,
  insertTerms,
  insertTranslationUnits,
  listTerms,
  memoryForExport,
  readableCollectionIds,
  updateTerm,
} from '../../db/queries/translation-memory';
import { appendAudit } from '../audit/chain';
import { auditEvent } from '../audit/events';
import { assertCan } from '../auth/permissions';
import type { AppEnv } from '../context';
import { AppError, notFound } from '../lib/errors';
import { documentQa } from '../translation/qa';
import { pretranslationJobFor, requestPretranslation, toJobDto } from '../translation/pretranslate';
import { memoryChanged, suggestForUser } from '../translation/service';
import { findTerms, parseTermsCsv, termKey, termsForCollection, termsToCsv } from '../translation/termbase';
import { readTmx, writeTmx } from '../translation/tmx';
import { exportXliff, importXliff } from '../translation/xliff';
import { errorResponse, IdParam, jsonBody, jsonContent, QaIssueSchema } from './schemas';
import { protectedRouter } from './router';

const toolVersion = '0.1.0';
const maxFileBytes = 50 * 1024 * 1024;
const fileLimit = bodyLimit({
  maxSize: maxFileBytes,
  onError: (c) => c.json({ error: 'too_large', message: `The file is larger than ${maxFileBytes / 2 ** 20} MB.` }, 413),
});

/** The text of an uploaded file: the multipart field `file`, or the raw body. Must be UTF-8. */
async function uploadedText(c: Context<AppEnv>): Promise<{ text: string; name: string | null; sha256: string }> {
  let bytes: Uint8Array;
  let name: string | null = null;
  if ((c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File)) throw new AppError(400, 'invalid_request', 'Attach the file as the multipart field "file".');
    bytes = new Uint8Array(await file.arrayBuffer());
    name = file.name || null;
  } else bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength === 0) throw new AppError(400, 'invalid_request', 'The file is empty.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError(415, 'invalid_file', 'The file is not UTF-8 text.');
  }
  return { text: text.replace(/^\uFEFF/, ''), name, sha256: createHash('sha256').update(bytes).digest('hex') };
}

const fileBody = (mime: string, description: string) => ({
  required: true,
  description,
  content: {
    'multipart/form-data': { schema: z.object({ file: z.any().optional().openapi({ type: 'string', format: 'binary' }) }) },
    [mime]: { schema: z.string() },
    ...Object.fromEntries(['application/xml', 'text/xml', 'text/plain', 'application/octet-stream'].filter((m) => m !== mime).map((m) => [m, { schema: z.string() }])),
  },
});

const DiffSchema = z.array(
  z.object({
    op: z.enum(['equal', 'insert', 'delete', 'placeable']),
    text: z.string(),
    spaceBefore: z.boolean().openapi({ description: 'Written after a space in its line (the new line, or the memory’s for `delete`): join the runs with a space only then' }),
  }),
);
const SuggestionSchema = z
  .object({
    translation: z.string(),
    score: z.number().openapi({ description: 'Match score 0–100 (CAT convention)' }),
    origin: z.string().openapi({ description: '`exact`, `substituted` (placeables replaced), `fuzzy`, `placeables` (register, dates, numbers, romanized names)' }),
    match: z
      .object({ source: z.string(), target: z.string(), origin: z.object({ kind: z.string(), id: z.union([z.number(), z.string()]), collectionId: z.number().nullable(), documentId: z.number().nullable().optional() }) })
      .nullable(),
    diff: DiffSchema,
    placeables: z.array(z.object({ kind: z.string(), start: z.number(), end: z.number(), english: z.string(), substituted: z.boolean() })),
  })
  .openapi('TranslationSuggestion');
const TermHitSchema = z.object({ id: z.number().nullable(), source: z.string(), targets: z.array(z.string()), note: z.string(), origin: z.enum(['team', 'register']), start: z.number(), end: z.number() });
const JobSchema = z
  .object({
    id: z.number(),
    documentId: z.number().nullable(),
    collectionId: z.number().nullable(),
    status: z.string(),
    minScore: z.number(),
    total: z.number(),
    processed: z.number(),
    filled: z.number(),
    error: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('PretranslationJob');
const TermSchema = z
  .object({ id: z.number(), collectionId: z.number(), sourceTerm: z.string(), targetTerm: z.string(), note: z.string(), createdBy: z.string().nullable(), updatedAt: z.string() })
  .openapi('Term');
const CollectionQuery = z.object({ collectionId: z.coerce.number().int().positive() });
const OptionalCollectionQuery = z.object({ collectionId: z.coerce.number().int().positive().optional() });

/** The collection if this user may read it, else 404. */
async function readableCollection(c: Context<AppEnv>, id: number) {
  const collection = await getReadableCollection(c.var.deps.database.db, c.var.user, id);
  if (!collection) throw notFound('The collection');
  return collection;
}

/** A line the user may read, with its document's collection and the line before it on its page. */
async function readableLine(c: Context<AppEnv>, id: number) {
  const db = c.var.deps.database.db;
  const segment = await getSegment(db, id);
  if (!segment || segment.status === 'deleted' || !(await getDocument(db, c.var.user, segment.documentId))) throw notFound('This line');
  return segment;
}

// ——— /api/segments/{id}/… ———

const lineSuggestionRoute = createRoute({
  method: 'get',
  path: '/{id}/translation-suggestion',
  tags: ['translation'],
  summary: 'The translation memory’s suggestion for this line (from collections the user may read), and the termbase entries found in it',
  request: { params: IdParam },
  responses: {
    200: jsonContent(z.object({ suggestion: SuggestionSchema.nullable(), terms: z.array(TermHitSchema) }), 'Suggestion (null when nothing reaches the minimum score) and terms'),
    404: errorResponse('No such line, or not readable'),
  },
});

const lineQaRoute = createRoute({
  method: 'get',
  path: '/{id}/qa',
  tags: ['translation'],
  summary: 'QA issues of this line (numbers, dates, tagged entities, terms, consistency, unconfirmed suggestion)',
  request: { params: IdParam },
  responses: { 200: jsonContent(z.object({ issues: z.array(QaIssueSchema) }), 'Issues'), 404: errorResponse('No such line, or not readable') },
});

export const translationSegmentRoutes = protectedRouter()
  .openapi(lineSuggestionRoute, async (c) => {
    const db = c.var.deps.database.db;
    const segment = await readableLine(c, c.req.valid('param').id);
    const lines = await listSegments(db, segment.documentId);
    const at = lines.findIndex((l) => l.id === segment.id);
    const previous = at > 0 && lines[at - 1]!.pageId === segment.pageId ? lines[at - 1]!.text : undefined;
    const suggestion = await suggestForUser(db, c.var.user, segment.text, { previous, segmentId: segment.id });
    const terms = findTerms(segment.text, await termsForCollection(db, await collectionOfDocument(db, segment.documentId))).map((t) => ({ id: t.id, source: t.source, targets: t.targets, note: t.note, origin: t.origin, start: t.start, end: t.end }));
    return c.json({ suggestion, terms }, 200);
  })
  .openapi(lineQaRoute, async (c) => {
    const db = c.var.deps.database.db;
    const segment = await readableLine(c, c.req.valid('param').id);
    const issues = (await documentQa(db, { id: segment.documentId, collectionId: await collectionOfDocument(db, segment.documentId) })).filter((i) => i.segmentId === segment.id);
    return c.json({ issues }, 200);
  });

// ——— /api/documents/{id}/… ———

const documentQaRoute = createRoute({
  method: 'get',
  path: '/{id}/qa',
  tags: ['translation'],
  summary: 'QA issues of every line of the document; errors block certification unless overridden',
  request: { params: IdParam },
  responses: {
    200: jsonContent(z.object({ issues: z.array(QaIssueSchema), errors: z.number(), warnings: z.number() }), 'Issues in reading order'),
    404: errorResponse('No such document, or not readable'),
  },
});

const xliffExportRoute = createRoute({
  method: 'get',
  path: '/{id}/xliff',
  tags: ['translation'],
  summary: 'The document as XLIFF 1.2 (Arabic source, English target) for a CAT tool',
  request: { params: IdParam },
  responses: { 200: { description: 'XLIFF 1.2', content: { 'application/xliff+xml': { schema: z.string() } } }, 404: errorResponse('No such document, or not readable') },
});

const ConflictSchema = z.object({
  segmentId: z.number(),
  pageNo: z.number().nullable(),
  lineNo: z.number().nullable(),
  reason: z.enum(['source_changed', 'translation_changed', 'line_missing', 'stale']),
  arabicNow: z.string().nullable(),
  arabicInFile: z.string(),
  translationNow: z.string().nullable(),
  translationInFile: z.string(),
});

const xliffImportRoute = createRoute({
  method: 'post',
  path: '/{id}/xliff',
  tags: ['translation'],
  summary: 'Bring back an XLIFF 1.2 file exported from this document: changed translations are saved; lines whose Arabic (or English, in Sijill) changed since the export are conflicts, never overwritten',
  middleware: [fileLimit] as const,
  request: { params: IdParam, body: fileBody('application/xliff+xml', 'The XLIFF file (multipart field `file`, or the raw XML)') },
  responses: {
    200: jsonContent(z.object({ units: z.number(), updated: z.number(), unchanged: z.number(), conflicts: z.array(ConflictSchema) }), 'What was saved and what conflicts'),
    400: errorResponse('Not XLIFF 1.2'),
    403: errorResponse('Role may not edit'),
    404: errorResponse('No such document, or not readable'),
    409: errorResponse('The file belongs to another document'),
    413: errorResponse('Too large'),
  },
});

export const translationDocumentRoutes = protectedRouter()
  .openapi(documentQaRoute, async (c) => {
    const db = c.var.deps.database.db;
    const { id } = c.req.valid('param');
    const doc = await getDocument(db, c.var.user, id);
    if (!doc) throw notFound('The document');
    const issues = await documentQa(db, { id, collectionId: await collectionOfDocument(db, id) });
    return c.json({ issues, errors: issues.filter((i) => i.severity === 'error').length, warnings: issues.filter((i) => i.severity === 'warning').length }, 200);
  })
  .openapi(xliffExportRoute, async (c) => {
    const { xml, fileName } = await exportXliff(c.var.deps.database.db, c.var.user, c.req.valid('param').id, toolVersion);
    return c.body(xml, 200, { 'content-type': 'application/xliff+xml; charset=utf-8', 'content-disposition': `attachment; filename="${fileName}"` });
  })
  .openapi(xliffImportRoute, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.var.deps.database.db;
    const file = await uploadedText(c);
    const report = await importXliff(db, c.var.user, id, file.text);
    await db.transaction((tx: Tx) => appendAudit(tx, auditEvent('translation.xliff_imported', c.var.user.id, { sha256: file.sha256, updated: report.updated, unchanged: report.unchanged, conflicts: report.conflicts.length }, { type: 'document', id })));
    return c.json(report, 200);
  });

// ——— /api/translation/… ———

const suggestRoute = createRoute({
  method: 'post',
  path: '/suggest',
  tags: ['translation'],
  summary: 'The translation memory’s suggestion for any Arabic line (from collections the user may read)',
  request: { body: jsonBody(z.object({ text: z.string().min(1).max(10_000), previous: z.string().max(10_000).optional() }).strict()) },
  responses: { 200: jsonContent(z.object({ suggestion: SuggestionSchema.nullable() }), 'Suggestion or null'), 400: errorResponse('Invalid body') },
});

const pretranslateRoute = createRoute({
  method: 'post',
  path: '/pretranslate',
  tags: ['translation'],
  summary: 'Pre-translate a document or a whole collection in the background: untranslated lines get the memory’s suggestion (status suggested, with origin and score) until a person confirms them',
  request: {
    body: jsonBody(
      z
        .object({
          documentId: z.number().int().positive().optional(),
          collectionId: z.number().int().positive().optional(),
          minScore: z.number().min(0).max(100).optional().openapi({ description: 'Lowest match score filled in (default 70)' }),
        })
        .strict()
        .refine((b) => (b.documentId === undefined) !== (b.collectionId === undefined), { message: 'Give either documentId or collectionId.' }),
    ),
  },
  responses: {
    202: jsonContent(z.object({ job: JobSchema }), 'Queued; follow it at /api/translation/jobs/{id}'),
    400: errorResponse('Invalid body'),
    403: errorResponse('Role may not pre-translate'),
    404: errorResponse('No such document or collection, or not readable'),
  },
});

const jobRoute = createRoute({
  method: 'get',
  path: '/jobs/{id}',
  tags: ['translation'],
  summary: 'Progress of a pre-translation job',
  request: { params: IdParam },
  responses: { 200: jsonContent(z.object({ job: JobSchema }), 'The job'), 404: errorResponse('No such job, or not readable') },
});

const tmxExportRoute = createRoute({
  method: 'get',
  path: '/memory.tmx',
  tags: ['translation'],
  summary: 'The translation memory as TMX 1.4b: confirmed lines and imported units of one collection, or of every collection the user may read',
  request: { query: OptionalCollectionQuery },
  responses: { 200: { description: 'TMX 1.4b', content: { 'application/x-tmx+xml': { schema: z.string() } } }, 404: errorResponse('No such collection, or not readable') },
});

const tmxImportRoute = createRoute({
  method: 'post',
  path: '/memory.tmx',
  tags: ['translation'],
  summary: 'Import a TMX 1.4 memory (Arabic → English, any region) into a collection’s memory; pairs it already holds are skipped',
  middleware: [fileLimit] as const,
  request: { query: CollectionQuery, body: fileBody('application/x-tmx+xml', 'The TMX file (multipart field `file`, or the raw XML)') },
  responses: {
    200: jsonContent(z.object({ units: z.number(), added: z.number(), skipped: z.number() }), 'Imported'),
    400: errorResponse('Not TMX'),
    403: errorResponse('Role may not import'),
    404: errorResponse('No such collection, or not readable'),
    413: errorResponse('Too large'),
  },
});

const termsRoute = createRoute({
  method: 'get',
  path: '/terms',
  tags: ['translation'],
  summary: 'A collection’s team terms',
  request: { query: CollectionQuery },
  responses: { 200: jsonContent(z.object({ terms: z.array(TermSchema) }), 'Terms'), 404: errorResponse('No such collection, or not readable') },
});

const TermBody = z.object({ sourceTerm: z.string().trim().min(1).max(500), targetTerm: z.string().trim().min(1).max(500), note: z.string().max(2000).default('') });

const createTermRoute = createRoute({
  method: 'post',
  path: '/terms',
  tags: ['translation'],
  summary: 'Add a term (Arabic → English, with a note) to a collection',
  request: { body: jsonBody(TermBody.extend({ collectionId: z.number().int().positive() }).strict()) },
  responses: {
    201: jsonContent(z.object({ term: TermSchema }), 'Added'),
    400: errorResponse('Invalid body'),
    403: errorResponse('Role may not change the termbase'),
    404: errorResponse('No such collection, or not readable'),
    409: errorResponse('The collection already has this term'),
  },
});

const updateTermRoute = createRoute({
  method: 'patch',
  path: '/terms/{id}',
  tags: ['translation'],
  summary: 'Change a term',
  request: { params: IdParam, body: jsonBody(TermBody.partial().strict()) },
  responses: { 200: jsonContent(z.object({ term: TermSchema }), 'Changed'), 403: errorResponse('Role may not change the termbase'), 404: errorResponse('No such term, or not readable') },
});

const deleteTermRoute = createRoute({
  method: 'delete',
  path: '/terms/{id}',
  tags: ['translation'],
  summary: 'Delete a term',
  request: { params: IdParam },
  responses: { 200: jsonContent(z.object({ deleted: z.literal(true) }), 'Deleted'), 403: errorResponse('Role may not change the termbase'), 404: errorResponse('No such term, or not readable') },
});

const termsCsvRoute = createRoute({
  method: 'get',
  path: '/terms.csv',
  tags: ['translation'],
  summary: 'A collection’s team terms as CSV (arabic,english,note; UTF-8 with BOM)',
  request: { query: CollectionQuery },
  responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, 404: errorResponse('No such collection, or not readable') },
});

const termsCsvImportRoute = createRoute({
  method: 'post',
  path: '/terms.csv',
  tags: ['translation'],
  summary: 'Import terms from CSV (arabic,english,note) into a collection; terms it already has are skipped',
  middleware: [fileLimit] as const,
  request: { query: CollectionQuery, body: fileBody('text/csv', 'The CSV file (multipart field `file`, or the raw CSV)') },
  responses: {
    200: jsonContent(z.object({ rows: z.number(), added: z.number(), skipped: z.number() }), 'Imported'),
    400: errorResponse('Not a termbase CSV'),
    403: errorResponse('Role may not change the termbase'),
    404: errorResponse('No such collection, or not readable'),
  },
});

const termDto = (t: Omit<NonNullable<Awaited<ReturnType<typeof getTerm>>>, 'sourceKey'>) => ({
  id: t.id,
  collectionId: t.collectionId,
  sourceTerm: t.sourceTerm,
  targetTerm: t.targetTerm,
  note: t.note,
  createdBy: t.createdBy,
  updatedAt: t.updatedAt.toISOString(),
});

/** A term whose collection the user may read, else 404. */
async function readableTerm(c: Context<AppEnv>, id: number) {
  const term = await getTerm(c.var.deps.database.db, id);
  if (!term || !(await getReadableCollection(c.var.deps.database.db, c.var.user, term.collectionId))) throw notFound('The term');
  return term;
}

export const translationRoutes = protectedRouter()
  .openapi(suggestRoute, async (c) => {
    const body = c.req.valid('json');
    return c.json({ suggestion: await suggestForUser(c.var.deps.database.db, c.var.user, body.text.normalize('NFC'), { previous: body.previous?.normalize('NFC') }) }, 200);
  })
  .openapi(pretranslateRoute, async (c) => {
    const body = c.req.valid('json');
    const scope = body.documentId !== undefined ? { documentId: body.documentId } : { collectionId: body.collectionId! };
    const job = await requestPretranslation(c.var.deps.database, c.var.user, scope, body.minScore);
    return c.json({ job: toJobDto(job) }, 202);
  })
  .openapi(jobRoute, async (c) => c.json({ job: await pretranslationJobFor(c.var.deps.database.db, c.var.user, c.req.valid('param').id) }, 200))
  .openapi(tmxExportRoute, async (c) => {
    const db = c.var.deps.database.db;
    const { collectionId } = c.req.valid('query');
    const ids = collectionId !== undefined ? [(await readableCollection(c, collectionId)).id] : [...(await readableCollectionIds(db, c.var.user))];
    const units = await memoryForExport(db, ids);
    await db.transaction((tx: Tx) => appendAudit(tx, auditEvent('translation.memory_exported', c.var.user.id, { collectionId: collectionId ?? null, units: units.length })));
    const xml = writeTmx(units, { toolVersion });
    return c.body(xml, 200, { 'content-type': 'application/x-tmx+xml; charset=utf-8', 'content-disposition': `attachment; filename="sijill-memory${collectionId ? `-${collectionId}` : ''}.tmx"` });
  })
  .openapi(tmxImportRoute, async (c) => {
    assertCan(c.var.user, 'translation.import');
    const db = c.var.deps.database.db;
    const collection = await readableCollection(c, c.req.valid('query').collectionId);
    assertCan(c.var.user, 'translation.import', collection.id); // the role in that collection
    const file = await uploadedText(c);
    const { units, skipped } = readTmx(file.text);
    const added = await db.transaction(async (tx: Tx) => {
      const n = await insertTranslationUnits(
        tx,
        collection.id,
        units.map((u) => ({ source: u.source.normalize('NFC'), target: u.target.normalize('NFC'), creator: u.creator, note: u.note, changedAt: u.changedAt ?? u.createdAt })),
        { userId: c.var.user.id, fileName: file.name },
      );
      await appendAudit(tx, auditEvent('translation.memory_imported', c.var.user.id, { collectionId: collection.id, sha256: file.sha256, units: units.length, added: n, skipped }, { type: 'collection', id: collection.id }));
      return n;
    });
    memoryChanged(db);
    return c.json({ units: units.length, added, skipped }, 200);
  })
  .openapi(termsRoute, async (c) => {
    const collection = await readableCollection(c, c.req.valid('query').collectionId);
    const rows = await listTerms(c.var.deps.database.db, [collection.id]);
    return c.json({ terms: rows.map(termDto) }, 200);
  })
  .openapi(createTermRoute, async (c) => {
    assertCan(c.var.user, 'term.edit');
    const body = c.req.valid('json');
    const db = c.var.deps.database.db;
    const collection = await readableCollection(c, body.collectionId);
    assertCan(c.var.user, 'term.edit', collection.id); // the role in that collection
    const row = { sourceTerm: body.sourceTerm.normalize('NFC'), sourceKey: termKey(body.sourceTerm), targetTerm: body.targetTerm.normalize('NFC'), note: body.note.normalize('NFC') };
    const id = await db.transaction(async (tx) => {
      const [created] = await insertTerms(tx, collection.id, [row], c.var.user.id);
      if (!created) throw new AppError(409, 'duplicate_term', 'This collection already has this term with this English.');
      await appendAudit(tx, auditEvent('term.changed', c.var.user.id, { collectionId: collection.id, operation: 'created' }, { type: 'term', id: created }));
      return created;
    });
    return c.json({ term: termDto((await getTerm(db, id))!) }, 201);
  })
  .openapi(updateTermRoute, async (c) => {
    assertCan(c.var.user, 'term.edit');
    const db = c.var.deps.database.db;
    const term = await readableTerm(c, c.req.valid('param').id);
    assertCan(c.var.user, 'term.edit', term.collectionId); // the role in that collection
    const body = c.req.valid('json');
    await db.transaction(async (tx) => {
      await updateTerm(tx, term.id, {
        ...(body.sourceTerm !== undefined ? { sourceTerm: body.sourceTerm.normalize('NFC'), sourceKey: termKey(body.sourceTerm) } : {}),
        ...(body.targetTerm !== undefined ? { targetTerm: body.targetTerm.normalize('NFC') } : {}),
        ...(body.note !== undefined ? { note: body.note.normalize('NFC') } : {}),
      });
      await appendAudit(tx, auditEvent('term.changed', c.var.user.id, { collectionId: term.collectionId, operation: 'updated' }, { type: 'term', id: term.id }));
    });
    return c.json({ term: termDto((await getTerm(db, term.id))!) }, 200);
  })
  .openapi(deleteTermRoute, async (c) => {
    assertCan(c.var.user, 'term.edit');
    const db = c.var.deps.database.db;
    const term = await readableTerm(c, c.req.valid('param').id);
    assertCan(c.var.user, 'term.edit', term.collectionId); // the role in that collection
    await db.transaction(async (tx) => {
      await deleteTerm(tx, term.id);
      await appendAudit(tx, auditEvent('term.changed', c.var.user.id, { collectionId: term.collectionId, operation: 'deleted' }, { type: 'term', id: term.id }));
    });
    return c.json({ deleted: true as const }, 200);
  })
  .openapi(termsCsvRoute, async (c) => {
    const collection = await readableCollection(c, c.req.valid('query').collectionId);
    const rows = await listTerms(c.var.deps.database.db, [collection.id]);
    return c.body(termsToCsv(rows), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="sijill-terms-${collection.id}.csv"` });
  })
  .openapi(termsCsvImportRoute, async (c) => {
    assertCan(c.var.user, 'term.edit');
    const db = c.var.deps.database.db;
    const collection = await readableCollection(c, c.req.valid('query').collectionId);
    assertCan(c.var.user, 'term.edit', collection.id); // the role in that collection
    const file = await uploadedText(c);
    const rows = parseTermsCsv(file.text);
    const added = await db.transaction(async (tx: Tx) => {
      const ids = await insertTerms(tx, collection.id, rows.map((r) => ({ ...r, sourceKey: termKey(r.sourceTerm) })), c.var.user.id);
      await appendAudit(tx, auditEvent('terms.imported', c.var.user.id, { collectionId: collection.id, sha256: file.sha256, added: ids.length, skipped: rows.length - ids.length }, { type: 'collection', id: collection.id }));
      return ids.length;
    });
    return c.json({ rows: rows.length, added, skipped: rows.length - added }, 200);
  });

