-- Campaigns, their lead lists, leads and the phones of each lead.
-- Ids are bigint identities (leads reach tens of millions); the application handles them as
-- strings. Enumerations are text with named CHECK constraints so a later migration can widen them.

CREATE TABLE campaigns (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name                    text NOT NULL,
  status                  text NOT NULL DEFAULT 'draft',
  mode                    text NOT NULL DEFAULT 'progressive',
  -- Pacing: lines per ready agent in power mode, ceiling of the dial level in predictive mode.
  dial_level              double precision NOT NULL DEFAULT 1,
  max_lines_per_agent     double precision NOT NULL DEFAULT 3,
  -- Calls this campaign may have in progress at once; 0 means no campaign cap.
  trunk_cap               integer NOT NULL DEFAULT 0,
  regime                  text NOT NULL DEFAULT 'us',
  abandon_target          double precision NOT NULL DEFAULT 0.03,
  ring_timeout_ms         integer NOT NULL DEFAULT 25000,
  connect_limit_ms        integer NOT NULL DEFAULT 2000,
  wrap_up_ms              integer NOT NULL DEFAULT 15000,
  wrap_up_mode            text NOT NULL DEFAULT 'auto',
  caller_id               text,
  amd_enabled             boolean NOT NULL DEFAULT false,
  amd_after_greeting_ms   integer NOT NULL DEFAULT 800,
  machine_action          text NOT NULL DEFAULT 'hangup',
  machine_message_media   text NOT NULL DEFAULT 'sound:outpace/vm-message',
  safe_harbor_media       text NOT NULL DEFAULT 'sound:outpace/sh',
  -- Key that adds the number to DNC during the safe-harbor message; '' means none.
  opt_out_digit           text NOT NULL DEFAULT '1',
  recording_enabled       boolean NOT NULL DEFAULT false,
  -- Time zone assumed for leads whose own zone is unknown.
  timezone                text NOT NULL DEFAULT 'UTC',
  script                  text NOT NULL DEFAULT '',
  faq                     jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- Open-ended settings (recycle policy, calling windows, ...) that have no column yet.
  settings                jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT campaigns_status_check CHECK (status IN ('draft', 'running', 'paused', 'stopped', 'completed')),
  CONSTRAINT campaigns_mode_check CHECK (mode IN ('preview', 'progressive', 'power', 'predictive')),
  CONSTRAINT campaigns_regime_check CHECK (regime IN ('us', 'uk', 'strict')),
  CONSTRAINT campaigns_wrap_up_mode_check CHECK (wrap_up_mode IN ('auto', 'manual')),
  CONSTRAINT campaigns_machine_action_check CHECK (machine_action IN ('hangup', 'leave_message')),
  -- Compliance floors no regime relaxes: 15 s ring, 2-second connect rule.
  CONSTRAINT campaigns_ring_timeout_check CHECK (ring_timeout_ms >= 15000),
  CONSTRAINT campaigns_connect_limit_check CHECK (connect_limit_ms BETWEEN 0 AND 2000),
  CONSTRAINT campaigns_abandon_target_check CHECK (abandon_target >= 0 AND abandon_target <= 0.03),
  CONSTRAINT campaigns_dial_level_check CHECK (dial_level >= 1 AND dial_level <= 5),
  CONSTRAINT campaigns_max_lines_check CHECK (max_lines_per_agent >= 1 AND max_lines_per_agent <= 5),
  CONSTRAINT campaigns_trunk_cap_check CHECK (trunk_cap >= 0),
  CONSTRAINT campaigns_wrap_up_ms_check CHECK (wrap_up_ms >= 0),
  CONSTRAINT campaigns_opt_out_digit_check CHECK (opt_out_digit ~ '^[0-9*#]?$')
);

CREATE UNIQUE INDEX campaigns_name_key ON campaigns (lower(name));

CREATE TABLE lists (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id     bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  name            text NOT NULL,
  -- ISO 3166 region used to parse national numbers of this list, e.g. 'US', 'GB'.
  default_region  text NOT NULL DEFAULT 'US',
  active          boolean NOT NULL DEFAULT true,
  -- Relative share of dials when several lists of a campaign are active.
  mix_weight      integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT lists_mix_weight_check CHECK (mix_weight >= 0),
  CONSTRAINT lists_campaign_name_key UNIQUE (campaign_id, name)
);

CREATE TABLE leads (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  list_id          bigint NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
  -- Denormalised from the list so lead selection reads one table and one index.
  campaign_id      bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  external_id      text,
  first_name       text,
  last_name        text,
  fields           jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- A is best; selection orders by grade after priority.
  grade            char(1) NOT NULL DEFAULT 'C',
  stage            text NOT NULL DEFAULT 'raw_lead',
  timezone         text,
  -- Where the time zone came from: explicit, postal_code, area_code, region, campaign_default.
  timezone_source  text,
  postal_code      text,
  priority         integer NOT NULL DEFAULT 0,
  -- new / retry / callback are dialable by selection; scheduled is a personal callback that only
  -- the callback scheduler dials; the rest are final. A call in flight is marked by the lease.
  status           text NOT NULL DEFAULT 'new',
  attempts         integer NOT NULL DEFAULT 0,
  next_dial_at     timestamptz NOT NULL DEFAULT now(),
  last_attempt_at  timestamptz,
  last_outcome     text,
  leased_by        text,
  leased_until     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT leads_grade_check CHECK (grade IN ('A', 'B', 'C', 'D', 'E')),
  CONSTRAINT leads_stage_check CHECK (stage IN ('raw_lead', 'valid_contact', 'appointment', 'opportunity', 'rejected')),
  CONSTRAINT leads_status_check CHECK (status IN ('new', 'retry', 'callback', 'scheduled', 'in_progress', 'done', 'dnc', 'exhausted', 'invalid')),
  CONSTRAINT leads_attempts_check CHECK (attempts >= 0)
);

-- Lead selection: due leads of one campaign in dial order. Partial, so final leads (most of an
-- old list) cost nothing, and ordered like the query so LIMIT stops early.
CREATE INDEX leads_due_idx ON leads (campaign_id, priority DESC, grade, next_dial_at)
  WHERE status IN ('new', 'retry', 'callback');
CREATE INDEX leads_list_idx ON leads (list_id);
CREATE UNIQUE INDEX leads_list_external_id_key ON leads (list_id, external_id) WHERE external_id IS NOT NULL;
-- Finding leases left behind by a crashed node.
CREATE INDEX leads_leased_idx ON leads (leased_by, leased_until) WHERE leased_by IS NOT NULL;

CREATE TABLE lead_phones (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  lead_id          bigint NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  e164             text NOT NULL,
  dial_order       smallint NOT NULL DEFAULT 0,
  attempts         integer NOT NULL DEFAULT 0,
  last_outcome     text,
  last_attempt_at  timestamptz,
  disabled         boolean NOT NULL DEFAULT false,
  disabled_reason  text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT lead_phones_e164_check CHECK (e164 ~ '^\+[1-9][0-9]{6,14}$'),
  CONSTRAINT lead_phones_lead_e164_key UNIQUE (lead_id, e164)
);

CREATE INDEX lead_phones_dialable_idx ON lead_phones (lead_id, dial_order, id) WHERE NOT disabled;
CREATE INDEX lead_phones_e164_idx ON lead_phones (e164);
