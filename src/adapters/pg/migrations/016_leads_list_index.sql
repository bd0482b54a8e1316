-- One index instead of two on leads (list_id): a unique index on (list_id, external_id) without a
-- predicate enforces the same rule as the partial one (NULLs are distinct, so leads without an
-- external id never clash) and also serves lookups by list and the cascade from lists, which
-- leads_list_idx was kept for. Every imported lead writes one index entry fewer.
CREATE UNIQUE INDEX leads_list_external_id_all_key ON leads (list_id, external_id);
DROP INDEX leads_list_external_id_key;
DROP INDEX leads_list_idx;
ALTER INDEX leads_list_external_id_all_key RENAME TO leads_list_external_id_key;
