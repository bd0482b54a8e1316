-- Whether this database is a laboratory: one that only ever dials a simulated PBX (the demo's,
-- a test suite's). There, custom calling hours stand as set whatever the campaign's rules, so a
-- simulation can run round the clock; everywhere else a campaign under US or strict rules keeps
-- the US hours (08:00-21:00 local) around custom ones. One row, so every node reads the same.

CREATE TABLE installation (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  laboratory boolean NOT NULL DEFAULT false,
  changed_at timestamptz NOT NULL DEFAULT now(),
  changed_by text NOT NULL DEFAULT 'installed'
);

INSERT INTO installation DEFAULT VALUES;
