-- Existing workspaces ask in their current name until an admin sets the company name in Settings.
UPDATE "workspaces" SET "company_name" = "name" WHERE "company_name" IS NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ALTER COLUMN "company_name" SET NOT NULL;
