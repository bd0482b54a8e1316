// Every kind of entry the evidence log holds: the one list that writers are typed against and
// readers check a filter by, so a kind asked for that no writer makes is refused, not an empty log.

export const evidenceKinds = [
  'abandon', 'message_withheld',
  'dial_checked', 'dial_blocked', 'manual_dial',
  'dnc_added', 'dnc_removed', 'dnc_list_imported',
  'rule_changed', 'campaign_created', 'campaign_changed', 'campaign_status_changed',
  'list_changed', 'list_reset',
  'recording_started', 'recording_disclosed', 'recording_stopped', 'recording_paused', 'recording_resumed', 'recording_accessed', 'recordings_deleted',
  'leads_exported', 'lead_erased', 'lead_zone_changed', 'lead_consent_changed', 'lead_returned',
  'supervision',
  'return_call',
  'agent_created', 'agent_changed', 'agent_token_issued', 'agent_tokens_revoked',
  'laboratory_marked',
] as const;

export type EvidenceKind = typeof evidenceKinds[number];

const known: ReadonlySet<string> = new Set(evidenceKinds);

export const isEvidenceKind = (kind: string): kind is EvidenceKind => known.has(kind);
