-- The hourly housekeeping job deletes the CRM webhook bodies delivered longer ago than their
-- retention (erasure notices kept): it finds them by when they were delivered.
CREATE INDEX webhook_deliveries_delivered_idx ON webhook_deliveries (delivered_at)
  WHERE status = 'delivered' AND event <> 'lead_erased';
