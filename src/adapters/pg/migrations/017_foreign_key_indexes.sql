-- Foreign keys whose referencing side had no index: deleting a phone, an attempt or a campaign
-- then scanned the whole referencing table once per deleted row (a campaign with a million phones
-- would take hours to delete). Partial where most rows carry no reference.
CREATE INDEX IF NOT EXISTS attempts_phone_id_idx ON attempts (phone_id) WHERE phone_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS callbacks_attempt_id_idx ON callbacks (attempt_id) WHERE attempt_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS dnc_entries_campaign_id_idx ON dnc_entries (campaign_id) WHERE campaign_id IS NOT NULL;
