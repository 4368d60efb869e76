CREATE TABLE "close_reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"closes_on" date NOT NULL,
	"days_before" smallint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "close_reminders_channel" CHECK ("close_reminders"."channel" in ('feedback', 'signoff'))
);
--> statement-breakpoint
ALTER TABLE "close_reminders" ADD CONSTRAINT "close_reminders_workspace_id_round_id_rounds_workspace_id_id_fk" FOREIGN KEY ("workspace_id","round_id") REFERENCES "public"."rounds"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "close_reminders_slot_key" ON "close_reminders" USING btree ("round_id","channel","subject_id","closes_on","days_before");