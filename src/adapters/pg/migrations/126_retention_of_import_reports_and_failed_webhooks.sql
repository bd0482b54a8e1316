-- Storage limitation for two kinds of personal data that were kept for ever:
--
-- An import's error report (lead_import_errors) quotes the rows it refused, names and numbers
-- included. The hourly housekeeping job deletes the report's rows `imports.errorRetentionDays`
-- after the import finished; the import's counts stay, and errors_deleted_at says when its report
-- went, so a page or the API says so rather than showing an empty report as if nothing was refused.
--
-- A CRM webhook delivery that failed for good kept its body (names, numbers, notes) until a
-- manager sent it again. The same job deletes that body `webhooks.retentionDays` after its last
-- try: the row stays (event, URL, tries, the last refusal) so operators see it failed, with
-- payload NULL and payload_deleted_at set; such a delivery can no longer be sent again.

ALTER TABLE lead_imports ADD COLUMN errors_deleted_at timestamptz;
-- The job finds the finished imports whose report is still kept by when they finished.
CREATE INDEX lead_imports_errors_kept_idx ON lead_imports (finished_at) WHERE errors_deleted_at IS NULL AND finished_at IS NOT NULL;

ALTER TABLE webhook_deliveries ALTER COLUMN payload DROP NOT NULL;
ALTER TABLE webhook_deliveries ADD COLUMN payload_deleted_at timestamptz;
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_payload_deleted_check
  CHECK ((payload IS NULL) = (payload_deleted_at IS NOT NULL));
-- The failed bodies still kept, by their last try.
CREATE INDEX webhook_deliveries_failed_kept_idx ON webhook_deliveries (last_try_at)
  WHERE status = 'failed' AND payload IS NOT NULL AND event <> 'lead_erased';
