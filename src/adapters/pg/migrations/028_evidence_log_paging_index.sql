-- The evidence log read newest first a page at a time (evidencePage in evidence-log-repository.ts).

CREATE INDEX evidence_log_campaign_id_idx ON evidence_log (campaign_id, id);
