-- What each campaign has learned for pacing (answer rates, ring, talk and wrap times, the
-- forecast's track record), saved by the node driving it and read back by the next node that
-- takes it on, so a restart does not start pacing from the priors again.

CREATE TABLE campaign_pacing_models (
  campaign_id  bigint PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
  model        jsonb NOT NULL,
  saved_at     timestamptz NOT NULL,
  node_id      text
);
