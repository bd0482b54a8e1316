-- The lead groups an agent handles first when a campaign distributes its calls by a lead attribute
-- (region, industry...): lower-case values, empty for an agent who takes any call.

ALTER TABLE agents ADD COLUMN groups text[] NOT NULL DEFAULT '{}';
