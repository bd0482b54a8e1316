-- When the safe-harbor message started on an answered call no agent took: with live_at (the end of
-- the person's greeting, where the 2-second rule counts from) it shows the rule kept, call by call.
ALTER TABLE attempts ADD COLUMN safe_harbor_at timestamptz;
