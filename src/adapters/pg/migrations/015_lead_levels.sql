-- The (priority, grade) levels present in each list, so selection can probe leads_select_idx one
-- level at a time with next_dial_at <= now as the end of each index range. Probing a (list, zone)
-- as a whole in (priority, grade, next_dial_at) order makes every level that has run out of due
-- leads cost a walk over all its not-yet-due ones (retries waiting for their time) before the next
-- level is reached; on an old list that is most of the index.
-- A superset is harmless (an empty level costs one index descent), so rows are never removed.
CREATE TABLE list_lead_levels (
  list_id   bigint NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
  priority  integer NOT NULL,
  grade     char(1) NOT NULL
);
-- In dial order (priority DESC, grade), so a list's levels are read without a sort.
CREATE UNIQUE INDEX list_lead_levels_key ON list_lead_levels (list_id, priority DESC, grade);

CREATE FUNCTION list_lead_levels_collect() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO list_lead_levels (list_id, priority, grade)
  SELECT DISTINCT list_id, priority, grade FROM new_rows
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;

CREATE TRIGGER leads_collect_levels
  AFTER INSERT ON leads REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION list_lead_levels_collect();

-- Moving a lead to another list or level is rare; a row trigger limited to those columns keeps
-- leases and dial results (the hot updates) free of any trigger work.
CREATE FUNCTION list_lead_levels_collect_one() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO list_lead_levels (list_id, priority, grade) VALUES (NEW.list_id, NEW.priority, NEW.grade)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;

CREATE TRIGGER leads_collect_level_change
  AFTER UPDATE OF list_id, priority, grade ON leads
  FOR EACH ROW
  WHEN (OLD.list_id IS DISTINCT FROM NEW.list_id OR OLD.priority IS DISTINCT FROM NEW.priority OR OLD.grade IS DISTINCT FROM NEW.grade)
  EXECUTE FUNCTION list_lead_levels_collect_one();

INSERT INTO list_lead_levels (list_id, priority, grade)
  SELECT DISTINCT list_id, priority, grade FROM leads ON CONFLICT DO NOTHING;
