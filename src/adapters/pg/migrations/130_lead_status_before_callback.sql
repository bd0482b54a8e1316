-- A callback booked for a lead already worked (done, or its dials used up: a follow-up with a
-- customer who bought) keeps the status the lead had, so that calling the callback off puts the
-- lead back as it was rather than into the dialling pool as a new prospect. NULL: the lead was in
-- the pool (or waiting for another callback of the pool) when it was booked.
ALTER TABLE leads ADD COLUMN status_before_callback text;
