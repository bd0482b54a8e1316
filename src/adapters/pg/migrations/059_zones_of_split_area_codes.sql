-- Area codes that span time zones (850 in the Florida panhandle, 208 Idaho, ...) and Australian
-- numbers now name every zone they may be in (src/core/compliance/nanp-split-area-codes.ts,
-- multi-zone-country-numbers.ts). Leads imported before had no source naming a zone and follow
-- the campaign's: they are given the zones their Australian postcode and phones name, as an import
-- now would (the postcode, else the first phone that names any, decides the zone; a phone whose
-- zones do not include it adds its own).
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
au_postcodes(lo, hi, zone) AS (VALUES
  (200, 299, 'Australia/Sydney'), (800, 999, 'Australia/Darwin'), (1000, 2879, 'Australia/Sydney'),
  (2880, 2880, 'Australia/Broken_Hill'), (2881, 2999, 'Australia/Sydney'), (3000, 3999, 'Australia/Melbourne'),
  (4000, 4999, 'Australia/Brisbane'), (5000, 5999, 'Australia/Adelaide'), (6000, 6999, 'Australia/Perth'),
  (7000, 7999, 'Australia/Hobart'), (8000, 8999, 'Australia/Melbourne'), (9000, 9999, 'Australia/Brisbane')
),
postal AS (
  SELECT l.id AS lead_id, a.zone
  FROM leads l
  JOIN lists li ON li.id = l.list_id AND li.default_region = 'AU'
  JOIN au_postcodes a ON (CASE WHEN trim(l.postal_code) ~ '^[0-9]{4}$' THEN trim(l.postal_code)::int END) BETWEEN a.lo AND a.hi
  WHERE l.timezone_source = 'campaign_default'
),
named AS (
  SELECT p.lead_id, z.zones, row_number() OVER (PARTITION BY p.lead_id ORDER BY p.dial_order, p.id) AS n
  FROM leads l
  JOIN lead_phones p ON p.lead_id = l.id
  JOIN prefix_zones z ON starts_with(p.e164, z.prefix) AND (NOT starts_with(z.prefix, '+1') OR length(p.e164) = 12)
  WHERE l.timezone_source = 'campaign_default'
),
decided AS (
  SELECT c.lead_id, coalesce(p.zone, n.zones[1]) AS zone, CASE WHEN p.zone IS NULL THEN 'area_code' ELSE 'postal_code' END AS source
  FROM (SELECT lead_id FROM postal UNION SELECT lead_id FROM named) c
  LEFT JOIN postal p ON p.lead_id = c.lead_id
  LEFT JOIN named n ON n.lead_id = c.lead_id AND n.n = 1
),
others AS (
  SELECT d.lead_id, array_agg(DISTINCT other ORDER BY other) FILTER (WHERE other <> d.zone) AS others
  FROM decided d
  JOIN named m ON m.lead_id = d.lead_id AND ((d.source = 'area_code' AND m.n = 1) OR NOT d.zone = ANY (m.zones))
  CROSS JOIN LATERAL unnest(m.zones) AS other
  GROUP BY d.lead_id
)
UPDATE leads l
SET timezone = d.zone, timezone_source = d.source, other_time_zones = o.others
FROM decided d
LEFT JOIN others o ON o.lead_id = d.lead_id
WHERE l.id = d.lead_id;
