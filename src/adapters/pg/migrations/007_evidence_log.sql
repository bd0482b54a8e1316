-- Append-only evidence for compliance: abandons, safe-harbor plays, opt-outs, DNC checks,
-- pacing limits hit. Rows can be added and read, never changed or removed.

CREATE TABLE evidence_log (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  campaign_id  bigint,
  kind         text NOT NULL,
  attempt_id   uuid,
  lead_id      bigint,
  payload      jsonb NOT NULL DEFAULT '{}'::jsonb
);
-- No foreign keys on purpose: evidence must outlive the rows it speaks about.

CREATE INDEX evidence_log_campaign_at_idx ON evidence_log (campaign_id, at);
CREATE INDEX evidence_log_attempt_idx ON evidence_log (attempt_id) WHERE attempt_id IS NOT NULL;

CREATE FUNCTION evidence_log_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'evidence_log is append-only: % rejected', TG_OP
    USING ERRCODE = 'P0001', HINT = 'insert a correcting entry instead';
END;
$$;

CREATE TRIGGER evidence_log_no_update_delete
  BEFORE UPDATE OR DELETE ON evidence_log
  FOR EACH ROW EXECUTE FUNCTION evidence_log_reject_change();

-- TRUNCATE is refused too, unless the session opts in (test databases do, to reset state).
CREATE FUNCTION evidence_log_reject_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('outpace.allow_evidence_truncate', true), '') <> 'on' THEN
    RAISE EXCEPTION 'evidence_log is append-only: TRUNCATE rejected' USING ERRCODE = 'P0001';
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER evidence_log_no_truncate
  BEFORE TRUNCATE ON evidence_log
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_log_reject_truncate();
