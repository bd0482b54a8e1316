-- Whom the customer of an open call waits for on hold (the next agent of a team or group to come
-- free: {"campaignId", "group", "sinceMs"}), kept as the wait starts and ends, so that a node
-- taking the conversation up after a crash has them go on waiting; null: nobody.
ALTER TABLE attempts ADD COLUMN handover_wait jsonb;
