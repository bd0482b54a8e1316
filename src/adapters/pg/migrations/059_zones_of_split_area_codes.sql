-- Area codes that span time zones (850 in the Florida panhandle, 208 Idaho, ...) and Australian
-- numbers now name every zone they may be in (src/core/compliance/nanp-split-area-codes.ts,
-- multi-zone-country-numbers.ts). Leads imported before had no source naming a zone and follow
-- the campaign's: they are given the zones their phones name, as an import now would (the first
-- phone that names any decides the zone; a later one whose zones do not include it adds its own).
-- The zones' trigger collects them into list_time_zones.

WITH prefix_zones(prefix, zones) AS (VALUES
  ('+1208', ARRAY['America/Boise', 'America/Los_Angeles']),
  ('+1270', ARRAY['America/Chicago', 'America/New_York']), ('+1364', ARRAY['America/Chicago', 'America/New_York']),
  ('+1308', ARRAY['America/Chicago', 'America/Denver']),
  ('+1605', ARRAY['America/Chicago', 'America/Denver']),
  ('+1812', ARRAY['America/New_York', 'America/Chicago']), ('+1930', ARRAY['America/New_York', 'America/Chicago']),
  ('+1850', ARRAY['America/Chicago', 'America/New_York']), ('+1448', ARRAY['America/Chicago', 'America/New_York']),
  ('+1807', ARRAY['America/Toronto', 'America/Winnipeg']),
  ('+1867', ARRAY['America/Edmonton', 'America/Whitehorse', 'America/Winnipeg', 'America/Toronto']),
  ('+612', ARRAY['Australia/Sydney']),
  ('+613', ARRAY['Australia/Melbourne']),
  ('+617', ARRAY['Australia/Brisbane']),
  ('+618', ARRAY['Australia/Adelaide', 'Australia/Perth', 'Australia/Darwin']),
  ('+614', ARRAY['Australia/Sydney', 'Australia/Brisbane', 'Australia/Adelaide', 'Australia/Darwin', 'Australia/Perth'])
),
named AS (
  SELECT p.lead_id, z.zones, row_number() OVER (PARTITION BY p.lead_id ORDER BY p.dial_order, p.id) AS n
  FROM leads l
  JOIN lead_phones p ON p.lead_id = l.id
  JOIN prefix_zones z ON starts_with(p.e164, z.prefix) AND (NOT starts_with(z.prefix, '+1') OR length(p.e164) = 12)
  WHERE l.timezone_source = 'campaign_default'
),
decided AS (
  SELECT lead_id, zones[1] AS zone FROM named WHERE n = 1
),
resolved AS (
  SELECT d.lead_id, d.zone, array_agg(DISTINCT other ORDER BY other) FILTER (WHERE other <> d.zone) AS others
  FROM decided d
  JOIN named m ON m.lead_id = d.lead_id AND (m.n = 1 OR NOT d.zone = ANY (m.zones))
  CROSS JOIN LATERAL unnest(m.zones) AS other
  GROUP BY d.lead_id, d.zone
)
UPDATE leads l
SET timezone = r.zone, timezone_source = 'area_code', other_time_zones = r.others
FROM resolved r
WHERE l.id = r.lead_id;
