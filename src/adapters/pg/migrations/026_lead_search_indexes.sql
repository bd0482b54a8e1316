-- Lead search (lead-search.ts) by the id the customer's own system gave a lead and by the start
-- of a first or last name, without reading every lead of a campaign.

CREATE INDEX leads_external_id_idx ON leads (external_id) WHERE external_id IS NOT NULL;
CREATE INDEX leads_first_name_prefix_idx ON leads (lower(first_name) text_pattern_ops) WHERE first_name IS NOT NULL;
CREATE INDEX leads_last_name_prefix_idx ON leads (lower(last_name) text_pattern_ops) WHERE last_name IS NOT NULL;
