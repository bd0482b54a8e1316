-- Missed return calls: a person calling back the campaign's number who hung up while waiting on
-- hold for an agent, before one took them. Nothing else tells the staff of them (the attempt of
-- their call closes `cancelled`, and a stranger's lead sits in the campaign's manual dials): the
-- wallboard lists those not handled yet, until a supervisor or manager marks one handled or books
-- a callback on its lead. The caller's number and lead are their attempt's (erasing the lead
-- clears what it clears); a withheld number has no attempt, only the campaign's number it called.

CREATE TABLE missed_calls (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id    bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  attempt_id     uuid UNIQUE REFERENCES attempts (id) ON DELETE CASCADE,
  called_number  text NOT NULL,
  called_at      timestamptz NOT NULL,
  waited_ms      integer NOT NULL CHECK (waited_ms >= 0),
  handled_at     timestamptz,
  -- The staff member who handled it (id, name, role), and the callback booked for it, if any.
  handled_by     jsonb,
  callback_id    bigint REFERENCES callbacks (id) ON DELETE SET NULL
);

-- The wallboard reads each campaign's open ones every few seconds.
CREATE INDEX missed_calls_open_idx ON missed_calls (campaign_id, called_at) WHERE handled_at IS NULL;
