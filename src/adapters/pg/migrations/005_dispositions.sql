-- What agents may say about a call (catalogue per campaign) and what they said (one per attempt).

CREATE TABLE disposition_catalog (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id          bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  code                 text NOT NULL,
  label                text NOT NULL,
  hotkey               text,
  sort_order           integer NOT NULL DEFAULT 0,
  -- A live person was reached (counts as a contact in reports).
  human_answered       boolean NOT NULL DEFAULT true,
  success              boolean NOT NULL DEFAULT false,
  -- Adds the number to DNC in the given scope.
  dnc                  boolean NOT NULL DEFAULT false,
  dnc_scope            text NOT NULL DEFAULT 'global',
  -- Requires a callback time; schedules the callback.
  callback             boolean NOT NULL DEFAULT false,
  -- The dialled phone is wrong: disable it, keep the lead if it has other phones.
  disables_phone       boolean NOT NULL DEFAULT false,
  moves_stage_to       text,
  -- Redial the lead after this many minutes (when not final).
  retry_delay_minutes  integer,
  -- No more dials for this lead.
  final                boolean NOT NULL DEFAULT false,
  active               boolean NOT NULL DEFAULT true,
  created_at           timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT disposition_catalog_code_key UNIQUE (campaign_id, code),
  CONSTRAINT disposition_catalog_dnc_scope_check CHECK (dnc_scope IN ('global', 'campaign')),
  CONSTRAINT disposition_catalog_stage_check CHECK (moves_stage_to IS NULL OR moves_stage_to IN ('raw_lead', 'valid_contact', 'appointment', 'opportunity', 'rejected')),
  CONSTRAINT disposition_catalog_retry_check CHECK (retry_delay_minutes IS NULL OR retry_delay_minutes >= 0)
);

CREATE UNIQUE INDEX disposition_catalog_hotkey_key ON disposition_catalog (campaign_id, hotkey)
  WHERE hotkey IS NOT NULL AND active;

CREATE TABLE dispositions (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- UNIQUE makes a retried submission (double click, reconnect) a no-op.
  attempt_id    uuid NOT NULL UNIQUE REFERENCES attempts (id) ON DELETE CASCADE,
  campaign_id   bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  lead_id       bigint NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  agent_id      text,
  code          text NOT NULL,
  notes         text,
  stage_before  text,
  stage_after   text,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX dispositions_campaign_idx ON dispositions (campaign_id, created_at);
CREATE INDEX dispositions_lead_idx ON dispositions (lead_id);
