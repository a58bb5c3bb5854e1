import { index, integer, pgTable, real, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { collections } from './collections.table';
import { documents } from './documents.table';
import { jobStatusEnum } from './enums';
import { users } from './users.table';

/**
 * Translation units imported from TMX files into a collection's memory (confirmed lines of the
 * collection's documents are the rest of the memory, read from `segments`). Readable by whoever
 * reads the collection.
 */
export const translationUnits = pgTable(
  'translation_units',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    collectionId: integer()
      .notNull()
      .references(() => collections.id),
    source: text().notNull(),
    target: text().notNull(),
    /** The unit's author and dates as the TMX file gave them. */
    creator: text(),
    note: text(),
    changedAt: timestamp({ withTimezone: true }),
    importedBy: integer().references(() => users.id),
    importedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    fileName: text(),
  },
  (t) => [index().on(t.collectionId, t.id)],
);

/** A team's term: Arabic → English for one collection, with a note (the register's English forms are terms too). */
export const terms = pgTable(
  'terms',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    collectionId: integer()
      .notNull()
      .references(() => collections.id),
    sourceTerm: text().notNull(),
    /** The Arabic through the one normalizer, for matching and duplicates. */
    sourceKey: text().notNull(),
    targetTerm: text().notNull(),
    note: text().notNull().default(''),
    createdBy: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.collectionId, t.sourceKey, t.targetTerm), index().on(t.collectionId, t.sourceKey)],
);

/**
 * Pre-translation of a document or a whole collection, run in the background by the server;
 * `processed` of `total` lines so far, `filled` of them given a suggestion.
 */
export const pretranslationJobs = pgTable(
  'pretranslation_jobs',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    documentId: integer().references(() => documents.id, { onDelete: 'cascade' }),
    collectionId: integer().references(() => collections.id),
    requestedBy: integer()
      .notNull()
      .references(() => users.id),
    status: jobStatusEnum().notNull().default('queued'),
    minScore: real().notNull(),
    total: integer().notNull().default(0),
    processed: integer().notNull().default(0),
    filled: integer().notNull().default(0),
    error: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    heartbeatAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.status), index().on(t.documentId), index().on(t.collectionId)],
);
