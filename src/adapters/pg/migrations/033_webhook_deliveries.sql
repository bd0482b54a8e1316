-- CRM webhooks: each event a campaign sends to a URL (a call's disposition) is written here in the
-- transaction that made it (an outbox), then posted by a queue job that retries with back-off.
-- The row says whether it arrived, after how many tries, and the last refusal.

CREATE TABLE webhook_deliveries (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id   bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  event         text NOT NULL,
  url           text NOT NULL,
  payload       jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  tries         integer NOT NULL DEFAULT 0,
  last_error    text,
  created_at    timestamptz NOT NULL,
  last_try_at   timestamptz,
  delivered_at  timestamptz
);

CREATE INDEX webhook_deliveries_campaign_idx ON webhook_deliveries (campaign_id, id DESC);
CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (created_at) WHERE status = 'pending';
