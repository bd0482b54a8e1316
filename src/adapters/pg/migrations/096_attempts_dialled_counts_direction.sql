-- The day caps count only the dialler's own calls (attempt-dialled.ts: `direction = 'outbound'`,
-- migration 091). With the direction in the indexes of 057 too, selection and the check before
-- each dial count a lead's and a number's dials from the index alone again, as they did before.
-- Built in the migration's transaction: writes to attempts wait while the two indexes are built.

CREATE INDEX attempts_lead_dialled_dir_idx ON attempts (lead_id, created_at) INCLUDE (outcome, originated_at, direction);
DROP INDEX attempts_lead_dialled_idx;
ALTER INDEX attempts_lead_dialled_dir_idx RENAME TO attempts_lead_dialled_idx;
CREATE INDEX attempts_e164_dialled_dir_idx ON attempts (e164, created_at) INCLUDE (outcome, originated_at, direction);
DROP INDEX attempts_e164_dialled_idx;
ALTER INDEX attempts_e164_dialled_dir_idx RENAME TO attempts_e164_dialled_idx;
