-- Whether a DNC entry's reason is what a person typed (a manager's, through POST /api/dnc) rather
-- than what the software wrote (a list's name, the opt-out key, a disposition's code): an erasure
-- clears the typed ones, and the evidence of an addition now says only that one was typed, never
-- its text (the log is append-only: an erasure could not take it back). Set for the entries there
-- as the erasure told them before: a source whose reasons are typed, or the very text the API was
-- given for the number (an addition to an entry a list or an agent made keeps that source).
ALTER TABLE dnc_entries ADD COLUMN reason_typed boolean NOT NULL DEFAULT false;
UPDATE dnc_entries SET reason_typed = true
WHERE reason IS NOT NULL AND reason <> 'reason erased at the person''s request'
  AND source NOT IN ('import', 'national_registry', 'opt_out', 'agent', 'refusal', 'erasure');
UPDATE dnc_entries d SET reason_typed = true
FROM evidence_log e
WHERE e.kind = 'dnc_added' AND e.payload->>'source' = 'api' AND e.payload->>'e164' = d.e164
  AND e.payload->>'reason' = d.reason AND NOT d.reason_typed;
