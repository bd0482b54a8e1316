-- The numbers each national registry's loads put on the global list (migration 082), so that a
-- full load (`outpace dnc import --registry uk_tps --full`) can take off the numbers that left the
-- registry: those of its earlier loads not in the new file, whose entry only a registry keeps
-- (source national_registry), and no other registry lists. An entry added by hand, at the person's
-- request on a call or by another registry stays.
--
-- A number is kept here whatever its entry's source: the registry lists it. Numbers loaded before
-- this migration are put under the registry whose load named the list their entry came from; each
-- registry's next load records every number of its file.

CREATE TABLE dnc_registry_numbers (
  registry  text NOT NULL,
  e164      text NOT NULL,
  PRIMARY KEY (registry, e164),
  CONSTRAINT dnc_registry_numbers_registry_check CHECK (registry IN ('us_national', 'uk_tps', 'uk_ctps'))
);

CREATE INDEX dnc_registry_numbers_e164_idx ON dnc_registry_numbers (e164);

INSERT INTO dnc_registry_numbers (registry, e164)
SELECT DISTINCT l.registry, d.e164
FROM dnc_entries d JOIN dnc_registry_loads l ON d.reason = 'list ' || l.list_name
WHERE d.campaign_id IS NULL AND d.source = 'national_registry'
ON CONFLICT DO NOTHING;
