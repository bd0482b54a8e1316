-- The calls a staff member hung up for an agent, for the agent's state log (staff-hangups.ts):
-- those put through and the agent's own dials hung up before, found by agent and end without
-- reading the agent's other calls. Only a staff member's hang-up sets ended_by.
CREATE INDEX attempts_agent_staff_ended_idx ON attempts (agent_id, ended_at) WHERE ended_by IS NOT NULL;
