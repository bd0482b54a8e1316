-- The caller ID each dial presented (the campaign's, or its local presence number of the area
-- called), so results can be read by the number people saw.

ALTER TABLE attempts ADD COLUMN caller_id text;
