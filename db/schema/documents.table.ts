import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { collections } from './collections.table';
import { documentStatusEnum } from './enums';
import { users } from './users.table';

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
    uploadedBy: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.collectionId), index().on(t.status)],
);
