-- Why the campaign's message was not left on the answering machine a call reached (the lead had
-- not consented to prerecorded messages): a supervisor sees why a machine got no message.

ALTER TABLE attempts ADD COLUMN message_withheld text
  CONSTRAINT attempts_message_withheld_check CHECK (message_withheld IN ('no_prerecorded_consent'));
