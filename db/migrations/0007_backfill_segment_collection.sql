-- Lines written before segments carried their document's collection (0006) get it from the document.
UPDATE "segments" SET "collection_id" = "documents"."collection_id" FROM "documents" WHERE "documents"."id" = "segments"."document_id";
