-- Numbers of Guernsey, Jersey and Man (in +44), Åland (+358), the Vatican (+39) and Svalbard (+47)
-- come tagged with the territory, which had no zone, and twenty more single-zone countries were
-- added (src/core/compliance/country-zones.ts). Leads imported before on the campaign's zone with a
-- phone of one of these calling codes are given its zone, as an import now would: the first such
-- phone by dial order. Every territory keeps the clock of its calling code's country.

WITH code_zones(code, zone) AS (VALUES
  ('44', 'Europe/London'), ('358', 'Europe/Helsinki'), ('39', 'Europe/Rome'), ('47', 'Europe/Oslo'),
  ('36', 'Europe/Budapest'), ('40', 'Europe/Bucharest'), ('359', 'Europe/Sofia'), ('421', 'Europe/Bratislava'),
  ('386', 'Europe/Ljubljana'), ('385', 'Europe/Zagreb'), ('370', 'Europe/Vilnius'), ('371', 'Europe/Riga'),
  ('372', 'Europe/Tallinn'), ('354', 'Atlantic/Reykjavik'), ('356', 'Europe/Malta'), ('90', 'Europe/Istanbul'),
  ('966', 'Asia/Riyadh'), ('886', 'Asia/Taipei'), ('66', 'Asia/Bangkok'), ('84', 'Asia/Ho_Chi_Minh'),
  ('60', 'Asia/Kuala_Lumpur'), ('20', 'Africa/Cairo'), ('234', 'Africa/Lagos'), ('254', 'Africa/Nairobi'),
  ('212', 'Africa/Casablanca')
),
named AS (
  SELECT p.lead_id, z.zone, row_number() OVER (PARTITION BY p.lead_id ORDER BY p.dial_order, p.id) AS n
  FROM leads l
  JOIN lead_phones p ON p.lead_id = l.id
  JOIN code_zones z ON starts_with(p.e164, '+' || z.code)
  WHERE l.timezone_source = 'campaign_default'
)
UPDATE leads l
SET timezone = n.zone, timezone_source = 'region'
FROM named n
WHERE l.id = n.lead_id AND n.n = 1;
