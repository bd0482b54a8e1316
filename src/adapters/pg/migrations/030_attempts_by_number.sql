-- A number's dials of the last 24 hours over every campaign (the per-number daily cap of lead
-- selection, the pre-dial check and "why not dialled"), counted from the index alone.

CREATE INDEX attempts_e164_created_idx ON attempts (e164, created_at);
