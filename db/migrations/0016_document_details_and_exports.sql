CREATE TABLE "export_jobs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "export_jobs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"requested_by" integer NOT NULL,
	"format" text NOT NULL,
	"scope" jsonb NOT NULL,
	"status" "job_status" DEFAULT 'queued' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"file_name" text,
	"size_bytes" bigint,
	"sha256" text,
	"error" text,
	"locked_by" text,
	"heartbeat_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "document_date" date;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "transcription_sha256" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "transcription_format" text;--> statement-breakpoint
ALTER TABLE "export_jobs" ADD CONSTRAINT "export_jobs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "export_jobs_requested_by_created_at_index" ON "export_jobs" USING btree ("requested_by","created_at");--> statement-breakpoint
CREATE INDEX "export_jobs_status_index" ON "export_jobs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "documents_uploaded_by_index" ON "documents" USING btree ("uploaded_by");--> statement-breakpoint
CREATE INDEX "documents_document_date_index" ON "documents" USING btree ("document_date");--> statement-breakpoint
CREATE INDEX "documents_created_at_index" ON "documents" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "documents_list_search_trgm_idx" ON "documents" USING gin ((lower("title" || ' ' || coalesce("archive_ref", '') || ' ' || coalesce("original_name", ''))) gin_trgm_ops);