-- Do-not-call entries: global (campaign_id NULL) or per campaign, optionally expiring.

CREATE TABLE dnc_entries (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id  bigint REFERENCES campaigns (id) ON DELETE CASCADE,
  e164         text NOT NULL,
  -- Who put it there: import, agent, opt_out (press-1 during safe harbor), api, national_registry.
  source       text NOT NULL DEFAULT 'manual',
  reason       text,
  expires_at   timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT dnc_entries_e164_check CHECK (e164 ~ '^\+[1-9][0-9]{6,14}$')
);

-- One entry per number and scope; NULLS NOT DISTINCT makes the global scope unique too.
CREATE UNIQUE INDEX dnc_entries_scope_e164_key ON dnc_entries (e164, campaign_id) NULLS NOT DISTINCT;
