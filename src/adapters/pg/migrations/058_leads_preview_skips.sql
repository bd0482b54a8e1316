-- Skips of a lead in preview since it was last dialled (or its list reset): a campaign may set a
-- lead aside, exhausted, once agents have passed over it so many times.

ALTER TABLE leads ADD COLUMN preview_skips integer NOT NULL DEFAULT 0;
