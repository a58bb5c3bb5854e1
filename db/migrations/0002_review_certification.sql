CREATE TYPE "public"."review_action" AS ENUM('approved', 'returned');--> statement-breakpoint
CREATE TABLE "review_notes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "review_notes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"document_id" integer NOT NULL,
	"page_id" integer,
	"segment_id" integer,
	"segment_version" integer,
	"action" "review_action" NOT NULL,
	"comment" text,
	"reviewer_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" integer
);
--> statement-breakpoint
CREATE TABLE "certifications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "certifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"document_id" integer NOT NULL,
	"snapshot_hash" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"certified_by" integer NOT NULL,
	"certified_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"credential" text,
	"declaration" text NOT NULL,
	"template_id" text NOT NULL,
	"translators" jsonb NOT NULL,
	"reviewers" jsonb NOT NULL,
	"pdf_sha256" text NOT NULL,
	"pdf_size_bytes" integer NOT NULL,
	"superseded_at" timestamp with time zone,
	"superseded_reason" text,
	CONSTRAINT "certifications_pdfSha256_unique" UNIQUE("pdf_sha256")
);
--> statement-breakpoint
ALTER TABLE "review_notes" ADD CONSTRAINT "review_notes_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_notes" ADD CONSTRAINT "review_notes_page_id_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_notes" ADD CONSTRAINT "review_notes_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_notes" ADD CONSTRAINT "review_notes_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_notes" ADD CONSTRAINT "review_notes_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certifications" ADD CONSTRAINT "certifications_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certifications" ADD CONSTRAINT "certifications_certified_by_users_id_fk" FOREIGN KEY ("certified_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_notes_document_id_index" ON "review_notes" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "review_notes_segment_id_index" ON "review_notes" USING btree ("segment_id");--> statement-breakpoint
CREATE INDEX "review_notes_page_id_index" ON "review_notes" USING btree ("page_id");--> statement-breakpoint
CREATE INDEX "certifications_document_id_index" ON "certifications" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "certifications_snapshot_hash_index" ON "certifications" USING btree ("snapshot_hash");