-- Leads imported with a zone column of "EST", "MST" or "HST" were stored with those zones, which
-- the platform reads as fixed offsets with no daylight saving ("EST" an hour off New York all
-- summer). Imports now read them as the regions lists mean (zone-abbreviations.ts); existing
-- leads follow: EST New York, HST Honolulu, MST Denver with Phoenix kept beside it.

UPDATE leads SET timezone = 'America/New_York', other_time_zones = nullif(array_remove(other_time_zones, 'America/New_York'), '{}')
WHERE timezone = 'EST';

UPDATE leads SET timezone = 'Pacific/Honolulu', other_time_zones = nullif(array_remove(other_time_zones, 'Pacific/Honolulu'), '{}')
WHERE timezone = 'HST';

UPDATE leads SET timezone = 'America/Denver',
  other_time_zones = array_append(array_remove(coalesce(array_remove(other_time_zones, 'America/Denver'), '{}'), 'America/Phoenix'), 'America/Phoenix')
WHERE timezone = 'MST';

-- Campaigns could be given them too (the API now refuses them); their leads with no zone of their
-- own follow the campaign's. MST, fixed all year, is Phoenix's time.
UPDATE campaigns SET timezone = 'America/New_York' WHERE timezone = 'EST';
UPDATE campaigns SET timezone = 'Pacific/Honolulu' WHERE timezone = 'HST';
UPDATE campaigns SET timezone = 'America/Phoenix' WHERE timezone = 'MST';
