-- A disposition code may ask the agent for notes (why not interested, what was agreed): the
-- disposition is refused without them, so the reason is on record for the team and for QA.
ALTER TABLE disposition_catalog ADD COLUMN notes_required boolean NOT NULL DEFAULT false;
