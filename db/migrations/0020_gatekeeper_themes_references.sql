CREATE TYPE "public"."clearance_decision" AS ENUM('cleared', 'cleared_with_conditions', 'veto');--> statement-breakpoint
CREATE TYPE "public"."feedback_channel" AS ENUM('users', 'buyers', 'gatekeepers');--> statement-breakpoint
CREATE TYPE "public"."feedback_source" AS ENUM('user_comment', 'task_comment', 'buyer_conditions', 'buyer_decline', 'gatekeeper_conditions', 'gatekeeper_veto', 'gatekeeper_note');--> statement-breakpoint
CREATE TYPE "public"."quote_source" AS ENUM('champion', 'user_comment');--> statement-breakpoint
CREATE TYPE "public"."quote_status" AS ENUM('requested', 'given', 'approved', 'rejected', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."reference_kind" AS ENUM('call', 'case_study', 'logo', 'press_quote', 'analyst_briefing');--> statement-breakpoint
CREATE TYPE "public"."reference_status" AS ENUM('pending', 'agreed', 'declined', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."requirement_mark" AS ENUM('met', 'needs_work', 'blocker');--> statement-breakpoint
CREATE TYPE "public"."theme_kind" AS ENUM('problem', 'request');--> statement-breakpoint
CREATE TYPE "public"."theme_status" AS ENUM('open', 'addressed', 'wont_do');--> statement-breakpoint
ALTER TYPE "public"."actor_type" ADD VALUE 'gatekeeper' BEFORE 'system';--> statement-breakpoint
ALTER TYPE "public"."actor_type" ADD VALUE 'champion' BEFORE 'system';--> statement-breakpoint
ALTER TYPE "public"."notice_kind" ADD VALUE 'clearance_decided';--> statement-breakpoint
ALTER TYPE "public"."notice_kind" ADD VALUE 'reference_answered';--> statement-breakpoint
ALTER TYPE "public"."notice_kind" ADD VALUE 'quote_answered';--> statement-breakpoint
CREATE TABLE "clearance_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "clearance_marks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"clearance_id" uuid NOT NULL,
	"requirement_id" uuid NOT NULL,
	"mark" "requirement_mark" NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "clearance_marks_workspace_id_id_key" UNIQUE("workspace_id","id"),
	CONSTRAINT "clearance_marks_clearance_requirement_key" UNIQUE("clearance_id","requirement_id")
);
--> statement-breakpoint
CREATE TABLE "clearance_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"round_id" uuid,
	"customer_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"brief_version_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"reminder_count" smallint DEFAULT 0 NOT NULL,
	"last_reminded_at" timestamp with time zone,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "clearance_requests_workspace_id_id_key" UNIQUE("workspace_id","id"),
	CONSTRAINT "clearance_requests_reminders_max" CHECK ("clearance_requests"."reminder_count" between 0 and 3)
);
--> statement-breakpoint
CREATE TABLE "clearances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"round_id" uuid,
	"customer_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"brief_version_id" uuid NOT NULL,
	"decision" "clearance_decision" NOT NULL,
	"conditions" text DEFAULT '' NOT NULL,
	"veto_reason" text,
	"signature_name" text NOT NULL,
	"signed_content_hash" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clearances_workspace_id_id_key" UNIQUE("workspace_id","id"),
	CONSTRAINT "clearances_veto_has_reason" CHECK ("clearances"."decision" <> 'veto' or length(trim(coalesce("clearances"."veto_reason", ''))) > 0),
	CONSTRAINT "clearances_conditions_given" CHECK ("clearances"."decision" <> 'cleared_with_conditions' or length(trim("clearances"."conditions")) > 0)
);
--> statement-breakpoint
CREATE TABLE "customer_go_lives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"planned_on" date,
	"live_on" date,
	"agreement_plan" text DEFAULT '' NOT NULL,
	"agreement_seats" integer,
	"agreement_amount" numeric(14, 2),
	"agreement_currency" text,
	"agreement_signed_on" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_go_lives_customer_key" UNIQUE("customer_id"),
	CONSTRAINT "customer_go_lives_seats_positive" CHECK ("customer_go_lives"."agreement_seats" is null or "customer_go_lives"."agreement_seats" > 0),
	CONSTRAINT "customer_go_lives_amount_currency" CHECK (("customer_go_lives"."agreement_amount" is null) = ("customer_go_lives"."agreement_currency" is null))
);
--> statement-breakpoint
CREATE TABLE "customer_quotes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"source" "quote_source" NOT NULL,
	"author_contact_id" uuid NOT NULL,
	"response_id" uuid,
	"text" text,
	"attribution" text DEFAULT '' NOT NULL,
	"status" "quote_status" DEFAULT 'requested' NOT NULL,
	"requested_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"given_at" timestamp with time zone,
	"approver_contact_id" uuid,
	"answered_at" timestamp with time zone,
	"answer_note" text DEFAULT '' NOT NULL,
	"ip" text,
	"user_agent" text,
	CONSTRAINT "customer_quotes_workspace_id_id_key" UNIQUE("workspace_id","id"),
	CONSTRAINT "customer_quotes_given_has_text" CHECK ("customer_quotes"."status" = 'requested' or length(trim(coalesce("customer_quotes"."text", ''))) > 0)
);
--> statement-breakpoint
CREATE TABLE "quote_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"quote_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "quote_links_purpose" CHECK ("quote_links"."purpose" in ('give', 'approve'))
);
--> statement-breakpoint
CREATE TABLE "reference_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reference_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"kind" "reference_kind" NOT NULL,
	"requester" text NOT NULL,
	"purpose" text NOT NULL,
	"needed_by" date,
	"requested_by_id" uuid NOT NULL,
	"override_reason" text,
	"override_by_id" uuid,
	"status" "reference_status" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"answer_note" text DEFAULT '' NOT NULL,
	"signature_name" text,
	"ip" text,
	"user_agent" text,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	CONSTRAINT "reference_requests_workspace_id_id_key" UNIQUE("workspace_id","id"),
	CONSTRAINT "reference_requests_answered" CHECK (("reference_requests"."status" in ('agreed', 'declined')) = ("reference_requests"."answered_at" is not null)),
	CONSTRAINT "reference_requests_cancelled" CHECK (("reference_requests"."status" = 'cancelled') = ("reference_requests"."cancelled_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "round_learnings" (
	"workspace_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"theme_id" uuid NOT NULL,
	CONSTRAINT "round_learnings_round_id_theme_id_pk" PRIMARY KEY("round_id","theme_id")
);
--> statement-breakpoint
CREATE TABLE "tech_brief_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"brief_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"answers" jsonb NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"content_hash" text NOT NULL,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tech_brief_versions_workspace_id_id_key" UNIQUE("workspace_id","id"),
	CONSTRAINT "tech_brief_versions_brief_version_key" UNIQUE("brief_id","version")
);
--> statement-breakpoint
CREATE TABLE "tech_briefs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"current_version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tech_briefs_workspace_id_id_key" UNIQUE("workspace_id","id"),
	CONSTRAINT "tech_briefs_customer_key" UNIQUE("customer_id")
);
--> statement-breakpoint
CREATE TABLE "tech_requirements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"need" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "tech_requirements_workspace_id_id_key" UNIQUE("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "theme_tags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"theme_id" uuid NOT NULL,
	"source" "feedback_source" NOT NULL,
	"source_id" uuid NOT NULL,
	"channel" "feedback_channel" NOT NULL,
	"customer_id" uuid NOT NULL,
	"round_id" uuid,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "theme_tags_theme_source_key" UNIQUE("theme_id","source","source_id")
);
--> statement-breakpoint
CREATE TABLE "themes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"kind" "theme_kind" NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" "theme_status" DEFAULT 'open' NOT NULL,
	"addressed_round_id" uuid,
	"wont_do_reason" text,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "themes_workspace_id_id_key" UNIQUE("workspace_id","id"),
	CONSTRAINT "themes_addressed_has_round" CHECK (("themes"."status" = 'addressed') = ("themes"."addressed_round_id" is not null)),
	CONSTRAINT "themes_wont_do_has_reason" CHECK ("themes"."status" <> 'wont_do' or length(trim(coalesce("themes"."wont_do_reason", ''))) > 0)
);
--> statement-breakpoint
ALTER TABLE "close_reminders" DROP CONSTRAINT "close_reminders_channel";--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "it_clearance_required" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "special_max_customers" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "usable_requires_lower_bound" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "reference_limit_uses" smallint DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "reference_limit_days" smallint DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE "clearance_links" ADD CONSTRAINT "clearance_links_workspace_id_request_id_clearance_requests_workspace_id_id_fk" FOREIGN KEY ("workspace_id","request_id") REFERENCES "public"."clearance_requests"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clearance_marks" ADD CONSTRAINT "clearance_marks_workspace_id_clearance_id_clearances_workspace_id_id_fk" FOREIGN KEY ("workspace_id","clearance_id") REFERENCES "public"."clearances"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clearance_marks" ADD CONSTRAINT "clearance_marks_workspace_id_requirement_id_tech_requirements_workspace_id_id_fk" FOREIGN KEY ("workspace_id","requirement_id") REFERENCES "public"."tech_requirements"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clearance_requests" ADD CONSTRAINT "clearance_requests_workspace_id_program_id_programs_workspace_id_id_fk" FOREIGN KEY ("workspace_id","program_id") REFERENCES "public"."programs"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clearance_requests" ADD CONSTRAINT "clearance_requests_workspace_id_round_id_rounds_workspace_id_id_fk" FOREIGN KEY ("workspace_id","round_id") REFERENCES "public"."rounds"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clearance_requests" ADD CONSTRAINT "clearance_requests_customer_id_contact_id_contacts_customer_id_id_fk" FOREIGN KEY ("customer_id","contact_id") REFERENCES "public"."contacts"("customer_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clearance_requests" ADD CONSTRAINT "clearance_requests_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clearance_requests" ADD CONSTRAINT "clearance_requests_workspace_id_brief_version_id_tech_brief_versions_workspace_id_id_fk" FOREIGN KEY ("workspace_id","brief_version_id") REFERENCES "public"."tech_brief_versions"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clearances" ADD CONSTRAINT "clearances_workspace_id_request_id_clearance_requests_workspace_id_id_fk" FOREIGN KEY ("workspace_id","request_id") REFERENCES "public"."clearance_requests"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clearances" ADD CONSTRAINT "clearances_customer_id_contact_id_contacts_customer_id_id_fk" FOREIGN KEY ("customer_id","contact_id") REFERENCES "public"."contacts"("customer_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clearances" ADD CONSTRAINT "clearances_workspace_id_brief_version_id_tech_brief_versions_workspace_id_id_fk" FOREIGN KEY ("workspace_id","brief_version_id") REFERENCES "public"."tech_brief_versions"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_go_lives" ADD CONSTRAINT "customer_go_lives_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_quotes" ADD CONSTRAINT "customer_quotes_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_quotes" ADD CONSTRAINT "customer_quotes_customer_id_author_contact_id_contacts_customer_id_id_fk" FOREIGN KEY ("customer_id","author_contact_id") REFERENCES "public"."contacts"("customer_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_quotes" ADD CONSTRAINT "customer_quotes_workspace_id_requested_by_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","requested_by_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_links" ADD CONSTRAINT "quote_links_workspace_id_quote_id_customer_quotes_workspace_id_id_fk" FOREIGN KEY ("workspace_id","quote_id") REFERENCES "public"."customer_quotes"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_links" ADD CONSTRAINT "reference_links_workspace_id_request_id_reference_requests_workspace_id_id_fk" FOREIGN KEY ("workspace_id","request_id") REFERENCES "public"."reference_requests"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_requests" ADD CONSTRAINT "reference_requests_workspace_id_program_id_programs_workspace_id_id_fk" FOREIGN KEY ("workspace_id","program_id") REFERENCES "public"."programs"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_requests" ADD CONSTRAINT "reference_requests_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_requests" ADD CONSTRAINT "reference_requests_customer_id_contact_id_contacts_customer_id_id_fk" FOREIGN KEY ("customer_id","contact_id") REFERENCES "public"."contacts"("customer_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_requests" ADD CONSTRAINT "reference_requests_workspace_id_requested_by_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","requested_by_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_learnings" ADD CONSTRAINT "round_learnings_workspace_id_round_id_rounds_workspace_id_id_fk" FOREIGN KEY ("workspace_id","round_id") REFERENCES "public"."rounds"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_learnings" ADD CONSTRAINT "round_learnings_workspace_id_theme_id_themes_workspace_id_id_fk" FOREIGN KEY ("workspace_id","theme_id") REFERENCES "public"."themes"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tech_brief_versions" ADD CONSTRAINT "tech_brief_versions_workspace_id_brief_id_tech_briefs_workspace_id_id_fk" FOREIGN KEY ("workspace_id","brief_id") REFERENCES "public"."tech_briefs"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tech_brief_versions" ADD CONSTRAINT "tech_brief_versions_workspace_id_created_by_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","created_by_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tech_briefs" ADD CONSTRAINT "tech_briefs_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tech_requirements" ADD CONSTRAINT "tech_requirements_workspace_id_program_id_programs_workspace_id_id_fk" FOREIGN KEY ("workspace_id","program_id") REFERENCES "public"."programs"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "theme_tags" ADD CONSTRAINT "theme_tags_workspace_id_theme_id_themes_workspace_id_id_fk" FOREIGN KEY ("workspace_id","theme_id") REFERENCES "public"."themes"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "theme_tags" ADD CONSTRAINT "theme_tags_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "theme_tags" ADD CONSTRAINT "theme_tags_workspace_id_round_id_rounds_workspace_id_id_fk" FOREIGN KEY ("workspace_id","round_id") REFERENCES "public"."rounds"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "themes" ADD CONSTRAINT "themes_workspace_id_program_id_programs_workspace_id_id_fk" FOREIGN KEY ("workspace_id","program_id") REFERENCES "public"."programs"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "themes" ADD CONSTRAINT "themes_workspace_id_addressed_round_id_rounds_workspace_id_id_fk" FOREIGN KEY ("workspace_id","addressed_round_id") REFERENCES "public"."rounds"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "themes" ADD CONSTRAINT "themes_workspace_id_created_by_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","created_by_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "clearance_links_token_hash_key" ON "clearance_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "clearance_links_request_idx" ON "clearance_links" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "clearance_requests_customer_idx" ON "clearance_requests" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "clearance_requests_live_key" ON "clearance_requests" USING btree ("customer_id") WHERE "clearance_requests"."superseded_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "clearances_request_key" ON "clearances" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "clearances_customer_idx" ON "clearances" USING btree ("customer_id","decided_at");--> statement-breakpoint
CREATE INDEX "customer_quotes_customer_idx" ON "customer_quotes" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "quote_links_token_hash_key" ON "quote_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "quote_links_quote_idx" ON "quote_links" USING btree ("quote_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reference_links_token_hash_key" ON "reference_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "reference_links_request_idx" ON "reference_links" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "reference_requests_customer_idx" ON "reference_requests" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "reference_requests_program_idx" ON "reference_requests" USING btree ("program_id","created_at");--> statement-breakpoint
CREATE INDEX "tech_requirements_program_idx" ON "tech_requirements" USING btree ("program_id","position");--> statement-breakpoint
CREATE INDEX "theme_tags_source_idx" ON "theme_tags" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "theme_tags_customer_idx" ON "theme_tags" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "themes_program_title_key" ON "themes" USING btree ("program_id",lower("title"));--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_clearance_opened_once_key" ON "audit_events" USING btree ("subject_id") WHERE "audit_events"."action" = 'clearance.opened';--> statement-breakpoint
ALTER TABLE "close_reminders" ADD CONSTRAINT "close_reminders_channel" CHECK ("close_reminders"."channel" in ('feedback', 'signoff', 'clearance'));--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_special_max_range" CHECK ("programs"."special_max_customers" between 1 and 10);--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_reference_limit_range" CHECK ("programs"."reference_limit_uses" between 1 and 50 and "programs"."reference_limit_days" between 1 and 730);