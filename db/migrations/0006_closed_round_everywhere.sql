-- A closed round is read-only in every table of the round, the buyer channel included: no
-- decision, response, link or case version lands in it after the gate's snapshot was stored.
-- The round row is read FOR SHARE, so a write racing a close waits for it and then sees it closed
-- (closeRound holds the round FOR UPDATE; the app's lock order is in
-- app/modules/rounds/round-locks.server.ts). closeRound ends the round's links before it marks
-- the round closed, so its own writes pass.
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
  ELSIF TG_TABLE_NAME = 'business_case_versions' THEN
    SELECT c.round_id INTO target FROM business_cases c WHERE c.id = (subject->>'business_case_id')::uuid;
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
CREATE TRIGGER user_response_tasks_closed_read_only BEFORE INSERT OR UPDATE OR DELETE ON user_response_tasks
  FOR EACH ROW EXECUTE FUNCTION charter_closed_round_read_only();
--> statement-breakpoint
CREATE TRIGGER user_response_versions_closed_read_only BEFORE INSERT OR UPDATE OR DELETE ON user_response_versions
  FOR EACH ROW EXECUTE FUNCTION charter_closed_round_read_only();
--> statement-breakpoint
CREATE TRIGGER feedback_invites_closed_read_only BEFORE INSERT OR UPDATE OR DELETE ON feedback_invites
  FOR EACH ROW EXECUTE FUNCTION charter_closed_round_read_only();
--> statement-breakpoint
CREATE TRIGGER business_cases_closed_read_only BEFORE INSERT OR UPDATE OR DELETE ON business_cases
  FOR EACH ROW EXECUTE FUNCTION charter_closed_round_read_only();
--> statement-breakpoint
CREATE TRIGGER business_case_versions_closed_read_only BEFORE INSERT OR UPDATE OR DELETE ON business_case_versions
  FOR EACH ROW EXECUTE FUNCTION charter_closed_round_read_only();
--> statement-breakpoint
CREATE TRIGGER signoff_requests_closed_read_only BEFORE INSERT OR UPDATE OR DELETE ON signoff_requests
  FOR EACH ROW EXECUTE FUNCTION charter_closed_round_read_only();
--> statement-breakpoint
CREATE TRIGGER signoff_links_closed_read_only BEFORE INSERT OR UPDATE OR DELETE ON signoff_links
  FOR EACH ROW EXECUTE FUNCTION charter_closed_round_read_only();
--> statement-breakpoint
CREATE TRIGGER signoffs_closed_read_only BEFORE INSERT OR UPDATE OR DELETE ON signoffs
  FOR EACH ROW EXECUTE FUNCTION charter_closed_round_read_only();
