CREATE TABLE "search_terms" (
	"term" text PRIMARY KEY NOT NULL,
	"lang" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "segments" ADD COLUMN "text_norm" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "segments" ADD COLUMN "translation_key" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "segments" ADD COLUMN "search_ar" "tsvector" GENERATED ALWAYS AS (to_tsvector('arabic'::regconfig, text_norm)) STORED;--> statement-breakpoint
ALTER TABLE "segments" ADD COLUMN "search_en" "tsvector" GENERATED ALWAYS AS (to_tsvector('english'::regconfig, translation)) STORED;--> statement-breakpoint
ALTER TABLE "segments" ADD COLUMN "search_rom" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, translation_key)) STORED;--> statement-breakpoint
CREATE INDEX "search_terms_term_trgm_idx" ON "search_terms" USING gin ("term" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "segments_search_ar_idx" ON "segments" USING gin ("search_ar");--> statement-breakpoint
CREATE INDEX "segments_search_en_idx" ON "segments" USING gin ("search_en");--> statement-breakpoint
CREATE INDEX "segments_search_rom_idx" ON "segments" USING gin ("search_rom");