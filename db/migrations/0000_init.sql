CREATE TYPE "public"."actor_type" AS ENUM('member', 'user', 'buyer', 'system', 'anonymous');--> statement-breakpoint
CREATE TYPE "public"."customer_status" AS ENUM('enrolled', 'active', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."email_status" AS ENUM('queued', 'sending', 'sent', 'failed');--> statement-breakpoint
CREATE TYPE "public"."member_role" AS ENUM('admin', 'pm', 'viewer');--> statement-breakpoint
CREATE TYPE "public"."program_status" AS ENUM('active', 'archived');--> statement-breakpoint
CREATE TYPE "public"."round_outcome" AS ENUM('passed', 'iterate');--> statement-breakpoint
CREATE TYPE "public"."round_status" AS ENUM('draft', 'open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."signoff_decision" AS ENUM('approve', 'decline');--> statement-breakpoint
CREATE TYPE "public"."task_outcome" AS ENUM('completed', 'completed_with_help', 'not_completed');--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid,
	"actor_type" "actor_type" NOT NULL,
	"actor_member_id" uuid,
	"actor_contact_id" uuid,
	"action" text NOT NULL,
	"program_id" uuid,
	"customer_id" uuid,
	"round_id" uuid,
	"subject_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "business_case_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"business_case_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"problem" text NOT NULL,
	"value_claimed" text NOT NULL,
	"price_terms" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"content_hash" text NOT NULL,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "business_case_versions_workspace_id_id_key" UNIQUE("workspace_id","id"),
	CONSTRAINT "business_case_versions_case_version_key" UNIQUE("business_case_id","version")
);
--> statement-breakpoint
CREATE TABLE "business_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"current_version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "business_cases_workspace_id_id_key" UNIQUE("workspace_id","id"),
	CONSTRAINT "business_cases_round_customer_key" UNIQUE("round_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"is_buyer" boolean DEFAULT false NOT NULL,
	"is_user" boolean DEFAULT false NOT NULL,
	"is_champion" boolean DEFAULT false NOT NULL,
	"is_gatekeeper" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "contacts_workspace_id_id_key" UNIQUE("workspace_id","id"),
	CONSTRAINT "contacts_customer_id_id_key" UNIQUE("customer_id","id"),
	CONSTRAINT "contacts_email_lower" CHECK ("contacts"."email" = lower("contacts"."email")),
	CONSTRAINT "contacts_has_role" CHECK ("contacts"."is_buyer" or "contacts"."is_user" or "contacts"."is_champion" or "contacts"."is_gatekeeper")
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"name" text NOT NULL,
	"segment" text DEFAULT '' NOT NULL,
	"website" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"status" "customer_status" DEFAULT 'enrolled' NOT NULL,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_reason" text,
	CONSTRAINT "customers_workspace_id_id_key" UNIQUE("workspace_id","id"),
	CONSTRAINT "customers_program_id_id_key" UNIQUE("program_id","id"),
	CONSTRAINT "customers_withdrawn_consistent" CHECK (("customers"."status" = 'withdrawn') = ("customers"."withdrawn_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "email_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"template" text NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"props" jsonb NOT NULL,
	"status" "email_status" DEFAULT 'queued' NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"provider_id" text,
	"idempotency_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "feedback_invites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "member_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" "member_role" NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "member_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deactivated_at" timestamp with time zone,
	CONSTRAINT "members_workspace_id_id_key" UNIQUE("workspace_id","id"),
	CONSTRAINT "members_email_lower" CHECK ("members"."email" = lower("members"."email"))
);
--> statement-breakpoint
CREATE TABLE "programs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"product" text NOT NULL,
	"value_hypothesis" text NOT NULL,
	"target_referenceable" smallint DEFAULT 6 NOT NULL,
	"min_responses" smallint DEFAULT 3 NOT NULL,
	"min_sus" numeric(5, 2) DEFAULT 68 NOT NULL,
	"min_task_completion" numeric(4, 3) DEFAULT 0.78 NOT NULL,
	"status" "program_status" DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	"launched_at" timestamp with time zone,
	CONSTRAINT "programs_workspace_id_id_key" UNIQUE("workspace_id","id"),
	CONSTRAINT "programs_target_range" CHECK ("programs"."target_referenceable" between 1 and 10),
	CONSTRAINT "programs_min_responses_range" CHECK ("programs"."min_responses" between 1 and 50),
	CONSTRAINT "programs_min_sus_range" CHECK ("programs"."min_sus" between 0 and 100),
	CONSTRAINT "programs_min_task_range" CHECK ("programs"."min_task_completion" between 0 and 1)
);
--> statement-breakpoint
CREATE TABLE "round_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"instruction" text NOT NULL,
	"success_criteria" text DEFAULT '' NOT NULL,
	CONSTRAINT "round_tasks_round_id_id_key" UNIQUE("round_id","id"),
	CONSTRAINT "round_tasks_round_position_key" UNIQUE("round_id","position")
);
--> statement-breakpoint
CREATE TABLE "rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"prototype_url" text DEFAULT '' NOT NULL,
	"version" text DEFAULT '' NOT NULL,
	"tester_notes" text DEFAULT '' NOT NULL,
	"min_responses" smallint NOT NULL,
	"min_sus" numeric(5, 2) NOT NULL,
	"min_task_completion" numeric(4, 3) NOT NULL,
	"status" "round_status" DEFAULT 'draft' NOT NULL,
	"outcome" "round_outcome",
	"close_note" text,
	"gate_snapshot" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "rounds_workspace_id_id_key" UNIQUE("workspace_id","id"),
	CONSTRAINT "rounds_program_id_id_key" UNIQUE("program_id","id"),
	CONSTRAINT "rounds_program_number_key" UNIQUE("program_id","number"),
	CONSTRAINT "rounds_closed_has_outcome" CHECK (("rounds"."status" = 'closed') = ("rounds"."outcome" is not null and "rounds"."closed_at" is not null)),
	CONSTRAINT "rounds_min_responses_range" CHECK ("rounds"."min_responses" between 1 and 50),
	CONSTRAINT "rounds_min_sus_range" CHECK ("rounds"."min_sus" between 0 and 100),
	CONSTRAINT "rounds_min_task_range" CHECK ("rounds"."min_task_completion" between 0 and 1)
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"workspace_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "signoff_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"case_version_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"reminder_count" smallint DEFAULT 0 NOT NULL,
	"last_reminded_at" timestamp with time zone,
	"superseded_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "signoff_requests_workspace_id_id_key" UNIQUE("workspace_id","id"),
	CONSTRAINT "signoff_requests_reminders_max" CHECK ("signoff_requests"."reminder_count" between 0 and 3)
);
--> statement-breakpoint
CREATE TABLE "signoffs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"case_version_id" uuid NOT NULL,
	"decision" "signoff_decision" NOT NULL,
	"decline_reason" text,
	"conditions" text DEFAULT '' NOT NULL,
	"willingness_to_pay" text DEFAULT 'as_proposed' NOT NULL,
	"wtp_amount" numeric(14, 2),
	"wtp_currency" text,
	"reference_consent" boolean DEFAULT false NOT NULL,
	"consent_name_logo" boolean DEFAULT false NOT NULL,
	"consent_case_study" boolean DEFAULT false NOT NULL,
	"consent_reference_calls" boolean DEFAULT false NOT NULL,
	"consent_withdrawn_at" timestamp with time zone,
	"signature_name" text NOT NULL,
	"signed_content_hash" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "signoffs_decline_has_reason" CHECK ("signoffs"."decision" <> 'decline' or length(trim(coalesce("signoffs"."decline_reason", ''))) > 0),
	CONSTRAINT "signoffs_wtp_kind" CHECK ("signoffs"."willingness_to_pay" in ('as_proposed', 'amount', 'none'))
);
--> statement-breakpoint
CREATE TABLE "user_response_tasks" (
	"workspace_id" uuid NOT NULL,
	"response_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"outcome" "task_outcome" NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	CONSTRAINT "user_response_tasks_response_id_task_id_pk" PRIMARY KEY("response_id","task_id")
);
--> statement-breakpoint
CREATE TABLE "user_response_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"response_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"answers" jsonb NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"superseded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_response_versions_response_version_key" UNIQUE("response_id","version")
);
--> statement-breakpoint
CREATE TABLE "user_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"invite_id" uuid NOT NULL,
	"sus" smallint[] NOT NULL,
	"sus_score" numeric(5, 2) NOT NULL,
	"confusing" text DEFAULT '' NOT NULL,
	"missing" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_responses_workspace_id_id_key" UNIQUE("workspace_id","id"),
	CONSTRAINT "user_responses_round_contact_key" UNIQUE("round_id","contact_id"),
	CONSTRAINT "user_responses_sus_ten" CHECK (cardinality("user_responses"."sus") = 10 and 1 <= all("user_responses"."sus") and 5 >= all("user_responses"."sus")),
	CONSTRAINT "user_responses_sus_score_range" CHECK ("user_responses"."sus_score" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "workspaces" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_case_versions" ADD CONSTRAINT "business_case_versions_workspace_id_business_case_id_business_cases_workspace_id_id_fk" FOREIGN KEY ("workspace_id","business_case_id") REFERENCES "public"."business_cases"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_case_versions" ADD CONSTRAINT "business_case_versions_workspace_id_created_by_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","created_by_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_cases" ADD CONSTRAINT "business_cases_workspace_id_round_id_rounds_workspace_id_id_fk" FOREIGN KEY ("workspace_id","round_id") REFERENCES "public"."rounds"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_cases" ADD CONSTRAINT "business_cases_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_workspace_id_program_id_programs_workspace_id_id_fk" FOREIGN KEY ("workspace_id","program_id") REFERENCES "public"."programs"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_invites" ADD CONSTRAINT "feedback_invites_workspace_id_round_id_rounds_workspace_id_id_fk" FOREIGN KEY ("workspace_id","round_id") REFERENCES "public"."rounds"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_invites" ADD CONSTRAINT "feedback_invites_customer_id_contact_id_contacts_customer_id_id_fk" FOREIGN KEY ("customer_id","contact_id") REFERENCES "public"."contacts"("customer_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_invites" ADD CONSTRAINT "feedback_invites_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_invitations" ADD CONSTRAINT "member_invitations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_invitations" ADD CONSTRAINT "member_invitations_workspace_id_invited_by_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","invited_by_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_tasks" ADD CONSTRAINT "round_tasks_workspace_id_round_id_rounds_workspace_id_id_fk" FOREIGN KEY ("workspace_id","round_id") REFERENCES "public"."rounds"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_workspace_id_program_id_programs_workspace_id_id_fk" FOREIGN KEY ("workspace_id","program_id") REFERENCES "public"."programs"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_workspace_id_member_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","member_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoff_requests" ADD CONSTRAINT "signoff_requests_workspace_id_round_id_rounds_workspace_id_id_fk" FOREIGN KEY ("workspace_id","round_id") REFERENCES "public"."rounds"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoff_requests" ADD CONSTRAINT "signoff_requests_customer_id_contact_id_contacts_customer_id_id_fk" FOREIGN KEY ("customer_id","contact_id") REFERENCES "public"."contacts"("customer_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoff_requests" ADD CONSTRAINT "signoff_requests_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoff_requests" ADD CONSTRAINT "signoff_requests_workspace_id_case_version_id_business_case_versions_workspace_id_id_fk" FOREIGN KEY ("workspace_id","case_version_id") REFERENCES "public"."business_case_versions"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoffs" ADD CONSTRAINT "signoffs_workspace_id_request_id_signoff_requests_workspace_id_id_fk" FOREIGN KEY ("workspace_id","request_id") REFERENCES "public"."signoff_requests"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoffs" ADD CONSTRAINT "signoffs_workspace_id_round_id_rounds_workspace_id_id_fk" FOREIGN KEY ("workspace_id","round_id") REFERENCES "public"."rounds"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoffs" ADD CONSTRAINT "signoffs_customer_id_contact_id_contacts_customer_id_id_fk" FOREIGN KEY ("customer_id","contact_id") REFERENCES "public"."contacts"("customer_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoffs" ADD CONSTRAINT "signoffs_workspace_id_case_version_id_business_case_versions_workspace_id_id_fk" FOREIGN KEY ("workspace_id","case_version_id") REFERENCES "public"."business_case_versions"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_response_tasks" ADD CONSTRAINT "user_response_tasks_workspace_id_response_id_user_responses_workspace_id_id_fk" FOREIGN KEY ("workspace_id","response_id") REFERENCES "public"."user_responses"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_response_tasks" ADD CONSTRAINT "user_response_tasks_round_id_task_id_round_tasks_round_id_id_fk" FOREIGN KEY ("round_id","task_id") REFERENCES "public"."round_tasks"("round_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_response_versions" ADD CONSTRAINT "user_response_versions_workspace_id_response_id_user_responses_workspace_id_id_fk" FOREIGN KEY ("workspace_id","response_id") REFERENCES "public"."user_responses"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_responses" ADD CONSTRAINT "user_responses_invite_id_feedback_invites_id_fk" FOREIGN KEY ("invite_id") REFERENCES "public"."feedback_invites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_responses" ADD CONSTRAINT "user_responses_workspace_id_round_id_rounds_workspace_id_id_fk" FOREIGN KEY ("workspace_id","round_id") REFERENCES "public"."rounds"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_responses" ADD CONSTRAINT "user_responses_customer_id_contact_id_contacts_customer_id_id_fk" FOREIGN KEY ("customer_id","contact_id") REFERENCES "public"."contacts"("customer_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_responses" ADD CONSTRAINT "user_responses_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_workspace_idx" ON "audit_events" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_events_program_idx" ON "audit_events" USING btree ("program_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_events_customer_idx" ON "audit_events" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "contacts_customer_idx" ON "contacts" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_customer_email_key" ON "contacts" USING btree ("customer_id","email") WHERE "contacts"."removed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_one_buyer_key" ON "contacts" USING btree ("customer_id") WHERE "contacts"."is_buyer" and "contacts"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "customers_program_idx" ON "customers" USING btree ("program_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_program_name_active_key" ON "customers" USING btree ("program_id",lower("name")) WHERE "customers"."status" <> 'withdrawn';--> statement-breakpoint
CREATE UNIQUE INDEX "email_outbox_idempotency_key" ON "email_outbox" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "email_outbox_due_idx" ON "email_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "email_outbox_workspace_idx" ON "email_outbox" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_invites_token_hash_key" ON "feedback_invites" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_invites_live_key" ON "feedback_invites" USING btree ("round_id","contact_id") WHERE "feedback_invites"."revoked_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "member_invitations_token_hash_key" ON "member_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "member_invitations_workspace_idx" ON "member_invitations" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "members_email_key" ON "members" USING btree ("email");--> statement-breakpoint
CREATE INDEX "programs_workspace_idx" ON "programs" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "rounds_one_open_per_program_key" ON "rounds" USING btree ("program_id") WHERE "rounds"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_member_idx" ON "sessions" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "signoff_requests_token_hash_key" ON "signoff_requests" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "signoff_requests_round_customer_idx" ON "signoff_requests" USING btree ("round_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "signoffs_request_key" ON "signoffs" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "signoffs_round_customer_idx" ON "signoffs" USING btree ("round_id","customer_id");--> statement-breakpoint
CREATE INDEX "user_responses_round_customer_idx" ON "user_responses" USING btree ("round_id","customer_id");