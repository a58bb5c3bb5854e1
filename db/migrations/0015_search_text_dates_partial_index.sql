DROP INDEX "segments_text_dates_idx";--> statement-breakpoint
CREATE INDEX "segments_text_dates_idx" ON "segments" USING gist ("text_dates") WHERE "segments"."text_dates" IS NOT NULL;