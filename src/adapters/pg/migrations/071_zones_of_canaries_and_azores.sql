-- The Canaries keep Atlantic time, an hour behind Madrid, and the Azores an hour behind Lisbon:
-- a Spanish or Portuguese number no longer names the mainland's zone alone
-- (src/core/compliance/multi-zone-country-numbers.ts). Leads whose zone came from such a number
-- (their first phone, as an import read it) are given what an import now gives: an island
-- landline its island's zone, a mobile the mainland's with the island's kept beside it.

WITH first_phone AS (
  SELECT DISTINCT ON (p.lead_id) p.lead_id, p.e164
  FROM lead_phones p JOIN leads l ON l.id = p.lead_id
  WHERE l.timezone_source = 'region' AND l.timezone IN ('Europe/Madrid', 'Europe/Lisbon')
  ORDER BY p.lead_id, p.dial_order, p.id
),
read AS (
  SELECT lead_id,
    CASE
      WHEN e164 ~ '^\+34(922|928)' THEN 'Atlantic/Canary'
      WHEN e164 ~ '^\+351(292|295|296)' THEN 'Atlantic/Azores'
      WHEN e164 ~ '^\+34' THEN 'Europe/Madrid'
      WHEN e164 ~ '^\+351' THEN 'Europe/Lisbon'
    END AS zone,
    CASE
      WHEN e164 ~ '^\+34[67]' THEN 'Atlantic/Canary'
      WHEN e164 ~ '^\+3519' THEN 'Atlantic/Azores'
    END AS island
  FROM first_phone
  WHERE e164 ~ '^\+(34|351)'
)
UPDATE leads l
SET timezone = r.zone, timezone_source = 'area_code',
    other_time_zones = CASE WHEN r.island IS NULL THEN l.other_time_zones
      ELSE ARRAY(SELECT DISTINCT z FROM unnest(coalesce(l.other_time_zones, '{}') || ARRAY[r.island]) AS z WHERE z <> r.zone ORDER BY z) END
FROM read r
WHERE l.id = r.lead_id;
