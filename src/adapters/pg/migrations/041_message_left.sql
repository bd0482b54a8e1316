-- When the agent, having reached an answering machine, had the campaign's message left on it
-- (the desktop's Leave message, V). Such a call closes as a machine: it is not an answer by a
-- person, whatever its live_at, so abandonment figures leave it out of the live answers; the
-- agent's time on it ends here, not when the message has played.
ALTER TABLE attempts ADD COLUMN message_left_at timestamptz;

-- The desktop now takes V for its own button, which wins over a disposition code's hotkey: a code
-- that had it is chosen by click until given another (as 039 did for X and M).
UPDATE disposition_catalog SET hotkey = NULL WHERE lower(hotkey) = 'v';
