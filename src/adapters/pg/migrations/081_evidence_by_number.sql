-- The evidence about one number across every campaign (evidenceAboutNumber in
-- evidence-log-repository.ts): the entries naming it, and those of a lead with no call (an
-- erasure, a zone changed), each read newest first without reading the whole log. Entries of
-- its calls are found through attempts (e164) and evidence_log_attempt_idx.

CREATE INDEX evidence_log_e164_idx ON evidence_log ((payload->>'e164'), id) WHERE payload->>'e164' IS NOT NULL;
CREATE INDEX evidence_log_lead_without_call_idx ON evidence_log (lead_id, id) WHERE attempt_id IS NULL;
