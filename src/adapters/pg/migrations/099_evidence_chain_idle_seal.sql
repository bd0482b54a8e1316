-- The background seal of migration 090 wrote its head row on every pass, with nothing to seal too:
-- it took the row FOR UPDATE, was given a transaction id and rewrote the row with what it held.
-- Every node seals twice a second, so an idle cluster still made a new version of the row, WAL and
-- a commit record at each pass, and the row's dead versions for vacuum. Now a pass first reads,
-- without writing, whether it has anything to do: entries to link, or a horizon to move (the last
-- one has passed, and the sequence has gone past it or the watermark is not yet past it). With
-- none, it returns 0 having written nothing, not even a transaction id.
--
-- Keeping the last horizon when the sequence has not moved is sound: every id up to it is sealed
-- (the watermark is past it) and no id has been drawn since, so a later horizon would say nothing
-- more. The first pass after a writer draws an id finds the sequence past the horizon and takes a
-- new one, as before. The order the horizon's reasoning needs is kept: the sequence is read, then
-- this transaction is given its id, then the head is locked; only the reads before are added.

-- Every transaction of this database older than a horizon's has ended (prepared ones too): the
-- entries up to its id are all committed, or never will be. Read from the activity, not from a
-- snapshot's xmin, which a long transaction of any other database would hold back.
CREATE FUNCTION evidence_chain_horizon_passed(horizon_xid xid8) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  passed boolean;
BEGIN
  PERFORM pg_stat_clear_snapshot();
  SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = current_database() AND a.backend_xid IS NOT NULL
                       AND age(a.backend_xid) > age(xid(horizon_xid)))
     AND NOT EXISTS (SELECT 1 FROM pg_prepared_xacts p WHERE p.database = current_database() AND age(p.transaction) > age(xid(horizon_xid)))
    INTO passed;
  RETURN passed;
END;
$$;

CREATE OR REPLACE FUNCTION evidence_chain_seal(max_entries int) RETURNS int LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  head evidence_chain_head%ROWTYPE;
  entry evidence_log;
  sealed int := 0;
  last_id bigint;
  passed boolean;
  next_horizon_id bigint;
  next_horizon_xid xid8;
  watermark bigint;
BEGIN
  IF max_entries < 1 THEN
    RAISE EXCEPTION 'evidence_chain_seal: max_entries must be at least 1, not %', max_entries;
  END IF;
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'evidence_chain_seal runs in READ COMMITTED, not %', current_setting('transaction_isolation');
  END IF;
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'evidence_chain_seal runs in a transaction of its own, one that has written nothing';
  END IF;
  IF NOT pg_try_advisory_xact_lock(8502090) THEN
    RETURN 0;
  END IF;
  SELECT coalesce(pg_sequence_last_value('evidence_log_id_seq'), 0) INTO next_horizon_id;
  -- Idle: read, not locked (the advisory lock keeps other sealers out), and left as it is. Nothing
  -- to link, and no horizon to move: none passed yet, or the sequence still at the last one, which
  -- the watermark is past.
  SELECT * INTO head FROM evidence_chain_head;
  IF FOUND AND NOT EXISTS (SELECT 1 FROM evidence_log e
                           WHERE e.id >= head.unsealed_from AND (SELECT c.position FROM evidence_chain c WHERE c.evidence_id = e.id) IS NULL)
     AND (NOT evidence_chain_horizon_passed(head.horizon_xid) OR (next_horizon_id = head.horizon_id AND head.unsealed_from > head.horizon_id)) THEN
    RETURN 0;
  END IF;
  -- In this order, each on a snapshot of its own: the sequence read (above), then this transaction
  -- given its id (none before: nothing written yet), higher than every id given before, so than
  -- every writer's holding an entry id up to the one read.
  SELECT pg_current_xact_id() INTO next_horizon_xid;
  SELECT * INTO head FROM evidence_chain_head FOR UPDATE;
  IF NOT FOUND THEN
    -- The head was emptied with the chain (a test database reset): the chain starts again.
    INSERT INTO evidence_chain_head (position, hash) VALUES (0, repeat('0', 64)) ON CONFLICT DO NOTHING;
    SELECT * INTO head FROM evidence_chain_head FOR UPDATE;
  END IF;
  passed := evidence_chain_horizon_passed(head.horizon_xid);
  FOR entry IN
    -- A probe of the chain's index per id from the watermark, never a join that could read the
    -- whole chain (as a plan made for any watermark might, NOT EXISTS turned into a hash anti-join).
    SELECT e.* FROM evidence_log e
    WHERE e.id >= head.unsealed_from AND (SELECT c.position FROM evidence_chain c WHERE c.evidence_id = e.id) IS NULL
    ORDER BY e.id LIMIT max_entries
  LOOP
    head.position := head.position + 1;
    head.hash := evidence_chain_hash(head.hash, evidence_canonical(head.position, entry));
    INSERT INTO evidence_chain (position, evidence_id, hash) VALUES (head.position, entry.id, head.hash);
    sealed := sealed + 1;
    last_id := entry.id;
  END LOOP;
  watermark := head.unsealed_from;
  IF passed THEN
    -- Everything up to the horizon is sealed now, unless the batch was full: then up to its last.
    watermark := greatest(watermark, CASE WHEN sealed = max_entries THEN least(head.horizon_id, last_id) ELSE head.horizon_id END + 1);
    head.horizon_id := next_horizon_id;
    head.horizon_xid := next_horizon_xid;
  END IF;
  PERFORM set_config('outpace.evidence_chain_sealing', 'on', true);
  UPDATE evidence_chain_head SET position = head.position, hash = head.hash, unsealed_from = watermark,
    horizon_id = head.horizon_id, horizon_xid = head.horizon_xid;
  PERFORM set_config('outpace.evidence_chain_sealing', '', true);
  RETURN sealed;
END;
$$;
