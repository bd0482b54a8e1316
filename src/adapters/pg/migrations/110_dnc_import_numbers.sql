-- The numbers each list imported from a file (or national registry load) put on a DNC list: its
-- `dnc_list_imported` evidence entry counts them and names the import (`importId`), and a number's
-- evidence (evidence-log-repository.ts) finds the entry through them, so an auditor sees when and
-- how a number came onto the list (a file may add a hundred thousand numbers, too many for one
-- entry's payload).

CREATE TABLE dnc_import_numbers (
  import_id  uuid NOT NULL,
  e164       text NOT NULL,
  PRIMARY KEY (e164, import_id)
);

CREATE INDEX evidence_log_dnc_import_idx ON evidence_log ((payload->>'importId'), id) WHERE kind = 'dnc_list_imported' AND payload->>'importId' IS NOT NULL;
