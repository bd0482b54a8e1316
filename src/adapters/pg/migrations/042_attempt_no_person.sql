-- A call put through as live that reached no person: the agent left the message on an answering
-- machine, or gave a disposition whose code is not "human answered" (a machine, a wrong number).
-- It is no live answer: the abandonment figures, and the answer rates by caller ID and by local
-- hour, leave it out. Kept on the attempt so those counts stay a filter on attempts.
ALTER TABLE attempts ADD COLUMN no_person boolean NOT NULL DEFAULT false;

UPDATE attempts SET no_person = true WHERE message_left_at IS NOT NULL;

UPDATE attempts a SET no_person = true
FROM dispositions d JOIN disposition_catalog c ON c.campaign_id = d.campaign_id AND c.code = d.code
WHERE d.attempt_id = a.id AND NOT c.human_answered;
