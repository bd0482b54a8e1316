-- Each handover of a customer from one agent to another, so the time a call took is shared out
-- between the agents who had it (the attempt's transfers and transferred_from stay as its summary).

CREATE TABLE attempt_handovers (
  attempt_id uuid NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
  seq smallint NOT NULL CHECK (seq >= 1),
  from_agent text NOT NULL,
  to_agent text NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (attempt_id, seq)
);
CREATE INDEX attempt_handovers_to_agent ON attempt_handovers (to_agent);

-- Calls handed over before this table: when is not known, so the last agent keeps all the talk
-- time, as reports counted it until now.
INSERT INTO attempt_handovers (attempt_id, seq, from_agent, to_agent, at)
SELECT id, 1, transferred_from, agent_id, coalesce(connected_at, created_at)
FROM attempts WHERE transferred_from IS NOT NULL AND agent_id IS NOT NULL;
