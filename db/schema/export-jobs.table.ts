import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { jobStatusEnum } from './enums';
import { users } from './users.table';

/**
 * What a collection export holds: a whole collection, or the documents a search finds (its
 * query, filters as api/search takes them, and whether near spellings count).
 */
export type ExportScope =
  | { kind: 'collection'; collectionId: number; collection: string }
  | { kind: 'search'; q: string; filters: Record<string, unknown>; fuzzy?: boolean };

/**
 * A ZIP of many documents in one format, built in the background (api/exchange/export-jobs.ts):
 * progress in `done` of `total`, the archive in the blob store's `export` area (key `sha256`) when done. Only the person
 * who asked for it (or an administrator) may download it; the documents in it are those the
 * requester could read when it was built.
 */
export const exportJobs = pgTable(
  'export_jobs',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    requestedBy: integer()
      .notNull()
      .references(() => users.id),
    format: text().notNull(),
    scope: jsonb().$type<ExportScope>().notNull(),
    status: jobStatusEnum().notNull().default('queued'),
    total: integer().notNull().default(0),
    done: integer().notNull().default(0),
    /** Documents left out because they could not be exported (no page read yet, for example). */
    skipped: integer().notNull().default(0),
    fileName: text(),
    sizeBytes: bigint({ mode: 'number' }),
    sha256: text(),
    error: text(),
    lockedBy: text(),
    heartbeatAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.requestedBy, t.createdAt), index().on(t.status)],
);
