-- The leads page's "called lately" view (lead-search.ts): the leads last called first, in one
-- campaign or in all, a page at a time, without sorting every lead ever called.

CREATE INDEX leads_last_called_idx ON leads (last_attempt_at, id) WHERE last_attempt_at IS NOT NULL;
CREATE INDEX leads_campaign_last_called_idx ON leads (campaign_id, last_attempt_at, id) WHERE last_attempt_at IS NOT NULL;
