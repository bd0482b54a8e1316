-- The day caps count a lead's and a number's attempts of the last 24 hours that rang anyone
-- (attempt-dialled.ts: by the outcome and whether the originate went out). With both columns in
-- the indexes, selection counts them from the index alone, as before the caps looked at them.

CREATE INDEX attempts_lead_dialled_idx ON attempts (lead_id, created_at) INCLUDE (outcome, originated_at);
DROP INDEX attempts_lead_idx;
CREATE INDEX attempts_e164_dialled_idx ON attempts (e164, created_at) INCLUDE (outcome, originated_at);
DROP INDEX attempts_e164_created_idx;
