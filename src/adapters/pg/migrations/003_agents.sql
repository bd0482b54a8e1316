-- Agents, their login sessions and the log of their states (ready, paused, talking, wrap-up...).

CREATE TABLE agents (
  id           text PRIMARY KEY,
  name         text NOT NULL,
  -- Dial string of the agent's phone, or NULL to use the configured agent endpoint template.
  endpoint     text,
  -- Campaign the agent currently works on.
  campaign_id  bigint REFERENCES campaigns (id) ON DELETE SET NULL,
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agent_sessions (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agent_id     text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  campaign_id  bigint REFERENCES campaigns (id) ON DELETE SET NULL,
  node_id      text,
  login_at     timestamptz NOT NULL,
  logout_at    timestamptz,
  CONSTRAINT agent_sessions_order_check CHECK (logout_at IS NULL OR logout_at >= login_at)
);

-- At most one open session per agent.
CREATE UNIQUE INDEX agent_sessions_open_key ON agent_sessions (agent_id) WHERE logout_at IS NULL;
CREATE INDEX agent_sessions_campaign_idx ON agent_sessions (campaign_id, login_at);

CREATE TABLE agent_state_log (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agent_id     text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  campaign_id  bigint REFERENCES campaigns (id) ON DELETE SET NULL,
  state        text NOT NULL,
  reason       text,
  from_at      timestamptz NOT NULL,
  to_at        timestamptz,
  CONSTRAINT agent_state_log_order_check CHECK (to_at IS NULL OR to_at >= from_at)
);

CREATE UNIQUE INDEX agent_state_log_open_key ON agent_state_log (agent_id) WHERE to_at IS NULL;
CREATE INDEX agent_state_log_agent_idx ON agent_state_log (agent_id, from_at);
CREATE INDEX agent_state_log_campaign_idx ON agent_state_log (campaign_id, from_at);
