-- Recordings are deleted from the PBX once older than the retention (engine.recordingRetentionDays):
-- the call keeps the name of its recording and when it was deleted, as the trace of it, and the
-- clean-up finds the recordings still kept by the age of their call.

ALTER TABLE attempts ADD COLUMN recording_purged_at timestamptz;
CREATE INDEX attempts_recordings_kept_idx ON attempts (ended_at) WHERE recording_name IS NOT NULL AND recording_purged_at IS NULL;
