-- Some states and Canada keep calling hours narrower than the campaign's regime (Florida
-- 08:00-20:00, no Sunday calls in Louisiana, the CRTC's hours): src/core/compliance/jurisdiction-hours.ts.
-- A lead keeps every jurisdiction its sources name (lead-jurisdictions.ts): its state or province
-- field in a US or Canadian list, its ZIP code's first three digits or a Canadian postal code, and
-- each phone's area code (a state with its own hours, or any Canadian number). Leads imported
-- before are given what an import gives now.

ALTER TABLE leads ADD COLUMN IF NOT EXISTS jurisdictions text[];

WITH area(code, jurisdiction) AS (VALUES
    ('205', 'US-AL'), ('251', 'US-AL'), ('256', 'US-AL'), ('334', 'US-AL'), ('659', 'US-AL'), ('938', 'US-AL'), ('203', 'US-CT'), ('475', 'US-CT'),
    ('860', 'US-CT'), ('959', 'US-CT'), ('239', 'US-FL'), ('305', 'US-FL'), ('321', 'US-FL'), ('324', 'US-FL'), ('352', 'US-FL'), ('386', 'US-FL'),
    ('407', 'US-FL'), ('448', 'US-FL'), ('561', 'US-FL'), ('645', 'US-FL'), ('656', 'US-FL'), ('689', 'US-FL'), ('727', 'US-FL'), ('728', 'US-FL'),
    ('754', 'US-FL'), ('772', 'US-FL'), ('786', 'US-FL'), ('813', 'US-FL'), ('850', 'US-FL'), ('863', 'US-FL'), ('904', 'US-FL'), ('941', 'US-FL'),
    ('954', 'US-FL'), ('270', 'US-KY'), ('364', 'US-KY'), ('502', 'US-KY'), ('606', 'US-KY'), ('859', 'US-KY'), ('225', 'US-LA'), ('318', 'US-LA'),
    ('337', 'US-LA'), ('504', 'US-LA'), ('985', 'US-LA'), ('339', 'US-MA'), ('351', 'US-MA'), ('413', 'US-MA'), ('508', 'US-MA'), ('617', 'US-MA'),
    ('774', 'US-MA'), ('781', 'US-MA'), ('857', 'US-MA'), ('978', 'US-MA'), ('227', 'US-MD'), ('240', 'US-MD'), ('301', 'US-MD'), ('410', 'US-MD'),
    ('443', 'US-MD'), ('667', 'US-MD'), ('228', 'US-MS'), ('601', 'US-MS'), ('662', 'US-MS'), ('769', 'US-MS'), ('505', 'US-NM'), ('575', 'US-NM'),
    ('405', 'US-OK'), ('539', 'US-OK'), ('572', 'US-OK'), ('580', 'US-OK'), ('918', 'US-OK'), ('215', 'US-PA'), ('223', 'US-PA'), ('267', 'US-PA'),
    ('272', 'US-PA'), ('412', 'US-PA'), ('445', 'US-PA'), ('484', 'US-PA'), ('570', 'US-PA'), ('582', 'US-PA'), ('610', 'US-PA'), ('717', 'US-PA'),
    ('724', 'US-PA'), ('814', 'US-PA'), ('835', 'US-PA'), ('878', 'US-PA'), ('401', 'US-RI'), ('605', 'US-SD'), ('210', 'US-TX'), ('214', 'US-TX'),
    ('254', 'US-TX'), ('281', 'US-TX'), ('325', 'US-TX'), ('346', 'US-TX'), ('361', 'US-TX'), ('409', 'US-TX'), ('430', 'US-TX'), ('432', 'US-TX'),
    ('469', 'US-TX'), ('512', 'US-TX'), ('682', 'US-TX'), ('713', 'US-TX'), ('726', 'US-TX'), ('737', 'US-TX'), ('806', 'US-TX'), ('817', 'US-TX'),
    ('830', 'US-TX'), ('832', 'US-TX'), ('903', 'US-TX'), ('915', 'US-TX'), ('936', 'US-TX'), ('940', 'US-TX'), ('945', 'US-TX'), ('956', 'US-TX'),
    ('972', 'US-TX'), ('979', 'US-TX'), ('385', 'US-UT'), ('435', 'US-UT'), ('801', 'US-UT'), ('206', 'US-WA'), ('253', 'US-WA'), ('360', 'US-WA'),
    ('425', 'US-WA'), ('509', 'US-WA'), ('564', 'US-WA'), ('204', 'CA'), ('226', 'CA'), ('236', 'CA'), ('249', 'CA'), ('250', 'CA'),
    ('257', 'CA'), ('263', 'CA'), ('273', 'CA'), ('289', 'CA'), ('306', 'CA'), ('343', 'CA'), ('354', 'CA'), ('365', 'CA'),
    ('367', 'CA'), ('368', 'CA'), ('382', 'CA'), ('403', 'CA'), ('416', 'CA'), ('418', 'CA'), ('428', 'CA'), ('431', 'CA'),
    ('437', 'CA'), ('438', 'CA'), ('450', 'CA'), ('468', 'CA'), ('474', 'CA'), ('506', 'CA'), ('514', 'CA'), ('519', 'CA'),
    ('548', 'CA'), ('579', 'CA'), ('581', 'CA'), ('584', 'CA'), ('587', 'CA'), ('600', 'CA'), ('604', 'CA'), ('613', 'CA'),
    ('622', 'CA'), ('633', 'CA'), ('639', 'CA'), ('647', 'CA'), ('672', 'CA'), ('683', 'CA'), ('705', 'CA'), ('709', 'CA'),
    ('742', 'CA'), ('753', 'CA'), ('778', 'CA'), ('780', 'CA'), ('782', 'CA'), ('807', 'CA'), ('819', 'CA'), ('825', 'CA'),
    ('867', 'CA'), ('873', 'CA'), ('879', 'CA'), ('902', 'CA'), ('905', 'CA'), ('942', 'CA')
),
zip(low, high, jurisdiction) AS (VALUES
    (10, 27, 'US-MA'), (28, 29, 'US-RI'), (55, 55, 'US-MA'), (60, 69, 'US-CT'), (150, 196, 'US-PA'), (206, 219, 'US-MD'),
    (320, 339, 'US-FL'), (341, 349, 'US-FL'), (350, 369, 'US-AL'), (386, 397, 'US-MS'), (400, 427, 'US-KY'), (570, 577, 'US-SD'),
    (700, 714, 'US-LA'), (730, 731, 'US-OK'), (733, 733, 'US-TX'), (734, 749, 'US-OK'), (750, 799, 'US-TX'), (840, 847, 'US-UT'),
    (870, 884, 'US-NM'), (885, 885, 'US-TX'), (980, 994, 'US-WA')
),
state(name, jurisdiction) AS (VALUES
    ('AL', 'US-AL'), ('CT', 'US-CT'), ('FL', 'US-FL'), ('KY', 'US-KY'), ('LA', 'US-LA'),
    ('MA', 'US-MA'), ('MD', 'US-MD'), ('MS', 'US-MS'), ('NM', 'US-NM'), ('OK', 'US-OK'),
    ('PA', 'US-PA'), ('RI', 'US-RI'), ('SD', 'US-SD'), ('TX', 'US-TX'), ('UT', 'US-UT'),
    ('WA', 'US-WA'), ('ALABAMA', 'US-AL'), ('CONNECTICUT', 'US-CT'), ('FLORIDA', 'US-FL'), ('KENTUCKY', 'US-KY'),
    ('LOUISIANA', 'US-LA'), ('MASSACHUSETTS', 'US-MA'), ('MARYLAND', 'US-MD'), ('MISSISSIPPI', 'US-MS'), ('NEW MEXICO', 'US-NM'),
    ('OKLAHOMA', 'US-OK'), ('PENNSYLVANIA', 'US-PA'), ('RHODE ISLAND', 'US-RI'), ('SOUTH DAKOTA', 'US-SD'), ('TEXAS', 'US-TX'),
    ('UTAH', 'US-UT'), ('WASHINGTON', 'US-WA'), ('AB', 'CA'), ('BC', 'CA'), ('MB', 'CA'),
    ('NB', 'CA'), ('NL', 'CA'), ('NS', 'CA'), ('NT', 'CA'), ('NU', 'CA'),
    ('ON', 'CA'), ('PE', 'CA'), ('QC', 'CA'), ('SK', 'CA'), ('YT', 'CA'),
    ('ALBERTA', 'CA'), ('BRITISH COLUMBIA', 'CA'), ('MANITOBA', 'CA'), ('NEW BRUNSWICK', 'CA'), ('NEWFOUNDLAND AND LABRADOR', 'CA'),
    ('NOVA SCOTIA', 'CA'), ('NORTHWEST TERRITORIES', 'CA'), ('NUNAVUT', 'CA'), ('ONTARIO', 'CA'), ('PRINCE EDWARD ISLAND', 'CA'),
    ('QUEBEC', 'CA'), ('QUÉBEC', 'CA'), ('SASKATCHEWAN', 'CA'), ('YUKON', 'CA'), ('COLOMBIE-BRITANNIQUE', 'CA'),
    ('NOUVEAU-BRUNSWICK', 'CA'), ('NOUVELLE-ÉCOSSE', 'CA'), ('TERRE-NEUVE-ET-LABRADOR', 'CA'), ('ÎLE-DU-PRINCE-ÉDOUARD', 'CA'), ('TERRITOIRES DU NORD-OUEST', 'CA')
),
named AS (
  SELECT p.lead_id, a.jurisdiction
  FROM lead_phones p JOIN area a ON a.code = substr(p.e164, 3, 3)
  WHERE p.e164 ~ '^\+1[0-9]{10}$'
  UNION
  SELECT l.id, z.jurisdiction
  FROM leads l JOIN lists li ON li.id = l.list_id JOIN zip z ON substr(upper(trim(l.postal_code)), 1, 3)::int BETWEEN z.low AND z.high
  WHERE li.default_region = 'US' AND upper(trim(l.postal_code)) ~ '^[0-9]{5}(-?[0-9]{4})?$'
  UNION
  SELECT l.id, 'CA'
  FROM leads l JOIN lists li ON li.id = l.list_id
  WHERE li.default_region = 'CA' AND upper(trim(l.postal_code)) ~ '^[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]$'
  UNION
  SELECT l.id, s.jurisdiction
  FROM leads l JOIN lists li ON li.id = l.list_id CROSS JOIN LATERAL jsonb_each_text(l.fields) AS f(key, value)
  JOIN state s ON s.name = upper(regexp_replace(trim(f.value), '\s+', ' ', 'g'))
  WHERE li.default_region IN ('US', 'CA') AND lower(f.key) IN ('state', 'province')
)
UPDATE leads l
SET jurisdictions = j.codes
FROM (SELECT lead_id, array_agg(DISTINCT jurisdiction ORDER BY jurisdiction) AS codes FROM named GROUP BY lead_id) j
WHERE l.id = j.lead_id;
