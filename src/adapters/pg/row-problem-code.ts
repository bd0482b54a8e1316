// Why an import reported a row, as a code with what it names (`params`), for a page to say in its
// own language; the report's `reason` stays the English sentence the API, the command line and
// errors.csv give.

export const rowProblemCodes = [
  'nul_character', 'phone_ignored', 'extension_left_out', 'no_valid_phone', 'no_phone', 'text_cut', 'unknown_time_zone',
  'grade_not_a_to_e', 'priority_not_whole', 'priority_out_of_range', 'rows_run_together', 'unclosed_quote_to_end', 'same_external_id_in_file',
  'same_phone_in_file', 'external_id_in_campaign', 'phone_in_campaign', 'read_as_windows_1252', 'byte_order_mark_wins',
  'prerecorded_consent_unreadable',
] as const;

export type RowProblemCode = (typeof rowProblemCodes)[number];
