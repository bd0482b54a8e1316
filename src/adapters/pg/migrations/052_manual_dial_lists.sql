-- The list a campaign's manual dials go to: a number an agent types that no lead of the campaign
-- holds becomes a lead of it. Created on the first such dial with a mix weight of 0, so the pacer
-- never draws from it unless a manager gives it a weight; one per campaign.
ALTER TABLE lists ADD COLUMN manual_dials boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX lists_manual_dials_idx ON lists (campaign_id) WHERE manual_dials;
