ALTER TABLE "segments" drop column "search_ar";--> statement-breakpoint
ALTER TABLE "segments" ADD COLUMN "search_ar" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, text_norm)) STORED;--> statement-breakpoint
ALTER TABLE "segments" ADD COLUMN "text_dates" datemultirange;--> statement-breakpoint
ALTER TABLE "search_terms" ADD COLUMN "latin_key" text;--> statement-breakpoint
CREATE INDEX "segments_text_dates_idx" ON "segments" USING gist ("text_dates");--> statement-breakpoint
CREATE INDEX "search_terms_latin_key_idx" ON "search_terms" USING btree ("latin_key");