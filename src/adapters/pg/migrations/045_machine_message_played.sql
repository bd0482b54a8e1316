-- When the campaign's message started on the answering machine a call reached, and why then:
-- after the machine's greeting went quiet (after_greeting), with no greeting heard (no_greeting),
-- at the longest wait (longest_wait), or at once, the campaign waiting for no greeting (at_once).
ALTER TABLE attempts ADD COLUMN message_played_at timestamptz;
ALTER TABLE attempts ADD COLUMN message_start text
  CHECK (message_start IN ('at_once', 'after_greeting', 'no_greeting', 'longest_wait'));
