-- Who, of the staff, made an agent's move for them: the pause a supervisor put them on, the logout
-- they forced, the call they hung up. Each is {"id", "name", "role"} of the staff member; NULL: the
-- agent themselves, the customer or the engine (every row from before).

ALTER TABLE agent_state_log ADD COLUMN by jsonb;
ALTER TABLE agent_sessions ADD COLUMN logout_by jsonb;
ALTER TABLE attempts ADD COLUMN ended_by jsonb;
