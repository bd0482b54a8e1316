-- The evidence chain of migration 085 sealed by a sealer in the background, in batches, instead of
-- at each writer's commit. Sealed at commit, every commit that wrote evidence (the check before
-- every dial does) waited in turn for the chain's one head row: the chain was a ceiling on the
-- whole cluster's commits. Now writers only insert; evidence_chain_seal() below, run by every node
-- on a short interval (and by `outpace evidence verify` and the exports first), links the entries
-- committed since, in id order, at the next positions. The canonical form and the hash are 085's:
-- chains sealed before stay valid and are continued.
--
-- Chain order is seal order: an entry whose writer commits after entries with higher ids were
-- sealed takes the next position after them. Its id is lower than its neighbours'; the chain is
-- still one line with no gaps, and each entry is in it once.
--
-- The window: an entry is unsealed from its commit to the next seal (the nodes' interval, 500 ms
-- by default). In that window it could be changed or removed behind the triggers of 007 (by a
-- superuser) without the chain showing it; once sealed, as before, it cannot.
--
-- Finding what is unsealed without reading the whole log: the head keeps a watermark,
-- unsealed_from, below which every committed entry is sealed, and the seal reads the ids from
-- there up, each looked up in evidence_chain (both by index). The watermark cannot simply
-- follow the last id sealed: ids are drawn at insert and committed in any order, so a writer still
-- open may hold a lower id than the last sealed and commit it later. So the watermark trails a
-- horizon: at a seal, the id sequence's last value is noted (horizon_id), then the seal's own
-- transaction is given its id (horizon_xid). Every writer holding an id up to horizon_id drew it
-- before, and was given its transaction id before drawing it (evidence_log_next_id below makes
-- sure; the sequence hands out one value at a time, as made by 007, with no CACHE), so it is older
-- than horizon_xid. Once no transaction of this database older than horizon_xid runs, every id up
-- to horizon_id is committed (visible) or never will be: a seal then links what is left up there
-- and moves the watermark past it. Short transactions pass a horizon by the next seal; a long one
-- (an import, a report) holds the watermark back, which only makes the seal read the ids written
-- since. An index on unsealed entries was not an option: the log's rows are never
-- changed (007), so no column can say "sealed". An entry given an explicit id below the watermark
-- is not found by the seal: verification reports it (evidence-chain.ts).
--
-- Only one sealer runs at a time (transaction advisory lock 8502090); another returns 0 at once rather
-- than wait, as the one running seals what it would have. The seal must run in READ COMMITTED, each
-- of its statements seeing what committed before it, and in a transaction that has written nothing
-- before it (the horizon's reasoning needs both).

LOCK TABLE evidence_log IN EXCLUSIVE MODE;

DROP TRIGGER evidence_log_seal ON evidence_log;
DROP FUNCTION evidence_log_seal();

-- A writer's transaction id is given before its entry's id is drawn (see the horizon above).
CREATE FUNCTION evidence_log_next_id() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_current_xact_id();
  RETURN nextval('evidence_log_id_seq');
END;
$$;

ALTER TABLE evidence_log ALTER COLUMN id SET DEFAULT evidence_log_next_id();

-- The head moves only by the seal, which says so for its own statements.
CREATE OR REPLACE FUNCTION evidence_chain_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'evidence_chain_head' AND coalesce(current_setting('outpace.evidence_chain_sealing', true), '') = 'on' THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  RAISE EXCEPTION '% is append-only: % rejected', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
END;
$$;

-- Every entry committed so far was sealed at its commit (085), and none is in flight (the lock).
ALTER TABLE evidence_chain_head
  ADD COLUMN unsealed_from bigint NOT NULL DEFAULT 1,
  ADD COLUMN horizon_id bigint NOT NULL DEFAULT 0,
  ADD COLUMN horizon_xid xid8 NOT NULL DEFAULT '0';

SELECT set_config('outpace.evidence_chain_sealing', 'on', true);
UPDATE evidence_chain_head SET unsealed_from = coalesce((SELECT max(id) FROM evidence_log), 0) + 1,
  horizon_id = coalesce((SELECT max(id) FROM evidence_log), 0);
SELECT set_config('outpace.evidence_chain_sealing', '', true);

-- The log emptied (a test database) takes its chain with it, the head back to its start.
CREATE OR REPLACE FUNCTION evidence_chain_restart() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM evidence_chain) THEN
    TRUNCATE evidence_chain;
  END IF;
  PERFORM set_config('outpace.evidence_chain_sealing', 'on', true);
  DELETE FROM evidence_chain_head;
  INSERT INTO evidence_chain_head (position, hash) VALUES (0, repeat('0', 64));
  PERFORM set_config('outpace.evidence_chain_sealing', '', true);
  RETURN NULL;
END;
$$;

-- Links up to max_entries committed, unsealed entries at the next positions, in id order, and
-- returns how many; 0 at once while another sealer runs.
CREATE FUNCTION evidence_chain_seal(max_entries int) RETURNS int LANGUAGE plpgsql VOLATILE AS $$
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
  -- In this order, each on a snapshot of its own: the sequence read, then this transaction given
  -- its id (none before: nothing written yet), higher than every id given before, so than every
  -- writer's holding an entry id up to the one read.
  SELECT coalesce(pg_sequence_last_value('evidence_log_id_seq'), 0) INTO next_horizon_id;
  SELECT pg_current_xact_id() INTO next_horizon_xid;
  SELECT * INTO head FROM evidence_chain_head FOR UPDATE;
  IF NOT FOUND THEN
    -- The head was emptied with the chain (a test database reset): the chain starts again.
    INSERT INTO evidence_chain_head (position, hash) VALUES (0, repeat('0', 64)) ON CONFLICT DO NOTHING;
    SELECT * INTO head FROM evidence_chain_head FOR UPDATE;
  END IF;
  -- Every transaction of this database older than the last horizon's has ended (prepared ones
  -- too): the entries up to its id are all committed, or never will be. Read here, not in a
  -- snapshot's xmin, which a long transaction of any other database would hold back.
  PERFORM pg_stat_clear_snapshot();
  SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = current_database() AND a.backend_xid IS NOT NULL
                       AND age(a.backend_xid) > age(xid(head.horizon_xid)))
     AND NOT EXISTS (SELECT 1 FROM pg_prepared_xacts p WHERE p.database = current_database() AND age(p.transaction) > age(xid(head.horizon_xid)))
    INTO passed;
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
