-- Leads whose zone no source named (timezone_source 'campaign_default') were stored with a copy of
-- the campaign's zone at import time, so a later change of the campaign's zone (UTC to
-- America/New_York, say) left them on the old one: called at 08:00 UTC, 03:00 in New York.
-- Imports now store NULL, which every reader takes as the campaign's zone as it is when dialling;
-- existing leads follow. The source marks them reliably: a zone set by hand is 'explicit'.
-- The old zone may stay in list_time_zones with no lead in it: selection's probe of it finds none.

UPDATE leads SET timezone = NULL WHERE timezone_source = 'campaign_default' AND timezone IS NOT NULL;
