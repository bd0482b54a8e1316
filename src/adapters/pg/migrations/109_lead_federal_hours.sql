-- The US federal calling hours (08:00-21:00 the called person's time, 47 CFR 64.1200(c)(1) and
-- 16 CFR 310.4(c)) bind a sales call to anyone in the United States, whatever rules the campaign
-- works under: a lead with a US number falls under them (`US` among its jurisdictions,
-- lead-jurisdictions.ts), as an import names them now. Leads imported before are given it for
-- each North American number that is neither Canada's nor another country's of the plan.

WITH outside(code) AS (VALUES
    -- Canada.
    ('204'), ('226'), ('236'), ('249'), ('250'), ('257'), ('263'), ('273'), ('289'), ('306'), ('343'), ('354'), ('365'), ('367'),
    ('368'), ('382'), ('403'), ('416'), ('418'), ('428'), ('431'), ('437'), ('438'), ('450'), ('468'), ('474'), ('506'), ('514'),
    ('519'), ('548'), ('579'), ('581'), ('584'), ('587'), ('600'), ('604'), ('613'), ('622'), ('633'), ('639'), ('647'), ('672'),
    ('683'), ('705'), ('709'), ('742'), ('753'), ('778'), ('780'), ('782'), ('807'), ('819'), ('825'), ('867'), ('873'), ('879'),
    ('902'), ('905'), ('942'),
    -- The Caribbean and Bermuda.
    ('242'), ('246'), ('264'), ('268'), ('284'), ('345'), ('441'), ('473'), ('649'), ('658'), ('664'), ('721'), ('758'), ('767'),
    ('784'), ('809'), ('829'), ('849'), ('868'), ('869'), ('876')
),
federal AS (
  SELECT DISTINCT p.lead_id
  FROM lead_phones p
  WHERE p.e164 ~ '^\+1[2-9][0-9]{9}$' AND NOT EXISTS (SELECT 1 FROM outside o WHERE o.code = substr(p.e164, 3, 3))
)
UPDATE leads l
SET jurisdictions = ARRAY(SELECT DISTINCT j FROM unnest(coalesce(l.jurisdictions, '{}') || '{US}'::text[]) AS j ORDER BY j)
FROM federal f
WHERE l.id = f.lead_id AND NOT ('US' = ANY(coalesce(l.jurisdictions, '{}')));
