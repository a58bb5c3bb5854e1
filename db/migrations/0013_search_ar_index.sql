-- 0012 re-created search_ar (its expression changed from the 'arabic' to the 'simple'
-- configuration), which dropped its GIN index; drizzle-kit's snapshot still lists the index,
-- so it is created again here. Run `npx sijill search reindex` afterwards: text_norm, the
-- date column and the vocabulary's Latin keys are computed by the application.
CREATE INDEX IF NOT EXISTS "segments_search_ar_idx" ON "segments" USING gin ("search_ar");
