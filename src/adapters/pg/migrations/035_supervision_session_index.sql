-- Which node holds a supervision session: its evidence entry says, so ending it works through any
-- node, however long ago and through whichever node it was started.
CREATE INDEX evidence_log_supervision_session_idx ON evidence_log ((payload->>'sessionId')) WHERE kind = 'supervision';
