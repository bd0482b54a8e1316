-- Pacing decisions are pruned by age across every campaign (housekeeping), which wants an index on
-- the time alone; the existing one leads with the campaign.

CREATE INDEX pacing_decisions_at_idx ON pacing_decisions (at);
