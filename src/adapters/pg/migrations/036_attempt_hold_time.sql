-- The time a call's customer spent on hold, so talk can be told from hold.

ALTER TABLE attempts ADD COLUMN held_ms integer NOT NULL DEFAULT 0 CHECK (held_ms >= 0);
