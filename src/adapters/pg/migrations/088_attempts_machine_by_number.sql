-- Under UK rules a number AMD took for a machine rests 24 hours, whichever lead or campaign dialled
-- it: selection and the check before each dial look for such a call to the number, as they look
-- for an abandoned one on attempts_abandoned_e164_idx.
CREATE INDEX attempts_machine_e164_idx ON attempts (e164, ended_at) WHERE outcome = 'machine';
