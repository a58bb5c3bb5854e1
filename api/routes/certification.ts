import { createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../../db/client';
import { getDocument } from '../../db/queries/documents';
import { listCertifications } from '../../db/queries/certifications';
import { publicUrlMissing, type Config } from '../config';
import { appendAudit } from '../audit/chain';
import { auditEvent, type AuditPayload } from '../audit/events';
import { assertCan } from '../auth/permissions';
import { certifyDocument, loadCertifiedPdf, toCertificationDto, previewCertification } from '../certification/certify';
import { custodyCsv, readableCustody } from '../certification/custody';
import { verifyHash } from '../certification/verify';
import { notFound } from '../lib/errors';
import { errorResponse, IdParam, jsonBody, jsonContent, QaIssueSchema } from './schemas';
import { protectedRouter, publicRouter } from './router';
import { limited } from '../auth/rate-limits';

const PersonSchema = z.object({ id: z.number(), name: z.string() });

const Warnings = z.array(z.string()).openapi({
  description: 'Things to fix that did not stop certification, e.g. PUBLIC_URL unset (the PDF’s verification link then points at localhost)',
});

/** Certification goes ahead without PUBLIC_URL, but says what its PDF's link is worth. */
const certificationWarnings = (config: Config) => (config.publicUrl ? [] : [publicUrlMissing]);

export const CertificationSchema = z
  .object({
    id: z.number(),
    documentId: z.number(),
    snapshotHash: z.string().openapi({
      description: 'SHA-256 over the canonical JSON of the frozen snapshot (original SHA-256s; every line’s text, translation, version)',
    }),
    pdfSha256: z.string().openapi({ description: 'SHA-256 of the PDF exactly as issued' }),
    pdfSizeBytes: z.number(),
    certifiedBy: PersonSchema,
    certifiedAt: z.string(),
    place: z.string(),
    credential: z.string().nullable(),
    declaration: z.string(),
    templateId: z.string(),
    translators: z.array(PersonSchema),
    reviewers: z.array(PersonSchema),
    superseded: z
      .boolean()
      .openapi({ description: 'The document changed after this certification (or was certified again); it stays valid for its snapshot' }),
    supersededAt: z.string().nullable(),
    supersededReason: z.string().nullable(),
    pdfUrl: z.string(),
  })
  .openapi('Certification');

const certifyRoute = createRoute({
  method: 'post',
  path: '/{id}/certify',
  tags: ['certification'],
  summary: 'Certify the document’s current state and issue the certified PDF',
  description:
    'Only for accounts allowed to certify (role with document.certify and the canCertify flag), and only when every line is reviewed; ' +
    'otherwise 422 `unreviewed_lines` names the lines (page/line) in the message and lists them in `unreviewed`.',
  request: {
    params: IdParam,
    body: jsonBody(
      z
        .object({
          place: z.string().min(1).max(200).openapi({ example: 'The Hague' }),
          credential: z.string().max(300).optional().openapi({ example: 'Sworn translator Arabic–English, reg. no. 1234' }),
          qaOverride: z
            .object({ reason: z.string().min(1).max(2000) })
            .optional()
            .openapi({ description: 'Certify although QA errors remain (role with qa.override); the reason is audited (as a hash) and the errors counted.' }),
        })
        .strict(),
    ),
  },
  responses: {
    201: jsonContent(
      z.object({ certification: CertificationSchema, warnings: Warnings }),
      'Certified; the PDF is stored and its SHA-256 recorded',
    ),
    400: errorResponse('Invalid body'),
    403: errorResponse('Not allowed to certify'),
    404: errorResponse('No such document, or not readable'),
    409: errorResponse('Already certified in this exact state, or not ready (OCR)'),
    422: jsonContent(
      z.object({
        error: z.enum(['unreviewed_lines', 'suggested_lines', 'qa_errors', 'no_lines']),
        message: z.string(),
        unreviewed: z.array(z.object({ segmentId: z.number(), pageNo: z.number(), lineNo: z.number(), status: z.string() })).optional(),
        issues: z.array(z.object({ check: z.string(), severity: z.string(), segmentId: z.number(), message: z.string() })).optional(),
      }),
      'Some lines are not reviewed or still suggested, or QA errors remain without an override',
    ),
  },
});

const previewRoute = createRoute({
  method: 'get',
  path: '/{id}/certify/preview',
  tags: ['certification'],
  summary: 'The declaration certifying now would print, from the configured template, and the lines still unreviewed',
  request: {
    params: IdParam,
    query: z.object({ place: z.string().max(200).optional(), credential: z.string().max(300).optional() }),
  },
  responses: {
    200: jsonContent(
      z.object({
        declaration: z.string(),
        snapshotHash: z.string(),
        lines: z.number(),
        unreviewed: z.array(z.object({ segmentId: z.number(), pageNo: z.number(), lineNo: z.number(), status: z.string() })),
        qa: z.array(QaIssueSchema.extend({ pageNo: z.number(), lineNo: z.number() })),
        warnings: Warnings,
      }),
      'Preview; nothing is stored',
    ),
    404: errorResponse('No such document, or not readable'),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/{id}/certifications',
  tags: ['certification'],
  summary: 'Every certification of the document, newest first, with superseded flags',
  request: { params: IdParam },
  responses: {
    200: jsonContent(z.object({ certifications: z.array(CertificationSchema) }), 'Certifications'),
    404: errorResponse('No such document, or not readable'),
  },
});

const pdfRoute = createRoute({
  method: 'get',
  path: '/{id}/certified.pdf',
  tags: ['certification'],
  summary: 'The certified PDF exactly as issued (the newest, or ?certification=ID)',
  request: {
    params: IdParam,
    query: z.object({ certification: z.coerce.number().int().positive().optional() }),
  },
  responses: {
    200: {
      content: { 'application/pdf': { schema: z.string().openapi({ type: 'string', format: 'binary' }) } },
      description: 'The PDF; header X-Sijill-Sha256 carries its SHA-256',
    },
    404: errorResponse('No such document, not readable, or not certified'),
  },
});

const LinePlaceSchema = z.object({
  page: z.number(),
  line: z.number().nullable().openapi({ description: 'Null: the line was deleted since' }),
});
const CustodyContextSchema = z
  .object({
    page: z.number().optional(),
    line: z.number().nullable().optional(),
    lines: z.array(LinePlaceSchema).optional(),
    otherLine: LinePlaceSchema.nullable().optional(),
    lineStatus: z.string().optional(),
    tag: z.object({ kind: z.string(), field: z.string(), text: z.string() }).optional(),
    entity: z.object({ ar: z.string(), en: z.string() }).optional(),
    comment: z.string().optional(),
  })
  .openapi({
    description:
      'The event’s ids resolved for a reader: page and line numbers as the document reads now (line in reading order, null if deleted since), the lines of a review decision, where a tag moved, the status a change gave the line, the tag’s kind and words, its register entry (if the reader may see it), the review comment whose SHA-256 the event holds',
  });

const custodyRoute = createRoute({
  method: 'get',
  path: '/{id}/custody',
  tags: ['certification'],
  summary: 'Chain of custody: every audit event about the document, its lines, review and certifications (admins and legal)',
  request: {
    params: IdParam,
    query: z.object({ format: z.enum(['json', 'csv']).default('json') }),
  },
  responses: {
    200: {
      content: {
        'application/json': {
          schema: z.object({
            documentId: z.number(),
            events: z.array(
              z.object({
                seq: z.number(),
                at: z.string(),
                actor: z.object({ id: z.number(), name: z.string(), role: z.string().nullable() }).nullable(),
                action: z.string(),
                targetType: z.string().nullable(),
                targetId: z.string().nullable(),
                payload: z.record(z.string(), z.unknown()),
                prevHash: z.string(),
                hash: z.string(),
                intact: z.boolean().openapi({ description: 'The event’s hash still matches its content' }),
                context: CustodyContextSchema,
              }),
            ),
          }),
        },
        'text/csv': { schema: z.string() },
      },
      description: 'Events oldest first (JSON, or CSV with ?format=csv)',
    },
    403: errorResponse('Only admins and legal'),
    404: errorResponse('No such document, or not readable'),
  },
});

export const certificationRoutes = protectedRouter()
  .openapi(certifyRoute, async (c) => {
    const certification = await certifyDocument(c.var.deps, c.var.user, c.req.valid('param').id, c.req.valid('json'));
    return c.json({ certification, warnings: certificationWarnings(c.var.deps.config) }, 201);
  })
  .openapi(previewRoute, async (c) => {
    const preview = await previewCertification(c.var.deps, c.var.user, c.req.valid('param').id, c.req.valid('query'));
    return c.json({ ...preview, warnings: certificationWarnings(c.var.deps.config) }, 200);
  })
  .openapi(listRoute, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.var.deps.database.db;
    if (!(await getDocument(db, c.var.user, id))) throw notFound('The document');
    return c.json({ certifications: (await listCertifications(db, id)).map(toCertificationDto) }, 200);
  })
  .openapi(pdfRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { certification, bytes } = await loadCertifiedPdf(c.var.deps, c.var.user, id, c.req.valid('query').certification);
    await recordExport(c.var.deps.database.db, c.var.user.id, id, {
      kind: 'certified_pdf',
      certificationId: certification.id,
      sha256: certification.pdfSha256,
    });
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="document-${id}-certification-${certification.id}.pdf"`,
      'x-sijill-sha256': certification.pdfSha256,
      'cache-control': 'private, no-store',
    }) as never;
  })
  .openapi(custodyRoute, async (c) => {
    assertCan(c.var.user, 'custody.read');
    const { id } = c.req.valid('param');
    const { format } = c.req.valid('query');
    const db = c.var.deps.database.db;
    const document = await getDocument(db, c.var.user, id);
    if (!document) throw notFound('The document');
    assertCan(c.var.user, 'custody.read', document.collectionId);
    const events = await readableCustody(db, c.var.user, id);
    await recordExport(db, c.var.user.id, id, {
      kind: format === 'csv' ? 'custody_csv' : 'custody_json',
      certificationId: null,
      sha256: null,
    });
    if (format === 'csv') {
      return c.body(custodyCsv(events), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="document-${id}-custody.csv"`,
      }) as never;
    }
    return c.json({ documentId: id, events }, 200);
  });

/** An export is audited in a transaction of its own (appendAudit's lock lives as long as the transaction). */
function recordExport(db: Db, actorId: number, documentId: number, payload: Omit<AuditPayload<'document.exported'>, 'v'>) {
  return db.transaction((tx) => appendAudit(tx, auditEvent('document.exported', actorId, payload, { type: 'document', id: documentId })));
}

const Sha256Param = z.object({
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'A SHA-256 is 64 hexadecimal digits.')
    .transform((s) => s.toLowerCase())
    .openapi({ param: { name: 'sha256', in: 'path' }, example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }),
});

const verifyRoute = createRoute({
  method: 'get',
  path: '/{sha256}',
  tags: ['certification'],
  summary: 'Public: does this SHA-256 (of a certified PDF, an original scan, or a certification snapshot) match a certification?',
  description:
    'No account needed. Reveals only whether it matches, as what, who certified and when, whether the document changed since (superseded), and whether the audit event printed on the PDF is still in the chain unaltered.',
  security: [],
  middleware: [limited('verify')] as const,
  request: { params: Sha256Param },
  responses: {
    200: jsonContent(
      z
        .object({
          sha256: z.string(),
          match: z.boolean(),
          kind: z.enum(['certified_pdf', 'original_scan', 'snapshot']).optional(),
          certifications: z
            .array(
              z.object({
                certifiedBy: z.string(),
                certifiedAt: z.string(),
                superseded: z.boolean(),
                supersededAt: z.string().nullable(),
                auditEvent: z.object({ seq: z.number(), intact: z.boolean() }).nullable().openapi({
                  description:
                    'The audit event printed on the certified PDF ("Audit chain at issue"): intact when the chain still holds it, unaltered, with the hash printed there',
                }),
              }),
            )
            .optional(),
        })
        .openapi('Verification'),
      'The answer (match false when nothing certified has this hash)',
    ),
    400: errorResponse('Not a SHA-256'),
    429: errorResponse('More than 60 verifications a minute from one address; see Retry-After'),
  },
});

export const verifyRoutes = publicRouter().openapi(verifyRoute, async (c) => {
  const result = await verifyHash(c.var.deps.database.db, c.req.valid('param').sha256);
  c.header('cache-control', 'no-store');
  return c.json(result, 200);
});
