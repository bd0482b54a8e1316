-- One row per dial of one phone, written before the originate and closed on the outcome.
-- The id is chosen by us and names the customer channel, so ARI events map without lookup.

CREATE TABLE attempts (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id         bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  lead_id             bigint NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  phone_id            bigint REFERENCES lead_phones (id) ON DELETE SET NULL,
  e164                text NOT NULL,
  agent_id            text,
  channel_id          text,
  -- created -> originated -> ringing -> answered -> live -> connected -> ended
  status              text NOT NULL DEFAULT 'created',
  outcome             text,
  -- Both signals are kept: the Q.850 cause and the Dial application's dialstatus.
  cause               integer,
  cause_txt           text,
  dial_status         text,
  amd_status          text,
  amd_cause           text,
  abandoned           boolean NOT NULL DEFAULT false,
  safe_harbor_played  boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now(),
  originated_at       timestamptz,
  ringing_at          timestamptz,
  answered_at         timestamptz,
  live_at             timestamptz,
  connected_at        timestamptz,
  ended_at            timestamptz,
  recording_name      text,
  node_id             text
);

CREATE INDEX attempts_campaign_created_idx ON attempts (campaign_id, created_at);
CREATE INDEX attempts_lead_idx ON attempts (lead_id, created_at);
-- Abandonment accounting over rolling windows reads live answers by time.
CREATE INDEX attempts_campaign_live_idx ON attempts (campaign_id, live_at) WHERE live_at IS NOT NULL;
-- Open attempts per node, for crash recovery and reconciliation with the PBX.
CREATE INDEX attempts_open_idx ON attempts (node_id, created_at) WHERE ended_at IS NULL;
