-- Area code 418 and its overlays 581 and 367 span Eastern time, the Magdalen Islands' and
-- Listuguj's Atlantic time and the Lower North Shore's Atlantic standard time all year
-- (src/core/compliance/nanp-split-area-codes.ts), and a postal code of eastern Quebec is read by
-- its forward sortation area (canadian-fsa-zones.ts): G4T (the Magdalen Islands) names Atlantic
-- time, G0G (the rural North Shore) Eastern time and Blanc-Sablon's, and an urban G FSA, Montreal's
-- H and western Quebec's J say which of a number's zones the person is in. Leads imported before
-- are given what an import gives now, as migration 073 did for Labrador and British Columbia:
-- 1. A lead whose zone came from the province's letter of G4T or G0G takes the FSA's zones; the
--    old zone (Toronto's) stays among its other zones where the lead has a phone of another code.
-- 2. A lead with a phone of these codes keeps every zone of the code beside its own, unless a
--    source more trusted than that phone names the lead's zone among them: a zone the list
--    states, a postal code that says which, or, for a zone a phone gave, an earlier phone whose
--    area code names that zone alone (a 514 number before a 581 one).
-- No zone a lead has is taken away. The zones' trigger collects them into list_time_zones.

WITH fsa(fsa, zones) AS (VALUES
  ('G4T', ARRAY['America/Halifax']), ('G0G', ARRAY['America/Toronto', 'America/Blanc-Sablon'])
),
moved AS (
  SELECT l.id AS lead_id, f.zones,
    CASE WHEN EXISTS (SELECT 1 FROM lead_phones p WHERE p.lead_id = l.id AND p.e164 !~ '^\+1(418|581|367)[0-9]{7}$')
      THEN ARRAY[l.timezone] ELSE '{}' END AS kept
  FROM leads l
  JOIN lists li ON li.id = l.list_id AND li.default_region = 'CA'
  JOIN fsa f ON f.fsa = substr(upper(trim(l.postal_code)), 1, 3)
  WHERE l.timezone_source = 'postal_code' AND upper(trim(l.postal_code)) ~ '^[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]$'
)
UPDATE leads l
SET timezone = m.zones[1],
    other_time_zones = nullif(ARRAY(
      SELECT DISTINCT z FROM unnest(coalesce(l.other_time_zones, '{}') || m.zones || m.kept) AS z WHERE z <> m.zones[1] ORDER BY z), '{}')
FROM moved m
WHERE l.id = m.lead_id;

WITH split(code, zones) AS (VALUES
  ('418', ARRAY['America/Toronto', 'America/Halifax', 'America/Blanc-Sablon']),
  ('581', ARRAY['America/Toronto', 'America/Halifax', 'America/Blanc-Sablon']),
  ('367', ARRAY['America/Toronto', 'America/Halifax', 'America/Blanc-Sablon'])
),
-- Codes naming one of those zones alone.
lone(code, zone) AS (
  SELECT code, 'America/Toronto' FROM unnest(string_to_array(
    '226 249 263 289 343 354 365 382 416 437 438 450 468 514 519 548 579 613 647 683 705 742 753 819 873 905 942', ' ')) AS code
  UNION ALL VALUES ('782', 'America/Halifax'), ('902', 'America/Halifax')
),
-- The NANP phones of each lead, in dial order.
phones AS (
  SELECT p.lead_id, substr(p.e164, 3, 3) AS code,
    row_number() OVER (PARTITION BY p.lead_id ORDER BY p.dial_order, p.id) AS n
  FROM lead_phones p
  WHERE p.e164 ~ '^\+1[0-9]{10}$'
),
-- Where each lead's first phone naming a zone alone comes: read once, joined below.
lone_first AS (
  SELECT p.lead_id, o.zone, min(p.n) AS n
  FROM phones p JOIN lone o ON o.code = p.code
  GROUP BY p.lead_id, o.zone
),
settled AS (
  SELECT l.id AS lead_id, l.timezone,
    CASE l.timezone_source
      WHEN 'explicit' THEN true
      WHEN 'postal_code' THEN li.default_region = 'AU' OR (li.default_region = 'CA'
        AND upper(trim(l.postal_code)) ~ '^(A[0-9][A-Z]|V[1-9][A-Z]|V0[ABC]|G[1-9][A-Z]|G0G|H[0-9][A-Z]|J[0-9][A-Z]) ?[0-9][A-Z][0-9]$')
      ELSE false
    END AS by_source,
    l.timezone_source IN ('area_code', 'region') AS by_phone
  FROM leads l JOIN lists li ON li.id = l.list_id
  WHERE l.timezone_source <> 'campaign_default'
),
added AS (
  SELECT s.lead_id, array_agg(DISTINCT z) AS zones
  FROM settled s
  JOIN phones p ON p.lead_id = s.lead_id
  JOIN split sp ON sp.code = p.code
  LEFT JOIN lone_first f ON f.lead_id = s.lead_id AND f.zone = s.timezone
  CROSS JOIN LATERAL unnest(sp.zones) AS z
  WHERE NOT (s.timezone = ANY (sp.zones) AND (s.by_source OR s.by_phone AND coalesce(f.n < p.n, false)))
  GROUP BY s.lead_id
)
UPDATE leads l
SET other_time_zones = nullif(ARRAY(
      SELECT DISTINCT z FROM unnest(coalesce(l.other_time_zones, '{}') || a.zones) AS z WHERE z <> l.timezone ORDER BY z), '{}')
FROM added a
WHERE l.id = a.lead_id;
