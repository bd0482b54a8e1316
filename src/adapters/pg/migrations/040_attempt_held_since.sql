-- While the customer of an open attempt is on hold: since when. With held_ms (the holds ended so
-- far), kept as each hold starts and ends, so a node taking the conversation up after a crash
-- counts the time on hold from before it.

ALTER TABLE attempts ADD COLUMN held_since timestamptz;
