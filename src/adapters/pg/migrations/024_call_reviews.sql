-- Coaching: a supervisor's review of a call an agent took, with a score and what to keep or change.
-- The agent reads the reviews of their own calls on the desktop.

CREATE TABLE call_reviews (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  attempt_id   uuid NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
  campaign_id  bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  agent_id     text NOT NULL,
  reviewer     text NOT NULL,
  score        smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment      text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX call_reviews_agent_idx ON call_reviews (agent_id, created_at DESC);
CREATE INDEX call_reviews_attempt_idx ON call_reviews (attempt_id);
