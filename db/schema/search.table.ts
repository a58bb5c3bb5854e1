import { sql } from 'drizzle-orm';
import { customType, index, pgTable, text } from 'drizzle-orm/pg-core';

/** PostgreSQL `tsvector`; only ever written by generated columns, never by the application. */
export const tsvector = customType<{ data: string; driverData: string }>({ dataType: () => 'tsvector' });

/** PostgreSQL `datemultirange`, as its text form (`{[2016-03-05,2016-03-06)}`). */
export const datemultirange = customType<{ data: string; driverData: string }>({ dataType: () => 'datemultirange' });

/**
 * Vocabulary of the archive: every normalized Arabic word and lower-cased English word that
 * has appeared in a segment, with a trigram index, for "did you mean" and fuzzy expansion, and
 * the Arabic words' romanized keys, for Latin-letter searches in untranslated Arabic
 * (an OCR misreading such as الحابي for الحلبي is a near neighbour of the query). Grows as text
 * is saved (db/queries/search.ts `recordSearchTerms`, called where segments change); a word
 * that no longer occurs is harmless because suggestions are checked against the index.
 */
export const searchTerms = pgTable(
  'search_terms',
  {
    term: text().primaryKey(),
    /** 'ar' for normalized Arabic, 'en' for lower-cased Latin. */
    lang: text().notNull(),
    /**
     * For Arabic words: the romanized-name key of the word without its article
     * (api/text/romanize.ts `arabicWordKey`: الصباغ → `sbg`), so a name typed in Latin letters
     * finds the Arabic words written with those consonants.
     */
    latinKey: text(),
  },
  (t) => [index('search_terms_term_trgm_idx').using('gin', sql`${t.term} gin_trgm_ops`), index('search_terms_latin_key_idx').on(t.latinKey)],
);
