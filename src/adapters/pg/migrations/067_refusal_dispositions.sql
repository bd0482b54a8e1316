-- A disposition may say the person refused further calls. Where the campaign keeps refusals off
-- its list for a while (China's rules: at least 6 months, refusalDnc.days), such a disposition puts
-- the number on the campaign's DNC list until then. Not interested is such a refusal.

ALTER TABLE disposition_catalog ADD COLUMN refusal boolean NOT NULL DEFAULT false;

UPDATE disposition_catalog SET refusal = true WHERE code = 'NOT_INTERESTED';
