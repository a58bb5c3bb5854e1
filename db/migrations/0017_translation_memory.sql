ALTER TYPE "public"."segment_status" ADD VALUE 'suggested' BEFORE 'translated';--> statement-breakpoint
CREATE TABLE "pretranslation_jobs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pretranslation_jobs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"document_id" integer,
	"collection_id" integer,
	"requested_by" integer NOT NULL,
	"status" "job_status" DEFAULT 'queued' NOT NULL,
	"min_score" real NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"filled" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "terms" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "terms_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"collection_id" integer NOT NULL,
	"source_term" text NOT NULL,
	"source_key" text NOT NULL,
	"target_term" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "terms_collectionId_sourceKey_targetTerm_unique" UNIQUE("collection_id","source_key","target_term")
);
--> statement-breakpoint
CREATE TABLE "translation_units" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "translation_units_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"collection_id" integer NOT NULL,
	"source" text NOT NULL,
	"target" text NOT NULL,
	"creator" text,
	"note" text,
	"changed_at" timestamp with time zone,
	"imported_by" integer,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"file_name" text
);
--> statement-breakpoint
ALTER TABLE "segments" ADD COLUMN "suggestion_origin" text;--> statement-breakpoint
ALTER TABLE "segments" ADD COLUMN "suggestion_score" integer;--> statement-breakpoint
ALTER TABLE "pretranslation_jobs" ADD CONSTRAINT "pretranslation_jobs_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pretranslation_jobs" ADD CONSTRAINT "pretranslation_jobs_collection_id_collections_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."collections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pretranslation_jobs" ADD CONSTRAINT "pretranslation_jobs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terms" ADD CONSTRAINT "terms_collection_id_collections_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."collections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terms" ADD CONSTRAINT "terms_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "translation_units" ADD CONSTRAINT "translation_units_collection_id_collections_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."collections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "translation_units" ADD CONSTRAINT "translation_units_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pretranslation_jobs_status_index" ON "pretranslation_jobs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "pretranslation_jobs_document_id_index" ON "pretranslation_jobs" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "pretranslation_jobs_collection_id_index" ON "pretranslation_jobs" USING btree ("collection_id");--> statement-breakpoint
CREATE INDEX "terms_collection_id_source_key_index" ON "terms" USING btree ("collection_id","source_key");--> statement-breakpoint
CREATE INDEX "translation_units_collection_id_id_index" ON "translation_units" USING btree ("collection_id","id");--> statement-breakpoint
CREATE INDEX "segments_collection_id_updated_at_index" ON "segments" USING btree ("collection_id","updated_at");