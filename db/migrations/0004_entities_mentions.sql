CREATE TYPE "public"."entity_kind" AS ENUM('person', 'unit', 'place', 'date', 'other');--> statement-breakpoint
CREATE TYPE "public"."mention_field" AS ENUM('text', 'translation');--> statement-breakpoint
CREATE TYPE "public"."mention_status" AS ENUM('suggested', 'accepted', 'rejected');--> statement-breakpoint
CREATE TABLE "entities" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "entities_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" "entity_kind" NOT NULL,
	"canonical_ar" text NOT NULL,
	"canonical_en" text DEFAULT '' NOT NULL,
	"aliases_ar" text[] DEFAULT '{}'::text[] NOT NULL,
	"aliases_en" text[] DEFAULT '{}'::text[] NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"norm_key" text NOT NULL,
	"seed_key" text,
	"merged_into_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entities_seedKey_unique" UNIQUE("seed_key")
);
--> statement-breakpoint
CREATE TABLE "mentions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mentions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"segment_id" integer NOT NULL,
	"document_id" integer NOT NULL,
	"field" "mention_field" DEFAULT 'text' NOT NULL,
	"start_offset" integer NOT NULL,
	"end_offset" integer NOT NULL,
	"kind" "entity_kind" NOT NULL,
	"entity_id" integer,
	"normalized" text,
	"status" "mention_status" NOT NULL,
	"source" text NOT NULL,
	"score" real,
	"segment_version" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "entities" ADD CONSTRAINT "entities_merged_into_id_entities_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entities" ADD CONSTRAINT "entities_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentions" ADD CONSTRAINT "mentions_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentions" ADD CONSTRAINT "mentions_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentions" ADD CONSTRAINT "mentions_entity_id_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentions" ADD CONSTRAINT "mentions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentions" ADD CONSTRAINT "mentions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entities_kind_norm_key_index" ON "entities" USING btree ("kind","norm_key");--> statement-breakpoint
CREATE INDEX "entities_merged_into_id_index" ON "entities" USING btree ("merged_into_id");--> statement-breakpoint
CREATE INDEX "mentions_segment_id_field_start_offset_index" ON "mentions" USING btree ("segment_id","field","start_offset");--> statement-breakpoint
CREATE INDEX "mentions_document_id_status_index" ON "mentions" USING btree ("document_id","status");--> statement-breakpoint
CREATE INDEX "mentions_entity_id_status_index" ON "mentions" USING btree ("entity_id","status");