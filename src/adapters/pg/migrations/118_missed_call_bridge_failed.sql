-- A person calling back whose agent's bridge failed, with no other agent to spare and no wait left
-- them (a campaign that lets nobody wait on hold), is kept as a missed call too: bridge_failed.
ALTER TABLE missed_calls DROP CONSTRAINT missed_calls_reason_check;
ALTER TABLE missed_calls ADD CONSTRAINT missed_calls_reason_check
  CHECK (reason IN ('hung_up', 'wait_over', 'withheld', 'bridge_failed'));
