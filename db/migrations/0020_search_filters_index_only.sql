DROP INDEX "segments_text_dates_idx";--> statement-breakpoint
DROP INDEX "mentions_search_entity_doc_idx";--> statement-breakpoint
DROP INDEX "mentions_search_date_doc_idx";--> statement-breakpoint
CREATE INDEX "segments_text_dates_idx" ON "segments" USING gist (range_merge("text_dates")) WHERE "segments"."text_dates" IS NOT NULL AND "segments"."status" <> 'deleted';--> statement-breakpoint
CREATE INDEX "mentions_search_entity_doc_idx" ON "mentions" USING btree ("entity_id","status","document_id") WHERE "mentions"."status" <> 'rejected';--> statement-breakpoint
CREATE INDEX "mentions_search_date_doc_idx" ON "mentions" USING btree ("normalized","document_id","status") WHERE "mentions"."kind" = 'date' AND "mentions"."status" <> 'rejected';