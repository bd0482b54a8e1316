-- A person calling back who hung up in the instant of being put through to an agent (never on
-- hold) is kept as a missed call for what it was: hung_up_connecting, not hung_up (on hold).
-- Those kept before as hung_up are told apart by their attempt, closed hangup_before_connect
-- rather than cancelled (a withheld caller's, kept with no attempt, cannot be).
ALTER TABLE missed_calls DROP CONSTRAINT missed_calls_reason_check;
ALTER TABLE missed_calls ADD CONSTRAINT missed_calls_reason_check
  CHECK (reason IN ('hung_up', 'hung_up_connecting', 'wait_over', 'withheld', 'bridge_failed'));
UPDATE missed_calls m SET reason = 'hung_up_connecting'
  FROM attempts a WHERE a.id = m.attempt_id AND m.reason = 'hung_up' AND a.outcome = 'hangup_before_connect';
