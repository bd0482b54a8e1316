-- Whether the agent of an open call has turned their microphone off, kept as the PBX carries the
-- mute out, so that a node taking the conversation up after a crash keeps it off (ARI does not
-- say whether a channel is muted) rather than turning it on mid-sentence.
ALTER TABLE attempts ADD COLUMN agent_muted boolean NOT NULL DEFAULT false;
