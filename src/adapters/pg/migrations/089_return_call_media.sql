-- What a person calling back a campaign's caller ID hears: who called, and the key that stops
-- further calls (see src/core/compliance/return-call.ts).
ALTER TABLE campaigns ADD COLUMN return_call_media text NOT NULL DEFAULT 'sound:outpace/return-call';
