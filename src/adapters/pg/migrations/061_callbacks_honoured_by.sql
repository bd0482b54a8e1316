-- The dial that closed a callback and the state it closed it in: a dial checked but never sent
-- gives the callback back.

ALTER TABLE callbacks ADD COLUMN honoured_by uuid REFERENCES attempts (id) ON DELETE SET NULL,
  ADD COLUMN honoured_from text;
CREATE INDEX callbacks_honoured_by_idx ON callbacks (honoured_by) WHERE honoured_by IS NOT NULL;
