-- Numbers of the US territories and Caribbean countries in the North American plan (tagged with
-- their own region, which had no zone) and of Mexico (several zones, none named) were called on
-- the campaign's zone. Leads imported so, with such a phone, are given what an import now gives
-- (src/core/compliance/country-zones.ts, multi-zone-country-numbers.ts): the first such phone by
-- dial order names the zone; a Mexican number every Mexican zone, the lead waiting for them all.

WITH code_zones(prefix, zones, source) AS (VALUES
  ('+1671', ARRAY['Pacific/Guam'], 'region'), ('+1670', ARRAY['Pacific/Saipan'], 'region'),
  ('+1684', ARRAY['Pacific/Pago_Pago'], 'region'), ('+1340', ARRAY['America/St_Thomas'], 'region'),
  ('+1441', ARRAY['Atlantic/Bermuda'], 'region'), ('+1242', ARRAY['America/Nassau'], 'region'),
  ('+1345', ARRAY['America/Cayman'], 'region'), ('+1649', ARRAY['America/Grand_Turk'], 'region'),
  ('+1246', ARRAY['America/Barbados'], 'region'), ('+1268', ARRAY['America/Antigua'], 'region'),
  ('+1264', ARRAY['America/Anguilla'], 'region'), ('+1767', ARRAY['America/Dominica'], 'region'),
  ('+1473', ARRAY['America/Grenada'], 'region'), ('+1869', ARRAY['America/St_Kitts'], 'region'),
  ('+1758', ARRAY['America/St_Lucia'], 'region'), ('+1664', ARRAY['America/Montserrat'], 'region'),
  ('+1721', ARRAY['America/Lower_Princes'], 'region'), ('+1784', ARRAY['America/St_Vincent'], 'region'),
  ('+1284', ARRAY['America/Tortola'], 'region'),
  ('+52', ARRAY['America/Mexico_City', 'America/Cancun', 'America/Mazatlan', 'America/Tijuana'], 'area_code')
),
named AS (
  SELECT p.lead_id, z.zones, z.source, row_number() OVER (PARTITION BY p.lead_id ORDER BY p.dial_order, p.id) AS n
  FROM leads l
  JOIN lead_phones p ON p.lead_id = l.id
  JOIN code_zones z ON starts_with(p.e164, z.prefix) AND (z.prefix = '+52' OR length(p.e164) = 12)
  WHERE l.timezone_source = 'campaign_default'
)
UPDATE leads l
SET timezone = n.zones[1], timezone_source = n.source,
    other_time_zones = CASE WHEN cardinality(n.zones) > 1 THEN n.zones[2:] END
FROM named n
WHERE l.id = n.lead_id AND n.n = 1;
