CREATE TABLE "signoff_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
DROP INDEX "signoff_requests_token_hash_key";--> statement-breakpoint
ALTER TABLE "signoffs" ADD COLUMN "consent_token_hash" text;--> statement-breakpoint
ALTER TABLE "signoff_links" ADD CONSTRAINT "signoff_links_workspace_id_request_id_signoff_requests_workspace_id_id_fk" FOREIGN KEY ("workspace_id","request_id") REFERENCES "public"."signoff_requests"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "signoff_links_token_hash_key" ON "signoff_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "signoff_links_request_idx" ON "signoff_links" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "audit_events_subject_idx" ON "audit_events" USING btree ("subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_signoff_opened_once_key" ON "audit_events" USING btree ("subject_id") WHERE "audit_events"."action" = 'signoff.opened';--> statement-breakpoint
CREATE UNIQUE INDEX "signoff_requests_live_key" ON "signoff_requests" USING btree ("round_id","customer_id") WHERE "signoff_requests"."superseded_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "signoffs_consent_token_hash_key" ON "signoffs" USING btree ("consent_token_hash");--> statement-breakpoint
ALTER TABLE "signoff_requests" DROP COLUMN "token_hash";--> statement-breakpoint
ALTER TABLE "signoff_requests" DROP COLUMN "sent_at";--> statement-breakpoint
ALTER TABLE "signoff_requests" DROP COLUMN "opened_at";--> statement-breakpoint
ALTER TABLE "signoff_requests" DROP COLUMN "revoked_at";