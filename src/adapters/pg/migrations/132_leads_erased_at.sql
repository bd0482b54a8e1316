-- When a lead's personal data was erased (at the person's request, or at the end of the retention
-- period, engine.leadRetentionDays): the hourly retention run passes over leads erased already
-- without reading the evidence log for each. Set for the leads erased before from their evidence.
ALTER TABLE leads ADD COLUMN erased_at timestamptz;
UPDATE leads l SET erased_at = e.at FROM evidence_log e WHERE e.kind = 'lead_erased' AND e.lead_id = l.id;
