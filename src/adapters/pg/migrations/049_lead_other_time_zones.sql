-- Other zones a lead's less trusted sources name when they disagree with its zone (a New York
-- mobile number of someone whose address is in California): the calling window must be open in
-- these too. Null: the sources agree. Selection probes the zones of list_time_zones, so these are
-- collected there as well (a superset stays harmless: a zone with no leads costs one descent).
ALTER TABLE leads ADD COLUMN other_time_zones text[];

CREATE OR REPLACE FUNCTION list_time_zones_collect() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO list_time_zones (list_id, timezone)
  SELECT DISTINCT z.list_id, z.timezone FROM (
    SELECT list_id, timezone FROM new_rows WHERE timezone IS NOT NULL
    UNION ALL
    SELECT list_id, unnest(other_time_zones) FROM new_rows WHERE other_time_zones IS NOT NULL
  ) z
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION list_time_zones_collect_one() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO list_time_zones (list_id, timezone)
  SELECT NEW.list_id, z FROM unnest(array_prepend(NEW.timezone, coalesce(NEW.other_time_zones, '{}'))) AS z WHERE z IS NOT NULL
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;

DROP TRIGGER leads_collect_time_zone_change ON leads;
CREATE TRIGGER leads_collect_time_zone_change
  AFTER UPDATE OF list_id, timezone, other_time_zones ON leads
  FOR EACH ROW
  WHEN (OLD.list_id IS DISTINCT FROM NEW.list_id OR OLD.timezone IS DISTINCT FROM NEW.timezone
        OR OLD.other_time_zones IS DISTINCT FROM NEW.other_time_zones)
  EXECUTE FUNCTION list_time_zones_collect_one();
