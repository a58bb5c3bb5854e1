import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { collections } from './collections.table';
import { documentStatusEnum } from './enums';
import { users } from './users.table';

/** Where a transcription that came with a scan (instead of OCR) was written: PAGE XML or ALTO. */
export const transcriptionFormats = ['page-xml', 'alto'] as const;
export type TranscriptionFormat = (typeof transcriptionFormats)[number];

export const documents = pgTable(
  'documents',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    title: text().notNull(),
    archiveRef: text(),
    collectionId: integer()
      .notNull()
      .references(() => collections.id),
    /** SHA-256 of the original file as uploaded; the evidentiary copy's address in the blob store. */
    sha256: text().notNull().unique(),
    sizeBytes: integer().notNull(),
    mime: text().notNull(),
    originalName: text(),
    status: documentStatusEnum().notNull().default('ocr_pending'),
    pageCount: integer().notNull(),
    /** EXIF / PDF info exactly as found in the file. */
    fileMetadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** The date the document bears (ISO, Gregorian), as a person entered it; not the upload date. */
    documentDate: date({ mode: 'string' }),
    /** Free notes about the document as a whole (provenance, condition). */
    notes: text(),
    /**
     * A transcription that came with the scan (a PAGE XML or ALTO sidecar, as Transkribus or
     * eScriptorium export it), kept byte for byte in the blob store's `transcription` area: its
     * lines and boxes are used instead of OCR when the pages are rendered.
     */
    transcriptionSha256: text(),
    transcriptionFormat: text().$type<TranscriptionFormat>(),
    uploadedBy: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.collectionId),
    index().on(t.status),
    index().on(t.uploadedBy),
    index().on(t.documentDate),
    index().on(t.createdAt),
    // The document list's search box (title, archive reference, file name) with ILIKE '%…%'.
    index('documents_list_search_trgm_idx').using(
      'gin',
      sql`(lower(${t.title} || ' ' || coalesce(${t.archiveRef}, '') || ' ' || coalesce(${t.originalName}, ''))) gin_trgm_ops`,
    ),
  ],
);
