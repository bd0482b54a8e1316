-- An agent's connected calls by when they ended: the desktop's list of calls still owing a
-- disposition reads it on every state change.

CREATE INDEX attempts_agent_connected_idx ON attempts (agent_id, ended_at) WHERE connected_at IS NOT NULL;
