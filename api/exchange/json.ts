/**
 * JSON: the document exactly as the other formats see it (api/exchange/document.ts), under a
 * versioned `format` name. Its shape is `documentJsonSchema` (zod; the tests check every export
 * against it).
 */
import { z } from 'zod';
import { entityKinds } from '../../db/schema';
import type { ExchangeDocument } from './document';

export const jsonFormatName = 'sijill-document/1';

const box = z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }).strict();

export const documentJsonSchema = z
  .object({
    format: z.literal(jsonFormatName),
    id: z.number().int(),
    title: z.string(),
    archiveRef: z.string().nullable(),
    documentDate: z.iso.date().nullable(),
    collection: z.string(),
    notes: z.string().nullable(),
    status: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    mime: z.string(),
    originalName: z.string().nullable(),
    pageCount: z.number().int().positive(),
    exportedAt: z.iso.datetime(),
    certification: z
      .object({
        id: z.number().int(),
        certifiedAt: z.iso.datetime(),
        certifiedBy: z.string(),
        place: z.string(),
        snapshotHash: z.string().regex(/^[0-9a-f]{64}$/),
        pdfSha256: z.string().regex(/^[0-9a-f]{64}$/),
        verifyUrl: z.string().url(),
      })
      .strict()
      .nullable(),
    pages: z.array(
      z
        .object({
          pageNo: z.number().int().positive(),
          width: z.number().int().positive(),
          height: z.number().int().positive(),
          dpi: z.number().nullable(),
          imageName: z.string(),
          textSource: z.string().nullable(),
          engine: z.string().nullable(),
          model: z.string().nullable(),
          lines: z.array(
            z
              .object({
                segmentId: z.number().int(),
                lineNo: z.number().int().positive(),
                version: z.number().int().positive(),
                status: z.string(),
                box,
                text: z.string(),
                translation: z.string(),
                confidence: z.number().min(0).max(100).nullable(),
                words: z.array(z.object({ text: z.string(), confidence: z.number(), box }).strict()),
                tags: z.array(
                  z
                    .object({
                      field: z.enum(['text', 'translation']),
                      start: z.number().int().min(0),
                      end: z.number().int().positive(),
                      kind: z.enum(entityKinds),
                      normalized: z.string().nullable(),
                      entity: z.object({ id: z.number().int(), nameAr: z.string(), nameEn: z.string() }).strict().nullable(),
                    })
                    .strict(),
                ),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
  })
  .strict();

export function documentJson(doc: ExchangeDocument): string {
  const { publicUrl: _publicUrl, ...rest } = doc;
  return `${JSON.stringify({ format: jsonFormatName, ...rest }, null, 2)}\n`;
}
