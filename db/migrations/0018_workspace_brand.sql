CREATE TABLE "workspace_logos" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_logos_type" CHECK ("workspace_logos"."content_type" in ('image/png', 'image/jpeg', 'image/webp')),
	CONSTRAINT "workspace_logos_size" CHECK (octet_length("workspace_logos"."bytes") <= 204800)
);
--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "company_name" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "accent_color" text;--> statement-breakpoint
ALTER TABLE "workspace_logos" ADD CONSTRAINT "workspace_logos_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "workspace_logos_sha256_idx" ON "workspace_logos" USING btree ("sha256");--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_accent_color_hex" CHECK ("workspaces"."accent_color" ~ '^#[0-9a-f]{6}$');--> statement-breakpoint
-- Existing workspaces ask in their current name until an admin sets the company name in Settings.
UPDATE "workspaces" SET "company_name" = "name" WHERE "company_name" IS NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ALTER COLUMN "company_name" SET NOT NULL;
