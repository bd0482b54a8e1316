-- The grade (A-E) the lead had when the attempt was made, so results by grade stay with the grade
-- that was dialled: a lead regraded after its call does not take its past calls to its new grade.
-- Attempts written before this column have none: the results read them by the lead's grade now.
-- Adding a nullable column without a default rewrites nothing.

ALTER TABLE attempts ADD COLUMN lead_grade char(1);
