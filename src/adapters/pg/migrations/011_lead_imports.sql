-- CSV imports: one row per import with its counts, and one row per rejected CSV row.

CREATE TABLE lead_imports (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id   bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  list_id       bigint NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
  file_name     text NOT NULL,
  -- queued -> running -> done | failed
  status        text NOT NULL DEFAULT 'queued',
  mapping       jsonb NOT NULL DEFAULT '{}'::jsonb,
  rows_read     integer NOT NULL DEFAULT 0,
  imported      integer NOT NULL DEFAULT 0,
  duplicates    integer NOT NULL DEFAULT 0,
  invalid       integer NOT NULL DEFAULT 0,
  dnc_matched   integer NOT NULL DEFAULT 0,
  error         text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  started_at    timestamptz,
  finished_at   timestamptz,
  CONSTRAINT lead_imports_status_check CHECK (status IN ('queued', 'running', 'done', 'failed'))
);

CREATE INDEX lead_imports_campaign_idx ON lead_imports (campaign_id, created_at);

CREATE TABLE lead_import_errors (
  import_id    uuid NOT NULL REFERENCES lead_imports (id) ON DELETE CASCADE,
  row_number   integer NOT NULL,
  column_name  text,
  reason       text NOT NULL
);

CREATE INDEX lead_import_errors_import_idx ON lead_import_errors (import_id, row_number);
