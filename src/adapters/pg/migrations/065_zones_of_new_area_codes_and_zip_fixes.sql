-- Area codes in service the tables lacked now name their zones, and three ZIP prefix ranges had
-- the wrong zone (src/core/compliance/nanp-area-code-zones.ts, postal-code-zones.ts).
-- Leads imported before on the campaign's zone with a phone of one of those codes are given its
-- zones, as an import now would (the first phone that names any). Leads whose ZIP put them in the
-- wrong zone are given the right one, the old one kept among their other zones: the stricter
-- reading, which an import now would give only where one of their phones names it too.
-- The zones' trigger collects them into list_time_zones.

WITH code_zones(code, zones) AS (VALUES
  ('201', ARRAY['America/New_York']), ('227', ARRAY['America/New_York']), ('324', ARRAY['America/New_York']),
  ('329', ARRAY['America/New_York']), ('645', ARRAY['America/New_York']), ('686', ARRAY['America/New_York']),
  ('728', ARRAY['America/New_York']), ('821', ARRAY['America/New_York']),
  ('235', ARRAY['America/Chicago']), ('353', ARRAY['America/Chicago']),
  ('748', ARRAY['America/Denver']),
  ('369', ARRAY['America/Los_Angeles']), ('738', ARRAY['America/Los_Angeles']),
  ('986', ARRAY['America/Boise', 'America/Los_Angeles']),
  ('942', ARRAY['America/Toronto'])
),
named AS (
  SELECT p.lead_id, z.zones, row_number() OVER (PARTITION BY p.lead_id ORDER BY p.dial_order, p.id) AS n
  FROM leads l
  JOIN lead_phones p ON p.lead_id = l.id
  JOIN code_zones z ON starts_with(p.e164, '+1') AND length(p.e164) = 12 AND substr(p.e164, 3, 3) = z.code
  WHERE l.timezone_source = 'campaign_default'
)
UPDATE leads l
SET timezone = n.zones[1], timezone_source = 'area_code',
    other_time_zones = CASE WHEN cardinality(n.zones) > 1 THEN n.zones[2:] END
FROM named n
WHERE l.id = n.lead_id AND n.n = 1;

WITH zip_fixes(lo, hi, wrong, right_zone) AS (VALUES
  (425, 427, 'America/Chicago', 'America/New_York'),
  (586, 586, 'America/Chicago', 'America/Denver'),
  (690, 692, 'America/Denver', 'America/Chicago')
)
UPDATE leads l
SET timezone = f.right_zone,
    other_time_zones = ARRAY(SELECT DISTINCT z FROM unnest(coalesce(l.other_time_zones, '{}') || f.wrong) AS z WHERE z <> f.right_zone ORDER BY z)
FROM zip_fixes f
WHERE l.timezone_source = 'postal_code' AND l.timezone = f.wrong
  AND trim(l.postal_code) ~ '^[0-9]{5}(-[0-9]{4})?$'
  AND substr(trim(l.postal_code), 1, 3)::int BETWEEN f.lo AND f.hi;
