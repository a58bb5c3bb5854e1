ALTER TABLE "api_tokens" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "session_hash" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "password_token_hash" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "password_token_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_passwordTokenHash_unique" UNIQUE("password_token_hash");