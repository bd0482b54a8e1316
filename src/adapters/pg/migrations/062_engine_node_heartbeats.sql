-- When each engine node last said it was at work, by the database's clock. Beside the node's mark
-- in Redis: a node cut off from Redis but still writing here is not taken for gone.

CREATE TABLE engine_node_heartbeats (
  node_id text PRIMARY KEY,
  seen_at timestamptz NOT NULL
);
