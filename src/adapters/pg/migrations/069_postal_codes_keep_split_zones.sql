-- A US or Canadian postal code names its area's main zone, not the side of a zone line the person
-- is on, so it no longer settles which zone of a split area code a lead is in: leads whose zone
-- came from such a postal code keep every zone of their phones' split area codes beside it, as an
-- import now gives them (src/core/compliance/lead-time-zone.ts, nanp-split-area-codes.ts).
-- Australian postcodes of the islands with clocks of their own (Lord Howe, Norfolk, Christmas,
-- Cocos) give the island's zone. The zones' trigger collects them into list_time_zones.

WITH split(code, zones) AS (VALUES
  ('208', ARRAY['America/Boise', 'America/Los_Angeles']), ('986', ARRAY['America/Boise', 'America/Los_Angeles']),
  ('270', ARRAY['America/Chicago', 'America/New_York']), ('364', ARRAY['America/Chicago', 'America/New_York']),
  ('308', ARRAY['America/Chicago', 'America/Denver']), ('605', ARRAY['America/Chicago', 'America/Denver']),
  ('812', ARRAY['America/New_York', 'America/Chicago']), ('930', ARRAY['America/New_York', 'America/Chicago']),
  ('850', ARRAY['America/Chicago', 'America/New_York']), ('448', ARRAY['America/Chicago', 'America/New_York']),
  ('807', ARRAY['America/Toronto', 'America/Winnipeg']),
  ('867', ARRAY['America/Edmonton', 'America/Whitehorse', 'America/Winnipeg', 'America/Toronto'])
),
kept AS (
  SELECT l.id AS lead_id, array_agg(DISTINCT zone) AS zones
  FROM leads l
  JOIN lists li ON li.id = l.list_id AND li.default_region IN ('US', 'CA', 'PR')
  JOIN lead_phones p ON p.lead_id = l.id
  JOIN split s ON starts_with(p.e164, '+1') AND length(p.e164) = 12 AND substr(p.e164, 3, 3) = s.code
  CROSS JOIN LATERAL unnest(s.zones) AS zone
  WHERE l.timezone_source = 'postal_code' AND zone <> l.timezone
  GROUP BY l.id
)
UPDATE leads l
SET other_time_zones = ARRAY(SELECT DISTINCT z FROM unnest(coalesce(l.other_time_zones, '{}') || k.zones) AS z ORDER BY z)
FROM kept k
WHERE l.id = k.lead_id;

WITH islands(postcode, zone) AS (VALUES
  ('2898', 'Australia/Lord_Howe'), ('2899', 'Pacific/Norfolk'), ('6798', 'Indian/Christmas'), ('6799', 'Indian/Cocos')
)
UPDATE leads l
SET timezone = i.zone
FROM lists li, islands i
WHERE li.id = l.list_id AND li.default_region = 'AU' AND l.timezone_source = 'postal_code' AND trim(l.postal_code) = i.postcode;
