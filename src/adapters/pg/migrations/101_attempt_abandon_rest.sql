-- The rest an abandoned call gives its number (72 h under UK rules: the uk or strict regime, or UK
-- calling hours), as the rules of its campaign stood when the call was abandoned: a campaign
-- switched from UK to US rules afterwards still rests the numbers it abandoned under UK rules
-- (abandon-rest-sql.ts). Null on calls abandoned before it was kept: those take the rules their
-- campaign has now, as before.
-- A nullable column without a default changes the catalogue only: attempts is not rewritten, and
-- its exclusive lock is held for a moment.
ALTER TABLE attempts ADD COLUMN abandon_rest_ms integer;
