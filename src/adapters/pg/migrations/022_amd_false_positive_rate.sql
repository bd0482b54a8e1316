-- The campaign's reasoned estimate of the share of AMD machine verdicts that were people, which
-- the UK and strict regimes count as abandoned live calls (was a fixed 2% in the engine).

ALTER TABLE campaigns
  ADD COLUMN amd_false_positive_rate double precision NOT NULL DEFAULT 0.02,
  ADD CONSTRAINT campaigns_amd_false_positive_rate_check CHECK (amd_false_positive_rate >= 0 AND amd_false_positive_rate <= 0.5);
