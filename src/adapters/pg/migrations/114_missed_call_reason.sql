-- Why a missed return call was missed: the caller hung up on hold (`hung_up`), their wait on hold
-- ran out and they heard the message (`wait_over`: their attempt is kept, closed, as a hung-up
-- caller's is), or their number was withheld (`withheld`: never put through, no attempt).

ALTER TABLE missed_calls ADD COLUMN reason text NOT NULL DEFAULT 'hung_up'
  CHECK (reason IN ('hung_up', 'wait_over', 'withheld'));
UPDATE missed_calls SET reason = 'withheld' WHERE attempt_id IS NULL;
ALTER TABLE missed_calls ALTER COLUMN reason DROP DEFAULT;
