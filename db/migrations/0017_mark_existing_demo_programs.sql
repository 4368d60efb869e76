-- Demo programs loaded before the "demo" column: a workspace's first one is its demo, so it is not
-- loaded again (later copies, from earlier `npm run db:seed` runs, stay ordinary programs).
UPDATE "programs" SET "demo" = true
WHERE "id" IN (
  SELECT DISTINCT ON ("workspace_id") "program_id"
  FROM "audit_events"
  WHERE "action" = 'program.demo_loaded' AND "program_id" IS NOT NULL
  ORDER BY "workspace_id", "created_at", "id"
);
