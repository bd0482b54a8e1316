-- Rows ending an imported file that are a report's footer (a CRM's totals, confidentiality and
-- copyright lines): skipped and counted apart from the rows read.

ALTER TABLE lead_imports ADD COLUMN footer_rows integer NOT NULL DEFAULT 0;
