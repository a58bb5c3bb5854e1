ALTER TABLE "certifications" ADD COLUMN "audit_seq" integer;--> statement-breakpoint
ALTER TABLE "certifications" ADD COLUMN "audit_hash" text;