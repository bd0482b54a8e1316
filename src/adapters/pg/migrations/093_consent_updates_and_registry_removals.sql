-- An import counts the leads already in the campaign whose consent to prerecorded messages its file
-- changed (a re-import of a list that says "no" for a person withdraws it, one that says "yes" or a
-- date grants it), each change also on the evidence log.
ALTER TABLE lead_imports ADD COLUMN consent_changed integer NOT NULL DEFAULT 0;

-- The numbers each full load of a national registry took off the global list (migration 086): its
-- `dnc_removed` evidence entry counts them and names the load, and staff read them here (a full
-- load may take off a hundred thousand numbers, too many for one entry's payload).
CREATE TABLE dnc_registry_load_removals (
  load_id  bigint NOT NULL REFERENCES dnc_registry_loads (id) ON DELETE CASCADE,
  e164     text NOT NULL,
  PRIMARY KEY (load_id, e164)
);
