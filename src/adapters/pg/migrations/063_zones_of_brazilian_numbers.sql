-- Brazilian numbers now name the zone of their state's area code (DDD), mobiles included
-- (src/core/compliance/multi-zone-country-numbers.ts). Leads imported before on the campaign's
-- zone are given the zone of their first phone that names one, as an import now would; a phone
-- of theirs in another zone adds its own. The zones' trigger collects them into list_time_zones.

WITH zone_codes(zone, codes) AS (VALUES
  ('America/Sao_Paulo', ARRAY['11', '12', '13', '14', '15', '16', '17', '18', '19', '21', '22', '24', '27', '28', '31', '32', '33', '34', '35', '37', '38', '41', '42', '43', '44', '45', '46', '47', '48', '49', '51', '53', '54', '55', '61', '62', '64']),
  ('America/Araguaina', ARRAY['63']),
  ('America/Bahia', ARRAY['71', '73', '74', '75', '77']),
  ('America/Maceio', ARRAY['79', '82']),
  ('America/Recife', ARRAY['81', '87']),
  ('America/Fortaleza', ARRAY['83', '84', '85', '86', '88', '89', '98', '99']),
  ('America/Belem', ARRAY['91', '93', '94', '96']),
  ('America/Cuiaba', ARRAY['65', '66']),
  ('America/Campo_Grande', ARRAY['67']),
  ('America/Porto_Velho', ARRAY['69']),
  ('America/Manaus', ARRAY['92', '97']),
  ('America/Boa_Vista', ARRAY['95']),
  ('America/Rio_Branco', ARRAY['68'])
),
named AS (
  SELECT p.lead_id, z.zone, row_number() OVER (PARTITION BY p.lead_id ORDER BY p.dial_order, p.id) AS n
  FROM leads l
  JOIN lead_phones p ON p.lead_id = l.id
  JOIN zone_codes z ON starts_with(p.e164, '+55') AND length(p.e164) >= 12 AND substr(p.e164, 4, 2) = ANY (z.codes)
  WHERE l.timezone_source = 'campaign_default'
),
decided AS (
  SELECT lead_id, zone FROM named WHERE n = 1
),
others AS (
  SELECT d.lead_id, array_agg(DISTINCT m.zone ORDER BY m.zone) AS others
  FROM decided d
  JOIN named m ON m.lead_id = d.lead_id AND m.zone <> d.zone
  GROUP BY d.lead_id
)
UPDATE leads l
SET timezone = d.zone, timezone_source = 'area_code', other_time_zones = o.others
FROM decided d
LEFT JOIN others o ON o.lead_id = d.lead_id
WHERE l.id = d.lead_id;
