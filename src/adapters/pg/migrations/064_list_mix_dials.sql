-- The dials each list has had lately, decaying by half every ten minutes or so (a quarter hour's
-- time constant), so that the list mix holds across leases: one dial at a time, each list's best
-- lead ranked first in every lease, went to the same list every time.

ALTER TABLE lists ADD COLUMN mix_dials double precision NOT NULL DEFAULT 0,
  ADD COLUMN mix_at timestamptz;
