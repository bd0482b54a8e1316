-- A US or strict campaign must let the person hearing the safe-harbor message opt out by a key
-- (47 CFR 64.1200(a)(7)(i)(B)), and the engine no longer drives one saved with none. Rather than
-- such a campaign stopping after an upgrade, it gets the default key, and the change is kept in the
-- evidence log as any change of a campaign's settings is, by this migration.
WITH changed AS (
  UPDATE campaigns SET opt_out_digit = '1' WHERE opt_out_digit = '' AND regime <> 'uk' RETURNING id
)
INSERT INTO evidence_log (kind, campaign_id, payload)
SELECT 'campaign_changed', id, jsonb_build_object(
  'by', 'migration 080: an opt-out key is required under US rules',
  'changes', jsonb_build_object('optOutDigit', jsonb_build_object('before', '', 'after', '1'))
) FROM changed;
