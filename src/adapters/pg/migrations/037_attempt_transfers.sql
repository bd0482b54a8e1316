-- Calls handed over from one agent to another: how often, and the agent who first had the
-- customer (agent_id is the one who had them last and gave the disposition).

ALTER TABLE attempts ADD COLUMN transfers smallint NOT NULL DEFAULT 0 CHECK (transfers >= 0);
ALTER TABLE attempts ADD COLUMN transferred_from text;
