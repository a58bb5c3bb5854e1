import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { collections } from './collections.table';
import { documents } from './documents.table';
import { segmentStatusEnum } from './enums';
import { pages } from './pages.table';
import { datemultirange, tsvector } from './search.table';
import { users } from './users.table';

export type Box = { x: number; y: number; w: number; h: number };
/** Where a tag stood in one version of a line (ids of `mentions` rows; offsets into that version's text). */
export type TagSpan = { id: number; field: 'text' | 'translation'; start: number; end: number };
export type OcrWord = { text: string; confidence: number; box: Box };

/** One text line of a page. OCR fields are kept forever; `text`/`translation` are the current version. */
export const segments = pgTable(
  'segments',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    pageId: integer()
      .notNull()
      .references(() => pages.id, { onDelete: 'cascade' }),
    documentId: integer()
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    /**
     * The document's collection (a document never changes collection): search counts matching
     * lines and checks who may read them without joining every line to its document.
     */
    collectionId: integer()
      .notNull()
      .references(() => collections.id),
    /** Reading order within the page; fractional so a line can be inserted between two. */
    lineOrder: doublePrecision().notNull(),
    box: jsonb().$type<Box>().notNull(),
    ocrText: text().notNull().default(''),
    ocrConfidence: doublePrecision(),
    ocrWords: jsonb().$type<OcrWord[]>().notNull().default([]),
    text: text().notNull().default(''),
    translation: text().notNull().default(''),
    version: integer().notNull().default(1),
    status: segmentStatusEnum().notNull().default('ocr'),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedBy: integer().references(() => users.id),
    /**
     * Where a `suggested` translation came from (api/translation: `exact`, `substituted`, `fuzzy`,
     * `placeables`, `propagated`) and its match score 0–100; null once a person wrote or confirmed it.
     */
    suggestionOrigin: text(),
    suggestionScore: integer(),
    // Search (db/queries/search.ts). The keys are computed by the application where a segment
    // changes (api/search/index-keys.ts, called by update-segment.ts and replace-page-segments.ts):
    // `textNorm` the words of the text as the one Arabic normalizer folds them, one space apart
    // (digits apart from letters, so 1996 is a word of 13/12/1996م); `translationKey` the
    // romanized-name keys of the translation; `textDates` the days the text writes (findDates;
    // a month by its 15th), for the date filter. The vectors follow by themselves.
    textNorm: text().notNull().default(''),
    translationKey: text().notNull().default(''),
    textDates: datemultirange(),
    searchAr: tsvector().generatedAlwaysAs(sql`to_tsvector('simple'::regconfig, text_norm)`),
    searchEn: tsvector().generatedAlwaysAs(sql`to_tsvector('english'::regconfig, translation)`),
    searchRom: tsvector().generatedAlwaysAs(sql`to_tsvector('simple'::regconfig, translation_key)`),
  },
  (t) => [
    index().on(t.pageId, t.lineOrder),
    index().on(t.documentId),
    // The translation memory reads what changed since it last looked, per collection.
    index().on(t.collectionId, t.updatedAt),
    index('segments_search_ar_idx').using('gin', t.searchAr),
    index('segments_search_en_idx').using('gin', t.searchEn),
    index('segments_search_rom_idx').using('gin', t.searchRom),
    // The date filter's documents with a written date in a range, read from the index alone:
    // keyed by each line's span of written days (`range_merge`, exact in GiST and returnable, unlike
    // the multirange itself), with `document_id` and `text_dates` INCLUDEd (migration 0021, which
    // drizzle-kit cannot declare) for the exact test. Reading the heap for them cost one page per
    // dated line (16,000 pages for two years of bench:search's archive). Most lines write no date:
    // only the others are indexed; `range_merge(text_dates) && range` implies the predicate.
    index('segments_text_dates_idx')
      .using('gist', sql`range_merge(${t.textDates})`)
      .where(sql`${t.textDates} IS NOT NULL AND ${t.status} <> 'deleted'`),
  ],
);

/** Append-only: every accepted change of a segment, including its first (OCR) state. */
export const segmentVersions = pgTable(
  'segment_versions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    segmentId: integer()
      .notNull()
      .references(() => segments.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    text: text().notNull(),
    translation: text().notNull(),
    status: segmentStatusEnum().notNull(),
    box: jsonb().$type<Box>().notNull(),
    changedBy: integer().references(() => users.id),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    note: text(),
    /**
     * The line's tags as they stood when this version was replaced by the next (null for the
     * current version, whose tags are the `mentions` rows, and for lines without tags).
     * Restoring this version puts its tags back where they were (api/entities/follow-edit.ts).
     */
    tagSpans: jsonb().$type<TagSpan[]>(),
  },
  (t) => [index().on(t.segmentId, t.version)],
);
