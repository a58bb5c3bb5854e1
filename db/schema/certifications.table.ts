import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { documents } from './documents.table';
import { users } from './users.table';

/** One frozen line of a certified snapshot. */
export type SnapshotLine = { segmentId: number; pageNo: number; lineNo: number; version: number; text: string; translation: string };
export type Snapshot = { v: 1; documentId: number; originals: string[]; lines: SnapshotLine[] };
export type PersonRef = { id: number; name: string };

/**
 * A certified translation: the frozen snapshot and its hash, who translated, reviewed and
 * certified it, the declaration as signed, and the SHA-256 of the PDF issued for it. Never
 * deleted or changed, except that it is marked superseded when the document changes after it.
 */
export const certifications = pgTable(
  'certifications',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    documentId: integer()
      .notNull()
      .references(() => documents.id),
    /** SHA-256 over the canonical JSON of `snapshot` (api/certification/snapshot.ts). */
    snapshotHash: text().notNull(),
    snapshot: jsonb().$type<Snapshot>().notNull(),
    certifiedBy: integer()
      .notNull()
      .references(() => users.id),
    certifiedAt: timestamp({ withTimezone: true }).notNull(),
    place: text().notNull(),
    credential: text(),
    declaration: text().notNull(),
    /** Which declaration template produced `declaration` (its SHA-256, first 16 hex digits). */
    templateId: text().notNull(),
    translators: jsonb().$type<PersonRef[]>().notNull(),
    reviewers: jsonb().$type<PersonRef[]>().notNull(),
    /** The issued PDF, stored in the blob store's `certified` area under this hash. */
    pdfSha256: text().notNull().unique(),
    pdfSizeBytes: integer().notNull(),
    /**
     * The last audit event committed before the PDF was rendered, printed on it: every issued PDF
     * witnesses the chain up to that event, so removing events from the chain's end shows.
     */
    auditSeq: integer(),
    auditHash: text(),
    supersededAt: timestamp({ withTimezone: true }),
    supersededReason: text(),
  },
  (t) => [index().on(t.documentId), index().on(t.snapshotHash)],
);
