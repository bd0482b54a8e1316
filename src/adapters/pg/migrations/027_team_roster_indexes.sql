-- The team roster (team-roster.ts) reads each agent's last login and live tokens.

CREATE INDEX agent_sessions_agent_login_idx ON agent_sessions (agent_id, login_at);
CREATE INDEX IF NOT EXISTS api_tokens_agent_live_idx ON api_tokens (agent_id) WHERE revoked_at IS NULL;
