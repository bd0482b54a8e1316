-- Whether a lead's data was erased at the person's request (lead-edit.ts refuses to take a name
-- back in for it), found without reading the evidence log of every dial.

CREATE INDEX evidence_log_erased_lead_idx ON evidence_log (lead_id) WHERE kind = 'lead_erased';
