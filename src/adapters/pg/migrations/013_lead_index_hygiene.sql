-- Lead indexes that cost more than they give, dropped:
--   leads_due_idx: selection probes leads_select_idx per (list, zone) and leads_callback_due_idx
--     for callbacks since 010; nothing reads leads by (campaign, priority, grade, next_dial_at), yet
--     every imported lead paid for it.
--   leads_leased_idx: as long as an index covers leased_by/leased_until, no lease (and no lease
--     release) can be a HOT update, so every lease wrote a new entry into every lead index and left
--     a dead one behind in leads_select_idx for the next probes to step over. Selection treats an
--     expired lease as free by itself; only the crash sweep looks leases up, and it is not on any
--     hot path, so it may read the table.
--   lead_phones_dialable_idx: phones are only ever looked up by lead (one to a few each), which the
--     unique (lead_id, e164) index already serves.
DROP INDEX IF EXISTS leads_due_idx;
DROP INDEX IF EXISTS leads_leased_idx;
DROP INDEX IF EXISTS lead_phones_dialable_idx;

-- Room on each new lead page for the lease, release and dial-result versions of its rows, so they
-- stay HOT (same page, no index writes). Pages already written keep their fill until rewritten.
ALTER TABLE leads SET (fillfactor = 90);
