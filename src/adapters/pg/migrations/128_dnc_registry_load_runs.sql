-- A national registry's load runs in bounded batches, each its own short transaction, rather than
-- one transaction of many minutes (locks held, vacuum blocked, all lost on a crash): the file's
-- numbers are staged here, then the difference is applied. One load of a registry runs at a time:
-- its row here says where it stands, for a later load to finish it (staged whole and checked:
-- `load_id` set) or clear it away (cut short while staging).
CREATE TABLE dnc_registry_load_runs (
  registry      text PRIMARY KEY,
  import_id     uuid NOT NULL,
  list_name     text NOT NULL,
  as_of         timestamptz NOT NULL,
  loaded_by     text NOT NULL,
  started_at    timestamptz NOT NULL,
  full_load     boolean NOT NULL,
  expires_at    timestamptz,
  read          integer NOT NULL DEFAULT 0,
  invalid       integer NOT NULL DEFAULT 0,
  footer_rows   integer NOT NULL DEFAULT 0,
  numbers       integer NOT NULL DEFAULT 0,
  -- Set once the file is staged whole and checked: from then on the load is applied, and finished
  -- by the registry's next load if this one stops part way.
  load_id       bigint REFERENCES dnc_registry_loads (id),
  removals_done boolean NOT NULL DEFAULT false,
  added         integer NOT NULL DEFAULT 0,
  removed       integer NOT NULL DEFAULT 0,
  CONSTRAINT dnc_registry_load_runs_registry_check CHECK (registry IN ('us_national', 'uk_tps', 'uk_ctps'))
);

-- The distinct numbers of the file a run is loading; each is taken out as it is applied.
CREATE TABLE dnc_registry_load_stage (
  registry  text NOT NULL,
  e164      text NOT NULL,
  PRIMARY KEY (registry, e164)
);

-- A load being applied has its row (its removals are kept under it) but does not count yet: the
-- registry's age is that of its latest load applied whole.
ALTER TABLE dnc_registry_loads ADD COLUMN applied boolean NOT NULL DEFAULT true;
