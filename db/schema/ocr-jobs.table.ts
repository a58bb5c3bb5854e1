import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { jobStatusEnum } from './enums';
import { pages } from './pages.table';

/**
 * Durable OCR queue, one job per page. Claimed with FOR UPDATE SKIP LOCKED so several worker
 * processes can share it; a job whose heartbeat stops (process died) is claimed again.
 */
export const ocrJobs = pgTable(
  'ocr_jobs',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    pageId: integer()
      .notNull()
      .unique()
      .references(() => pages.id, { onDelete: 'cascade' }),
    status: jobStatusEnum().notNull().default('queued'),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(3),
    runAfter: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lockedBy: text(),
    heartbeatAt: timestamp({ withTimezone: true }),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.status, t.runAfter)],
);
