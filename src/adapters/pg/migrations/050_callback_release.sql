-- A personal callback its agent did not take within the campaign's time after it fell due
-- (settings.callbackReleaseMinutes) goes to anyone on the campaign: whose it was and when it was
-- released are kept, for the lead's history and the agent's coaching.
ALTER TABLE callbacks ADD COLUMN released_from text, ADD COLUMN released_at timestamptz;
