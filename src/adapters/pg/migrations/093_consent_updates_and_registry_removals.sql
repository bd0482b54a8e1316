-- An import counts the leads already in the campaign whose consent to prerecorded messages its file
-- changed (a re-import of a list that says "no" for a person withdraws it, one that says "yes" or a
-- date grants it), each change also on the evidence log.
ALTER TABLE lead_imports ADD COLUMN consent_changed integer NOT NULL DEFAULT 0;
