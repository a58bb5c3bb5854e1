ALTER TABLE "collection_members" ADD COLUMN "role" "role";--> statement-breakpoint
ALTER TABLE "collection_members" ADD COLUMN "manager" boolean DEFAULT false NOT NULL;