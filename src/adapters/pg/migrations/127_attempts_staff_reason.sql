-- Why a staff member hung up a person calling back who waited on hold (POST
-- /api/return-calls/{id}/hangup, `reason`): typed text, which may name the person ("her son keeps
-- calling"). Kept with the call rather than in the append-only evidence log, whose entry names the
-- staff member who ended it, so that erasing the person's data can clear it (lead-erasure.ts).
ALTER TABLE attempts ADD COLUMN staff_reason text;
