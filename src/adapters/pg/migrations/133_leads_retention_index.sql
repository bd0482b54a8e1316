-- outpace: no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS leads_retention_idx ON leads (updated_at) WHERE erased_at IS NULL AND status IN ('done', 'dnc', 'exhausted', 'invalid');
