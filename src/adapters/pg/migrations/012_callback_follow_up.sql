-- Callbacks: when the timer (or the sweep) marked one due, for on-time measurement and reports.
ALTER TABLE callbacks ADD COLUMN fired_at timestamptz;
-- Overdue callbacks: open ones past their follow-up deadline.
CREATE INDEX callbacks_follow_up_idx ON callbacks (campaign_id, follow_up_deadline) WHERE status IN ('pending', 'due');
