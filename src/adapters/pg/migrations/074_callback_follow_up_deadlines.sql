-- Every callback has its follow-up deadline: those a disposition made were stored without one
-- (read as due + 48 h), while those of the callbacks route had it; both now store it alike.

UPDATE callbacks SET follow_up_deadline = due_at + interval '48 hours' WHERE follow_up_deadline IS NULL;
-- Overdue callbacks are read by the plain column (callbacks_follow_up_idx): none may lack it.
ALTER TABLE callbacks ALTER COLUMN follow_up_deadline SET NOT NULL;
