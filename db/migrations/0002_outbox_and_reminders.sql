DROP INDEX "feedback_invites_live_key";--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "subject_id" uuid;--> statement-breakpoint
CREATE INDEX "email_outbox_subject_idx" ON "email_outbox" USING btree ("subject_id");--> statement-breakpoint
CREATE INDEX "feedback_invites_round_contact_idx" ON "feedback_invites" USING btree ("round_id","contact_id","created_at");