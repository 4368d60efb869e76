ALTER TABLE "theme_tags" DROP CONSTRAINT "theme_tags_theme_source_key";--> statement-breakpoint
ALTER TABLE "theme_tags" ADD COLUMN "task_id" uuid;--> statement-breakpoint
ALTER TABLE "theme_tags" ADD CONSTRAINT "theme_tags_theme_source_key" UNIQUE NULLS NOT DISTINCT("theme_id","source","source_id","task_id");--> statement-breakpoint
ALTER TABLE "theme_tags" ADD CONSTRAINT "theme_tags_task_only_for_task_comments" CHECK (("theme_tags"."source" = 'task_comment') = ("theme_tags"."task_id" is not null));