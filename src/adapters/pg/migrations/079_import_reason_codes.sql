-- Why an import failed and why each row was reported, also as a code with what it names, for a
-- page to say in its own language; the English text stays for the API, the CLI and the report.
-- Imports before this have none: their English text is shown.

ALTER TABLE lead_imports ADD COLUMN error_code text, ADD COLUMN error_params jsonb;
ALTER TABLE lead_import_errors ADD COLUMN reason_code text, ADD COLUMN reason_params jsonb;
