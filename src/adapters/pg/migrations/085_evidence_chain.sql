-- The evidence log as a hash chain, so that an entry changed or removed behind the triggers of
-- migration 007 (by a superuser, or with them disabled) is found: each entry has a position in the
-- chain and the SHA-256 (hex) of the hash before it followed by its own content in a canonical form,
-- evidence_canonical below. The first entry follows 64 zeros. `outpace evidence verify` and
-- GET /api/evidence/verify walk the chain (evidence-chain.ts).
--
-- Where the hash is made: in the database, so every writer (the engine, a migration, SQL by hand)
-- gets it, by a constraint trigger deferred to the writer's commit. The chain takes writers one at a
-- time (the update of its one head row locks it), so the lock is held from the commit's start to
-- its end only: taken at the insert, it would be held through the rest of each transaction (the
-- check before every dial writes evidence, then more), making every writer wait for the slowest and
-- risking deadlocks with the row locks those transactions take after. Sealed at commit, a chain
-- never counts an entry rolled back, and positions have no gaps. A writer under REPEATABLE READ
-- that finds the head moved since its snapshot fails to serialise and commits nothing: the chain
-- never forks.
--
-- The hashes are kept beside the log (evidence_chain, one row an entry, added and never changed)
-- rather than in it: the log's rows stay as they were written, no trigger of 007 needs a way round.

LOCK TABLE evidence_log IN EXCLUSIVE MODE;

CREATE TABLE evidence_chain (
  position     bigint PRIMARY KEY,
  evidence_id  bigint NOT NULL UNIQUE,
  hash         text NOT NULL,
  CONSTRAINT evidence_chain_hash_check CHECK (hash ~ '^[0-9a-f]{64}$')
);

-- Where the chain ends: the position and hash of its last entry (0 and 64 zeros when empty).
CREATE TABLE evidence_chain_head (
  only_row  boolean PRIMARY KEY DEFAULT true,
  position  bigint NOT NULL,
  hash      text NOT NULL,
  CONSTRAINT evidence_chain_head_one_row CHECK (only_row)
);

-- An entry's content as one text: the JSON array [position, id, at, campaign_id, kind, attempt_id,
-- lead_id, payload] in PostgreSQL's jsonb text form, `at` in UTC to the microsecond
-- (2026-12-06T17:08:13.123456Z). The same form is built in evidence-chain.ts to check it.
CREATE FUNCTION evidence_canonical(chain_position bigint, e evidence_log) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_array(chain_position, e.id, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.campaign_id, e.kind, e.attempt_id, e.lead_id, e.payload)::text
$$;

CREATE FUNCTION evidence_chain_hash(previous text, canonical text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(previous || canonical, 'UTF8')), 'hex')
$$;

-- The entries written before the chain, in the order they were written (by id).
DO $$
DECLARE
  entry evidence_log;
  at_position bigint := 0;
  last_hash text := repeat('0', 64);
BEGIN
  FOR entry IN SELECT * FROM evidence_log ORDER BY id LOOP
    at_position := at_position + 1;
    last_hash := evidence_chain_hash(last_hash, evidence_canonical(at_position, entry));
    INSERT INTO evidence_chain (position, evidence_id, hash) VALUES (at_position, entry.id, last_hash);
  END LOOP;
  INSERT INTO evidence_chain_head (position, hash) VALUES (at_position, last_hash);
END;
$$;

-- Seals one entry at its writer's commit: the head moves on (its row lock takes writers in turn; a
-- writer waiting behind another computes from the head that one left) and the entry's link is kept.
CREATE FUNCTION evidence_log_seal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  sealed evidence_chain_head%ROWTYPE;
BEGIN
  UPDATE evidence_chain_head h SET position = h.position + 1, hash = evidence_chain_hash(h.hash, evidence_canonical(h.position + 1, NEW))
    RETURNING h.* INTO sealed;
  IF NOT FOUND THEN
    -- The head was emptied with the chain (a test database reset): the chain starts again.
    INSERT INTO evidence_chain_head (position, hash) VALUES (0, repeat('0', 64)) ON CONFLICT DO NOTHING;
    UPDATE evidence_chain_head h SET position = h.position + 1, hash = evidence_chain_hash(h.hash, evidence_canonical(h.position + 1, NEW))
      RETURNING h.* INTO sealed;
  END IF;
  INSERT INTO evidence_chain (position, evidence_id, hash) VALUES (sealed.position, NEW.id, sealed.hash);
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER evidence_log_seal AFTER INSERT ON evidence_log
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION evidence_log_seal();

-- The chain is append-only as the log is; its head moves only by the seal (a trigger's statement).
CREATE FUNCTION evidence_chain_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'evidence_chain_head' AND pg_trigger_depth() > 1 THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  RAISE EXCEPTION '% is append-only: % rejected', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
END;
$$;

CREATE TRIGGER evidence_chain_no_update_delete BEFORE UPDATE OR DELETE ON evidence_chain
  FOR EACH ROW EXECUTE FUNCTION evidence_chain_reject_change();
CREATE TRIGGER evidence_chain_head_moved_by_seal_only BEFORE UPDATE OR DELETE ON evidence_chain_head
  FOR EACH ROW EXECUTE FUNCTION evidence_chain_reject_change();
CREATE TRIGGER evidence_chain_no_truncate BEFORE TRUNCATE ON evidence_chain
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_log_reject_truncate();
CREATE TRIGGER evidence_chain_head_no_truncate BEFORE TRUNCATE ON evidence_chain_head
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_log_reject_truncate();

-- The log emptied (a test database, which opts in) takes its chain with it (unless emptied by the
-- same statement, which leaves it empty and may not be truncated again while it runs).
CREATE FUNCTION evidence_chain_restart() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM evidence_chain) THEN
    TRUNCATE evidence_chain;
  END IF;
  DELETE FROM evidence_chain_head;
  INSERT INTO evidence_chain_head (position, hash) VALUES (0, repeat('0', 64));
  RETURN NULL;
END;
$$;

CREATE TRIGGER evidence_log_truncate_chain AFTER TRUNCATE ON evidence_log
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_chain_restart();
