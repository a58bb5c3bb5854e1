-- The date filter reads each dated line's document and days from segments_text_dates_idx alone
-- (an index-only scan): 0020 keyed it by range_merge(text_dates); INCLUDE, which drizzle-kit's
-- schema cannot declare, adds document_id and the exact multirange. The schema
-- (db/schema/segments.table.ts) declares the same name, expression and predicate, so
-- drizzle-kit sees no difference.
DROP INDEX IF EXISTS "segments_text_dates_idx";--> statement-breakpoint
CREATE INDEX "segments_text_dates_idx" ON "segments" USING gist (range_merge("text_dates")) INCLUDE ("document_id", "text_dates") WHERE "segments"."text_dates" IS NOT NULL AND "segments"."status" <> 'deleted';
