-- Loads of national do-not-call registries (the US National DNC Registry, the UK's TPS and CTPS)
-- onto the global list: a campaign scrubbed against one (settings.nationalRegistries) is not dialled
-- while its latest load is older than the law allows (31 days US, 28 days UK). `as_of` is the date
-- of the registry's data (when it was downloaded), which the age counts from; `loaded_at` when it
-- was loaded here.

CREATE TABLE dnc_registry_loads (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  registry     text NOT NULL,
  list_name    text NOT NULL,
  as_of        timestamptz NOT NULL,
  loaded_at    timestamptz NOT NULL DEFAULT now(),
  loaded_by    text NOT NULL,
  numbers      integer NOT NULL,
  added        integer NOT NULL,
  CONSTRAINT dnc_registry_loads_registry_check CHECK (registry IN ('us_national', 'uk_tps', 'uk_ctps'))
);

CREATE INDEX dnc_registry_loads_latest_idx ON dnc_registry_loads (registry, as_of DESC);
