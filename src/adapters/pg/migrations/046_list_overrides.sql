-- A list's own caller ID and message on answering machines, in place of its campaign's (null:
-- the campaign's): lists of one campaign bought for different brands or regions.
ALTER TABLE lists ADD COLUMN caller_id text;
ALTER TABLE lists ADD COLUMN machine_message_media text;
