-- The results, the calls export and the wallboard count a campaign's calls by when they were
-- dialled, as the day caps do (attempt-dialled.ts: the originate, or the lease of an attempt never
-- dialled), not by when their lead was leased: a preview read across midnight counts on the day it
-- was dialled. This index finds a period's calls by that time, and lets the export page through
-- them in its order (dial time, id) without sorting the period each page.
-- Built in the migration's transaction, as the other indexes of attempts: writes to attempts wait
-- while it is built.

CREATE INDEX attempts_campaign_dial_time_idx ON attempts (campaign_id, (coalesce(originated_at, created_at)), id);
