-- Bearer tokens issued by the application (one per agent, or for integrations). Only a SHA-256
-- hash is stored; the token itself is shown once, when it is issued.

CREATE TABLE api_tokens (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash  text NOT NULL UNIQUE,
  role        text NOT NULL,
  name        text NOT NULL,
  agent_id    text REFERENCES agents (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  CONSTRAINT api_tokens_role_check CHECK (role IN ('admin', 'manager', 'supervisor', 'agent', 'viewer')),
  CONSTRAINT api_tokens_agent_check CHECK (role <> 'agent' OR agent_id IS NOT NULL)
);
