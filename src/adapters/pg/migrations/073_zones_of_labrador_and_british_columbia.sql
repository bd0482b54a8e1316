-- Area codes 709 and 879 span Newfoundland time and Labrador's Atlantic time (America/Goose_Bay),
-- 250 and British Columbia's overlays 778, 236, 672 and 257 Pacific time and the province's
-- Mountain zones (src/core/compliance/nanp-split-area-codes.ts), and a Canadian postal code of
-- those provinces is read by its forward sortation area (canadian-fsa-zones.ts): an FSA known to
-- lie in Labrador or in the East Kootenay or Peace River names that zone, and one known to lie in
-- one zone says which of a number's zones the person is in. Leads imported before are given what
-- an import gives now:
-- 1. A lead whose zone came from the province's letter of such an FSA takes the FSA's zones; the
--    old zone (Vancouver's) stays among its other zones where a 604 number of the lead names it.
-- 2. A lead with a phone of these codes keeps every zone of the code beside its own, unless a
--    source more trusted than that phone names the lead's zone among them: a zone the list
--    states, a postal code that says which (an Australian one, a Canadian one by its FSA), or,
--    for a zone a phone gave, an earlier phone whose area code names that zone alone (a 604
--    number before a 778 one).
-- No zone a lead has is taken away (a Calgary number before a 250 one keeps the Vancouver it was
-- given, which an import now leaves out as 250 names Edmonton too): the stricter reading.
-- The zones' trigger collects them into list_time_zones.

WITH fsa(fsa, zones) AS (VALUES
  ('A0K', ARRAY['America/St_Johns', 'America/Goose_Bay']), ('A0P', ARRAY['America/Goose_Bay']),
  ('A0R', ARRAY['America/Goose_Bay']), ('A2V', ARRAY['America/Goose_Bay']),
  ('V0A', ARRAY['America/Edmonton', 'America/Vancouver']),
  ('V0B', ARRAY['America/Edmonton', 'America/Creston', 'America/Vancouver']),
  ('V0C', ARRAY['America/Dawson_Creek', 'America/Fort_Nelson', 'America/Vancouver']),
  ('V1A', ARRAY['America/Edmonton']), ('V1C', ARRAY['America/Edmonton']),
  ('V1G', ARRAY['America/Dawson_Creek']), ('V1J', ARRAY['America/Dawson_Creek'])
),
moved AS (
  SELECT l.id AS lead_id, f.zones,
    CASE WHEN EXISTS (SELECT 1 FROM lead_phones p WHERE p.lead_id = l.id AND p.e164 ~ '^\+1604[0-9]{7}$')
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
  ('709', ARRAY['America/St_Johns', 'America/Goose_Bay']), ('879', ARRAY['America/St_Johns', 'America/Goose_Bay']),
  ('250', ARRAY['America/Vancouver', 'America/Edmonton', 'America/Dawson_Creek', 'America/Fort_Nelson', 'America/Creston']),
  ('778', ARRAY['America/Vancouver', 'America/Edmonton', 'America/Dawson_Creek', 'America/Fort_Nelson', 'America/Creston']),
  ('236', ARRAY['America/Vancouver', 'America/Edmonton', 'America/Dawson_Creek', 'America/Fort_Nelson', 'America/Creston']),
  ('672', ARRAY['America/Vancouver', 'America/Edmonton', 'America/Dawson_Creek', 'America/Fort_Nelson', 'America/Creston']),
  ('257', ARRAY['America/Vancouver', 'America/Edmonton', 'America/Dawson_Creek', 'America/Fort_Nelson', 'America/Creston'])
),
-- Codes naming one of those zones alone.
lone(code, zone) AS (VALUES
  ('604', 'America/Vancouver'), ('368', 'America/Edmonton'), ('403', 'America/Edmonton'),
  ('587', 'America/Edmonton'), ('780', 'America/Edmonton'), ('825', 'America/Edmonton')
),
-- The NANP phones of each lead, in dial order.
phones AS (
  SELECT p.lead_id, substr(p.e164, 3, 3) AS code,
    row_number() OVER (PARTITION BY p.lead_id ORDER BY p.dial_order, p.id) AS n
  FROM lead_phones p
  WHERE p.e164 ~ '^\+1[0-9]{10}$'
),
-- Where each lead's first phone naming a zone alone comes: read once, joined below (a correlated
-- look-up per phone would read every phone for each lead).
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
        AND upper(trim(l.postal_code)) ~ '^(A[0-9][A-Z]|V[1-9][A-Z]|V0[ABC]) ?[0-9][A-Z][0-9]$')
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
