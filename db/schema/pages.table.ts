import { boolean, doublePrecision, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { documents } from './documents.table';
import { pageOcrStatusEnum } from './enums';

export const pages = pgTable(
  'pages',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    documentId: integer()
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    /** 1-based, as printed on the page list. */
    pageNo: integer().notNull(),
    /** SHA-256 of the working image in the blob store's page area; null until rendered. */
    imageKey: text(),
    imageMime: text(),
    width: integer(),
    height: integer(),
    dpi: integer(),
    ocrStatus: pageOcrStatusEnum().notNull().default('pending'),
    ocrError: text(),
    /** 'ocr' or 'pdf-text' (a PDF's own text layer, used as found). */
    textSource: text(),
    ocrEngine: text(),
    ocrModel: text(),
    meanConfidence: doublePrecision(),
    ocrMs: integer(),
    ocrAt: timestamp({ withTimezone: true }),
    /** A photograph of a person: the viewer blurs it until the user chooses to look. */
    sensitive: boolean().notNull().default(false),
  },
  (t) => [unique().on(t.documentId, t.pageNo)],
);
