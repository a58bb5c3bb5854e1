import { index, integer, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { documents } from './documents.table';
import { pages } from './pages.table';
import { segments } from './segments.table';
import { users } from './users.table';

export const reviewActions = ['approved', 'returned'] as const;
export type ReviewAction = (typeof reviewActions)[number];
export const reviewActionEnum = pgEnum('review_action', reviewActions);

/**
 * A reviewer's decision on a line or a whole page, with the reason. A return stays open until
 * the line (or a line of the page) is changed; translators list the open ones.
 */
export const reviewNotes = pgTable(
  'review_notes',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    documentId: integer()
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    pageId: integer().references(() => pages.id, { onDelete: 'cascade' }),
    /** Null for a decision on a whole page. */
    segmentId: integer().references(() => segments.id, { onDelete: 'cascade' }),
    /** The line version the reviewer looked at. */
    segmentVersion: integer(),
    action: reviewActionEnum().notNull(),
    comment: text(),
    reviewerId: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedBy: integer().references(() => users.id),
  },
  (t) => [index().on(t.documentId), index().on(t.segmentId), index().on(t.pageId)],
);
