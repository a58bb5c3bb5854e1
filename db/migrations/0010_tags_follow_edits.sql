CREATE TYPE "public"."mention_event_action" AS ENUM('created', 'accepted', 'rejected', 'changed', 'removed', 'revalued', 'dropped', 'detached', 'reattached', 'moved', 'withdrawn');--> statement-breakpoint
CREATE TABLE "mention_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mention_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"mention_id" integer NOT NULL,
	"segment_id" integer NOT NULL,
	"segment_version" integer NOT NULL,
	"action" "mention_event_action" NOT NULL,
	"other_segment_id" integer,
	"actor_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"state" jsonb NOT NULL,
	"previous" jsonb
);
--> statement-breakpoint
ALTER TABLE "segment_versions" ADD COLUMN "tag_spans" jsonb;--> statement-breakpoint
ALTER TABLE "mentions" ADD COLUMN "surface" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "mentions" ADD COLUMN "recheck" jsonb;--> statement-breakpoint
ALTER TABLE "mention_events" ADD CONSTRAINT "mention_events_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mention_events" ADD CONSTRAINT "mention_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mention_events_segment_id_id_index" ON "mention_events" USING btree ("segment_id","id");--> statement-breakpoint
CREATE INDEX "mention_events_mention_id_id_index" ON "mention_events" USING btree ("mention_id","id");