-- The business case belongs to the customer (PRODUCT.md, "Across rounds"): one version history for
-- the whole program instead of one case per round. Each customer's per-round cases merge into its
-- earliest one, their versions renumbered in round order (round 1's v1, v2 then round 2's v1 → v3);
-- version rows keep their ids, so every sign-off still points at the text it signed.
DROP TRIGGER IF EXISTS business_cases_closed_read_only ON business_cases;
--> statement-breakpoint
DROP TRIGGER IF EXISTS business_case_versions_closed_read_only ON business_case_versions;
--> statement-breakpoint
CREATE TEMP TABLE case_merge AS
  SELECT v.id AS version_id,
         first_value(c.id) OVER (PARTITION BY c.customer_id ORDER BY r.number, c.created_at) AS keeper_id,
         row_number() OVER (PARTITION BY c.customer_id ORDER BY r.number, c.created_at, v.version) AS new_version
  FROM business_case_versions v
  JOIN business_cases c ON c.id = v.business_case_id
  JOIN rounds r ON r.id = c.round_id;
--> statement-breakpoint
-- Negative first, so no two rows ever share (case, version) while they move.
UPDATE business_case_versions v SET business_case_id = m.keeper_id, version = -m.new_version
  FROM case_merge m WHERE v.id = m.version_id;
--> statement-breakpoint
UPDATE business_case_versions SET version = -version WHERE version < 0;
--> statement-breakpoint
DROP TABLE case_merge;
--> statement-breakpoint
UPDATE business_cases c SET current_version = coalesce((SELECT max(v.version) FROM business_case_versions v WHERE v.business_case_id = c.id), 0);
--> statement-breakpoint
DELETE FROM business_cases c
  WHERE NOT EXISTS (SELECT 1 FROM business_case_versions v WHERE v.business_case_id = c.id)
    AND EXISTS (SELECT 1 FROM business_cases o WHERE o.customer_id = c.customer_id AND o.id <> c.id);
--> statement-breakpoint
-- A customer may still hold two empty cases (no version yet): keep one.
DELETE FROM business_cases c
  WHERE EXISTS (SELECT 1 FROM business_cases o WHERE o.customer_id = c.customer_id AND o.id < c.id);
--> statement-breakpoint
-- The closed-round rule no longer reaches case versions: a case is not a round's.
CREATE OR REPLACE FUNCTION charter_closed_round_read_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  subject jsonb;
  target uuid;
  state round_status;
BEGIN
  IF TG_TABLE_NAME = 'rounds' THEN
    IF OLD.status = 'closed' THEN
      RAISE EXCEPTION 'round % is closed and read-only', OLD.number
        USING ERRCODE = 'check_violation', CONSTRAINT = 'rounds_closed_read_only';
    END IF;
    RETURN NEW;
  END IF;
  -- Reference consent stays the buyer's to withdraw, and a removed buyer's withdrawal link ends:
  -- these two columns of a decision may change after its round closed, nothing else.
  IF TG_TABLE_NAME = 'signoffs' AND TG_OP = 'UPDATE'
     AND to_jsonb(NEW) - 'consent_withdrawn_at' - 'consent_token_hash' = to_jsonb(OLD) - 'consent_withdrawn_at' - 'consent_token_hash' THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' THEN subject := to_jsonb(OLD); ELSE subject := to_jsonb(NEW); END IF;
  IF TG_TABLE_NAME = 'signoff_links' THEN
    SELECT r.round_id INTO target FROM signoff_requests r WHERE r.id = (subject->>'request_id')::uuid;
  ELSIF TG_TABLE_NAME = 'user_response_versions' THEN
    SELECT r.round_id INTO target FROM user_responses r WHERE r.id = (subject->>'response_id')::uuid;
  ELSE
    target := (subject->>'round_id')::uuid;
  END IF;
  SELECT r.status INTO state FROM rounds r WHERE r.id = target FOR SHARE;
  IF state = 'closed' THEN
    RAISE EXCEPTION 'the round is closed and read-only'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'rounds_closed_read_only';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
-- A closed round's stored gate now names the decision that passed each customer's valuable test
-- (it may come from an earlier round), so readiness reads consent from that decision. Until now
-- that was always the round's own live decision: write it into the stored snapshots.
ALTER TABLE rounds DISABLE TRIGGER rounds_closed_read_only;
--> statement-breakpoint
UPDATE rounds r SET gate_snapshot = jsonb_set(r.gate_snapshot, '{customers}', (
    SELECT coalesce(jsonb_agg(
             CASE WHEN s.id IS NULL THEN e.c ELSE jsonb_set(e.c, '{valuable,signoffId}', to_jsonb(s.id::text)) END
             ORDER BY e.ord), '[]'::jsonb)
    FROM jsonb_array_elements(r.gate_snapshot->'customers') WITH ORDINALITY AS e(c, ord)
    LEFT JOIN LATERAL (
      SELECT s.id FROM signoffs s JOIN signoff_requests q ON q.id = s.request_id AND q.superseded_at IS NULL
      WHERE s.round_id = r.id AND s.customer_id = (e.c->>'customerId')::uuid AND s.decision = 'approve'
        AND e.c->'valuable'->>'state' = 'approved'
      LIMIT 1
    ) s ON true))
  WHERE r.status = 'closed' AND jsonb_typeof(r.gate_snapshot->'customers') = 'array';
--> statement-breakpoint
ALTER TABLE rounds ENABLE TRIGGER rounds_closed_read_only;
--> statement-breakpoint
ALTER TABLE "business_cases" DROP CONSTRAINT "business_cases_round_customer_key";--> statement-breakpoint
ALTER TABLE "business_cases" DROP CONSTRAINT "business_cases_workspace_id_round_id_rounds_workspace_id_id_fk";
--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "reconfirm_every_round" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "case_template_problem" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "case_template_value" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "case_template_price_terms" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "business_cases" DROP COLUMN "round_id";--> statement-breakpoint
ALTER TABLE "business_cases" ADD CONSTRAINT "business_cases_customer_key" UNIQUE("customer_id");