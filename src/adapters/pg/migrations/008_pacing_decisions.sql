-- Pacing decisions, so every launch can be explained after the fact. Written in batches by the
-- engine; old rows may be pruned by time (the index serves both reads and pruning).

CREATE TABLE pacing_decisions (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id  bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  at           timestamptz NOT NULL,
  node_id      text,
  launch       integer NOT NULL,
  dial_level   double precision,
  -- The limit that decided: agents, abandon_budget, trunk_cap, list_exhausted, calling_window...
  binding      text NOT NULL,
  inputs       jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX pacing_decisions_campaign_at_idx ON pacing_decisions (campaign_id, at DESC);
