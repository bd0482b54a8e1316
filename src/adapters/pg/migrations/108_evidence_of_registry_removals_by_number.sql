-- A number's evidence (evidence-log-repository.ts) finds the full load of a national registry that
-- took it off the global list: the numbers a load took off are kept by load, so they are looked up
-- by number here, and the load's `dnc_removed` entry by its load id.

CREATE INDEX dnc_registry_load_removals_e164_idx ON dnc_registry_load_removals (e164, load_id);
CREATE INDEX evidence_log_registry_load_idx ON evidence_log ((payload->>'loadId'), id) WHERE kind = 'dnc_removed' AND payload->>'loadId' IS NOT NULL;
