-- Scheduled callbacks: for a given agent, or for anyone on the campaign (agent_id NULL).

CREATE TABLE callbacks (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  lead_id             bigint NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  campaign_id         bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  agent_id            text REFERENCES agents (id) ON DELETE SET NULL,
  attempt_id          uuid REFERENCES attempts (id) ON DELETE SET NULL,
  due_at              timestamptz NOT NULL,
  -- Zone the customer asked in, so "call me at 3 pm" keeps its meaning.
  timezone            text,
  status              text NOT NULL DEFAULT 'pending',
  notes               text,
  -- After this the callback counts as missed in follow-up reports.
  follow_up_deadline  timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT callbacks_status_check CHECK (status IN ('pending', 'due', 'done', 'cancelled'))
);

CREATE INDEX callbacks_due_idx ON callbacks (campaign_id, due_at) WHERE status IN ('pending', 'due');
CREATE INDEX callbacks_agent_idx ON callbacks (agent_id, due_at) WHERE status IN ('pending', 'due');
CREATE INDEX callbacks_lead_idx ON callbacks (lead_id);
