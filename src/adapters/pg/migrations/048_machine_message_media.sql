-- Which message was left on the answering machine a call reached (the campaign's, or its list's
-- own): its media on the PBX, beside when and why it started.
ALTER TABLE attempts ADD COLUMN message_media text;
