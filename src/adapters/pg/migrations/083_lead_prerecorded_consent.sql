-- A lead's prior express written consent to prerecorded messages (a message left on an answering
-- machine), as its list's `prerecorded_consent` column gives it: yes, or the date it was given.
-- Without it, a campaign under US (or strict) rules leaves no message on the lead's machine.
-- Leads loaded before have none.

ALTER TABLE leads ADD COLUMN prerecorded_consent boolean NOT NULL DEFAULT false,
  ADD COLUMN prerecorded_consent_on date;
