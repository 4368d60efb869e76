-- Rules the database enforces itself, beyond keys and checks (see db/schema.ts).

-- A program holds at most 10 non-withdrawn charter customers. The program row is locked first so
-- two concurrent enrollments cannot both see nine.
CREATE FUNCTION charter_customer_cap() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status <> 'withdrawn' AND (TG_OP = 'INSERT' OR OLD.status = 'withdrawn') THEN
    PERFORM 1 FROM programs WHERE id = NEW.program_id FOR UPDATE;
    IF (SELECT count(*) FROM customers
         WHERE program_id = NEW.program_id AND status <> 'withdrawn' AND id <> NEW.id) >= 10 THEN
      RAISE EXCEPTION 'a program holds at most 10 charter customers'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'customers_max_ten_per_program';
    END IF;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER customers_max_ten_per_program BEFORE INSERT OR UPDATE OF status ON customers
  FOR EACH ROW EXECUTE FUNCTION charter_customer_cap();
--> statement-breakpoint

-- The audit trail is append-only.
CREATE FUNCTION charter_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit events cannot be changed or deleted'
    USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION charter_audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION charter_audit_append_only();
--> statement-breakpoint

-- A closed round is read-only: its settings, tasks and responses no longer change.
CREATE FUNCTION charter_closed_round_read_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'rounds' THEN
    IF OLD.status = 'closed' THEN
      RAISE EXCEPTION 'round % is closed and read-only', OLD.number
        USING ERRCODE = 'check_violation', CONSTRAINT = 'rounds_closed_read_only';
    END IF;
    RETURN NEW;
  END IF;
  IF EXISTS (SELECT 1 FROM rounds WHERE id = COALESCE(NEW.round_id, OLD.round_id) AND status = 'closed') THEN
    RAISE EXCEPTION 'the round is closed and read-only'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'rounds_closed_read_only';
  END IF;
  RETURN COALESCE(NEW, OLD);
END $$;
--> statement-breakpoint
CREATE TRIGGER rounds_closed_read_only BEFORE UPDATE ON rounds
  FOR EACH ROW EXECUTE FUNCTION charter_closed_round_read_only();
--> statement-breakpoint
CREATE TRIGGER round_tasks_closed_read_only BEFORE INSERT OR UPDATE OR DELETE ON round_tasks
  FOR EACH ROW EXECUTE FUNCTION charter_closed_round_read_only();
--> statement-breakpoint
CREATE TRIGGER user_responses_closed_read_only BEFORE INSERT OR UPDATE OR DELETE ON user_responses
  FOR EACH ROW EXECUTE FUNCTION charter_closed_round_read_only();
