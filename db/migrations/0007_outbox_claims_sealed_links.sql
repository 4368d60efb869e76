ALTER TABLE "email_outbox" ADD COLUMN "sealed_links" text;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "claim_token" uuid;