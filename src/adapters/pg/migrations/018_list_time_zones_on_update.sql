-- Selection probes only the (list, zone) pairs in list_time_zones, which was filled on insert
-- only: a lead moved to another list or given a zone the list did not have yet (a manager's fix,
-- a postal-code lookup) was never probed again. Like the level catalogue (015), a row trigger
-- limited to those columns keeps leases and dial results free of any trigger work. A superset
-- is harmless: a zone with no leads costs one index descent.
CREATE FUNCTION list_time_zones_collect_one() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.timezone IS NOT NULL THEN
    INSERT INTO list_time_zones (list_id, timezone) VALUES (NEW.list_id, NEW.timezone) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER leads_collect_time_zone_change
  AFTER UPDATE OF list_id, timezone ON leads
  FOR EACH ROW
  WHEN (OLD.list_id IS DISTINCT FROM NEW.list_id OR OLD.timezone IS DISTINCT FROM NEW.timezone)
  EXECUTE FUNCTION list_time_zones_collect_one();

INSERT INTO list_time_zones (list_id, timezone)
  SELECT DISTINCT list_id, timezone FROM leads WHERE timezone IS NOT NULL ON CONFLICT DO NOTHING;
