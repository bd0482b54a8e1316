-- Lead selection by calling window, caps and list mix, and idempotent imports.

-- One key per lead and campaign (external id, else first phone), so importing a file twice or two
-- lists with the same people adds nobody twice. NULL for leads created without one.
ALTER TABLE leads ADD COLUMN dedupe_key text;
CREATE UNIQUE INDEX leads_campaign_dedupe_key ON leads (campaign_id, dedupe_key) WHERE dedupe_key IS NOT NULL;

-- Selection probes one (list, zone) at a time in dial order, so only leads whose local time is
-- inside the window are read, and LIMIT stops early. Callbacks have their own small index.
CREATE INDEX leads_select_idx ON leads (list_id, timezone, priority DESC, grade, next_dial_at)
  WHERE status IN ('new', 'retry');
CREATE INDEX leads_callback_due_idx ON leads (campaign_id, next_dial_at) WHERE status = 'callback';

-- The zones present in each list: selection asks which of them are inside the window right now.
CREATE TABLE list_time_zones (
  list_id   bigint NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
  timezone  text NOT NULL,
  PRIMARY KEY (list_id, timezone)
);

CREATE FUNCTION list_time_zones_collect() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO list_time_zones (list_id, timezone)
  SELECT DISTINCT list_id, timezone FROM new_rows WHERE timezone IS NOT NULL
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;

CREATE TRIGGER leads_collect_time_zones
  AFTER INSERT ON leads REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION list_time_zones_collect();

INSERT INTO list_time_zones (list_id, timezone)
  SELECT DISTINCT list_id, timezone FROM leads WHERE timezone IS NOT NULL ON CONFLICT DO NOTHING;

-- UK rule: no redial within 72 h of an abandoned call to the same number, whatever the campaign.
CREATE INDEX attempts_abandoned_e164_idx ON attempts (e164, ended_at) WHERE abandoned;
