-- The leads page's search by stage (lead-search.ts): the appointments and opportunities to hand to
-- sales, newest first, without reading every lead. Leads still at the first stage, nearly all of
-- them, take no entry, so an import costs nothing more.

CREATE INDEX leads_stage_idx ON leads (stage, id) WHERE stage <> 'raw_lead';
