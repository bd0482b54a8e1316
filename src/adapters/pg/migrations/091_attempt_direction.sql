-- Which way a call went: the dialler's own dials (outbound), or a person calling back the
-- campaign's number put through to an agent (inbound, see src/core/engine/inbound-call.ts). An
-- inbound call is no dial: the dial caps, the results and the pacing figures leave it out.
ALTER TABLE attempts ADD COLUMN direction text NOT NULL DEFAULT 'outbound'
  CONSTRAINT attempts_direction_check CHECK (direction IN ('outbound', 'inbound'));
