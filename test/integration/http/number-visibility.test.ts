// One rule for the numbers every view shows, walked through the API of a whole node (engine,
// simulated PBX, Postgres) for each role: a customer's number, a third party's and any number in
// what people wrote are whole for managers and admins only, the business's own caller ID is whole
// for everyone who sees calls, and the engine's ids in notes are never masked. Each view is read
// with each role's token; a role the view is not for is refused.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvidence } from '../../../src/adapters/pg/evidence-log-repository.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import type { Role } from '../../../src/config/schema.js';
import { insertPastCall } from '../../helpers/past-calls.js';
import { roleTokens, startTestNode, tokenAgentId, type TestNode } from '../../helpers/outpace-node.js';
import { allDayWindow, apiCall, waitUntil } from '../../browser/browser-helpers.js';

type Kind = 'customer' | 'third_party' | 'free_text' | 'caller_id';

/** The rule, as the product states it. */
const wholeTo: Record<Kind, readonly Role[]> = {
  customer: ['admin', 'manager'],
  third_party: ['admin', 'manager'],
  free_text: ['admin', 'manager'],
  caller_id: ['admin', 'manager', 'supervisor', 'agent', 'viewer'],
};
const roles: readonly Role[] = ['admin', 'manager', 'supervisor', 'agent', 'viewer'];
const staff: readonly Role[] = ['admin', 'manager', 'supervisor', 'viewer'];
const desk: readonly Role[] = ['admin', 'manager', 'supervisor', 'agent'];
const supervisors: readonly Role[] = ['admin', 'manager', 'supervisor'];

/** Each number as given, and as those who do not see it whole see it. */
const numbers = {
  customer: { whole: '+16465550180', masked: '+*******0180' },
  field: { whole: '(212) 555-0187', masked: '(***) ***-0187' },
  note: {
    whole: 'ring her on (212) 555-0123 about channel 1733400000.123 of call 12345678-1234-4234-8234-123456789012',
    masked: 'ring her on (***) ***-0123 about channel 1733400000.123 of call 12345678-1234-4234-8234-123456789012',
  },
  comment: { whole: 'promised to ring 07700 900123', masked: 'promised to ring ***** **0123' },
  // A staff member's name as written, kept in an evidence entry about a lead (a change to it).
  staffName: { whole: 'Night desk 07700 900124', masked: 'Night desk ***** **0124' },
  callerId: { whole: '+16505550142', masked: '+*******0142' },
  thirdParty: { whole: '+442079460120', masked: '+********0120' },
  agentPhone: { whole: 'PJSIP/+442079460999@trunk', masked: 'PJSIP/+********0999@trunk' },
  // A list uploaded with no header row: its first line of figures is quoted as the header.
  importError: { whole: '(header: 2125550176, Ana)', masked: '(header: ******0176, Ana)' },
};
const callerId = `"Acme" <${numbers.callerId.whole}>`;

let test: TestNode;
let campaignId = '';
let leadId = '';
let attemptId = '';
let importId = '';

beforeAll(async () => {
  test = await startTestNode({ timeScale: 0.1 }, 'number-visibility:');
  const campaign = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
    name: `Numbers ${Date.now()}`, mode: 'progressive', wrapUpMode: 'manual', callerId,
    settings: { callingWindow: allDayWindow, thirdParties: [{ name: 'Verification desk', number: numbers.thirdParty.whole }] },
  });
  campaignId = campaign.id;
  const list = await createList(test.node.pool, { campaignId, name: 'numbers' });
  [leadId = ''] = await insertLeads(test.node.pool, list.id, [{ firstName: 'Ana', phones: [numbers.customer.whole], fields: { mobile: numbers.field.whole } }]);
  await apiCall(test, 'PUT', `/api/agents/${tokenAgentId}`, { name: 'Ann Agent' });
  await apiCall(test, 'PUT', '/api/agents/remote-ray', { name: 'Ray Remote', endpoint: numbers.agentPhone.whole });

  // An earlier call of the agent's, as the engine left it, dispositioned with a note.
  const dialledAt = new Date(Date.now() - 3_600_000);
  attemptId = await insertPastCall(test.node.pool, campaignId, {
    leadId, agentId: tokenAgentId, outcome: 'connected', talkSeconds: 30, dialledAt, disposition: { code: 'callback', before: 'raw_lead', after: 'valid_contact' },
  });
  await test.node.pool.query('UPDATE attempts SET e164 = $2, caller_id = $3 WHERE id = $1', [attemptId, numbers.customer.whole, callerId]);
  await test.node.pool.query('UPDATE dispositions SET notes = $2 WHERE attempt_id = $1', [attemptId, numbers.note.whole]);
  await appendEvidence(test.node.pool, {
    kind: 'dial_checked', campaignId, attemptId, leadId, at: dialledAt, payload: { e164: numbers.customer.whole, callerId, passed: ['dnc'] },
  });
  await appendEvidence(test.node.pool, {
    kind: 'lead_zone_changed', campaignId, leadId, at: dialledAt, payload: { by: numbers.staffName.whole, before: null, after: 'America/Chicago' },
  });
  await apiCall(test, 'POST', `/api/leads/${leadId}/callbacks`, {
    dueAt: new Date(Date.now() + 86_400_000).toISOString(), agentId: tokenAgentId, notes: numbers.note.whole,
  });
  await apiCall(test, 'POST', `/api/attempts/${attemptId}/reviews`, { score: 4, comment: numbers.comment.whole });
  await apiCall(test, 'POST', '/api/dnc', { phone: numbers.customer.whole, campaignId, reason: numbers.comment.whole });

  const upload = await fetch(`${test.node.url}/api/campaigns/${campaignId}/imports?list=headless&map=phone%3DPhone`, {
    method: 'POST', headers: { authorization: `Bearer ${roleTokens.manager}`, 'content-type': 'text/csv' }, body: '2125550176,Ana\n',
  });
  ({ importId } = (await upload.json()) as { importId: string });
  await waitUntil('the headless import failed', async () => (await apiCall<{ status: string }>(test, 'GET', `/api/imports/${importId}`)).status === 'failed', 30_000);

  await apiCall(test, 'POST', `/api/campaigns/${campaignId}/start`);
  await apiCall(test, 'POST', `/api/agents/${tokenAgentId}/login`, { campaignId }, roleTokens.agent);
  await waitUntil('the agent logged in', async () => (await apiCall<{ status: string }>(test, 'GET', `/api/agents/${tokenAgentId}`)).status === 'paused');
}, 60_000);

afterAll(async () => {
  await test?.close();
});

interface Payload { e164?: string; callerId?: string; campaign?: { callerId: string; settings: { thirdParties: Array<{ number: string }> } } }
type Json = Record<string, unknown> & {
  phones: Array<{ e164: string; phone: string }>; fields: { mobile: string }; leads: Array<{ phones: string[] }>;
  calls: Array<{ notes: string }>; callbacks: Array<{ notes: string }>; callerId: string; callerIds: Array<{ callerId: string }>;
  settings: { thirdParties: Array<{ number: string }> }; thirdParties: Array<{ number: string }>; entries: Array<{ kind: string; payload: Payload; reason: string }>;
  attempt: { phone: string; shownAs: string }; error: string; lead: { fields: { mobile: string } }; history: Array<{ notes: string }>;
};
const json = (text: string): Json => JSON.parse(text) as Json;
const entry = (text: string, kind: string): Payload => json(text).entries.find((e) => e.kind === kind)?.payload ?? {};
const asList = (text: string): Json[] => JSON.parse(text) as Json[];

interface View {
  /** What is read, and where in the answer. */
  name: string;
  path: () => string;
  for: readonly Role[];
  kind: Kind;
  number: keyof typeof numbers;
  /** The number as the answer shows it (the whole text of a CSV). */
  pick: (text: string) => string | undefined;
}

const views: View[] = [
  { name: 'lead: phones', path: () => `/api/leads/${leadId}`, for: staff, kind: 'customer', number: 'customer', pick: (t) => json(t).phones[0]?.e164 },
  { name: 'lead: loaded fields', path: () => `/api/leads/${leadId}`, for: staff, kind: 'free_text', number: 'field', pick: (t) => json(t).fields.mobile },
  { name: 'lead search: phones', path: () => `/api/leads?phone=${encodeURIComponent(numbers.customer.whole)}`, for: staff, kind: 'customer', number: 'customer', pick: (t) => json(t).leads[0]?.phones[0] },
  { name: 'lead history: call notes', path: () => `/api/leads/${leadId}/history`, for: staff, kind: 'free_text', number: 'note', pick: (t) => json(t).calls[0]?.notes },
  { name: 'lead history: callback notes', path: () => `/api/leads/${leadId}/history`, for: staff, kind: 'free_text', number: 'note', pick: (t) => json(t).callbacks[0]?.notes },
  { name: 'lead history: changes', path: () => `/api/leads/${leadId}/history`, for: staff, kind: 'free_text', number: 'staffName', pick: (t) => JSON.stringify(json(t).changes) },
  { name: 'callbacks: notes', path: () => `/api/callbacks?campaignId=${campaignId}`, for: roles, kind: 'free_text', number: 'note', pick: (t) => asList(t)[0]?.notes as string },
  { name: 'campaign: caller ID', path: () => `/api/campaigns/${campaignId}`, for: staff, kind: 'caller_id', number: 'callerId', pick: (t) => json(t).callerId },
  { name: 'campaign: third parties', path: () => `/api/campaigns/${campaignId}`, for: staff, kind: 'third_party', number: 'thirdParty', pick: (t) => json(t).settings.thirdParties[0]?.number },
  { name: 'campaigns: third parties', path: () => '/api/campaigns', for: staff, kind: 'third_party', number: 'thirdParty', pick: (t) => asList(t).find((c) => c.id === campaignId)?.settings.thirdParties[0]?.number },
  { name: 'evidence: number dialled', path: () => `/api/campaigns/${campaignId}/evidence`, for: staff, kind: 'customer', number: 'customer', pick: (t) => entry(t, 'dial_checked').e164 },
  { name: 'evidence: caller ID of a dial', path: () => `/api/campaigns/${campaignId}/evidence`, for: staff, kind: 'caller_id', number: 'callerId', pick: (t) => entry(t, 'dial_checked').callerId },
  { name: 'evidence: caller ID set', path: () => `/api/campaigns/${campaignId}/evidence`, for: staff, kind: 'caller_id', number: 'callerId', pick: (t) => entry(t, 'campaign_created').campaign?.callerId },
  { name: 'evidence: third parties set', path: () => `/api/campaigns/${campaignId}/evidence`, for: staff, kind: 'third_party', number: 'thirdParty', pick: (t) => entry(t, 'campaign_created').campaign?.settings.thirdParties[0]?.number },
  { name: 'evidence.csv: number dialled', path: () => `/api/campaigns/${campaignId}/evidence.csv?kinds=dial_checked`, for: staff, kind: 'customer', number: 'customer', pick: (t) => t },
  { name: 'evidence.csv: caller ID', path: () => `/api/campaigns/${campaignId}/evidence.csv?kinds=campaign_created`, for: staff, kind: 'caller_id', number: 'callerId', pick: (t) => t },
  { name: 'calls.csv: phone', path: () => `/api/campaigns/${campaignId}/calls.csv`, for: staff, kind: 'customer', number: 'customer', pick: (t) => t },
  { name: 'calls.csv: caller ID', path: () => `/api/campaigns/${campaignId}/calls.csv`, for: staff, kind: 'caller_id', number: 'callerId', pick: (t) => t },
  { name: 'calls.csv: notes', path: () => `/api/campaigns/${campaignId}/calls.csv`, for: staff, kind: 'free_text', number: 'note', pick: (t) => t },
  { name: 'results: by caller ID', path: () => `/api/reports/campaigns/${campaignId}`, for: staff, kind: 'caller_id', number: 'callerId', pick: (t) => json(t).callerIds[0]?.callerId },
  { name: 'screen pop: phone', path: () => `/api/agents/${tokenAgentId}/calls/${attemptId}`, for: desk, kind: 'customer', number: 'customer', pick: (t) => json(t).attempt.phone },
  { name: 'screen pop: phones', path: () => `/api/agents/${tokenAgentId}/calls/${attemptId}`, for: desk, kind: 'customer', number: 'customer', pick: (t) => json(t).phones[0]?.phone },
  { name: 'screen pop: shown as', path: () => `/api/agents/${tokenAgentId}/calls/${attemptId}`, for: desk, kind: 'caller_id', number: 'callerId', pick: (t) => json(t).attempt.shownAs },
  { name: 'screen pop: loaded fields', path: () => `/api/agents/${tokenAgentId}/calls/${attemptId}`, for: desk, kind: 'free_text', number: 'field', pick: (t) => json(t).lead.fields.mobile },
  { name: 'screen pop: callback notes', path: () => `/api/agents/${tokenAgentId}/calls/${attemptId}`, for: desk, kind: 'free_text', number: 'note', pick: (t) => json(t).callbacks[0]?.notes },
  { name: "agent's callbacks: notes", path: () => `/api/agents/${tokenAgentId}/callbacks`, for: desk, kind: 'free_text', number: 'note', pick: (t) => json(t).callbacks[0]?.notes },
  { name: 'transfer targets: third parties', path: () => `/api/agents/${tokenAgentId}/transfer-targets`, for: desk, kind: 'third_party', number: 'thirdParty', pick: (t) => json(t).thirdParties[0]?.number },
  { name: "team: an agent's phone", path: () => '/api/team', for: supervisors, kind: 'third_party', number: 'agentPhone', pick: (t) => asList(t).find((m) => m.id === 'remote-ray')?.endpoint as string },
  { name: 'import: why it failed', path: () => `/api/imports/${importId}`, for: staff, kind: 'free_text', number: 'importError', pick: (t) => json(t).error },
  { name: 'DNC check: reason', path: () => `/api/dnc/check?phone=${encodeURIComponent(numbers.customer.whole)}&campaignId=${campaignId}`, for: staff, kind: 'free_text', number: 'comment', pick: (t) => json(t).entries[0]?.reason },
  { name: 'call reviews: comment', path: () => `/api/attempts/${attemptId}/reviews`, for: supervisors, kind: 'free_text', number: 'comment', pick: (t) => asList(t)[0]?.comment as string },
  { name: "agent's reviews: comment", path: () => `/api/agents/${tokenAgentId}/reviews`, for: desk, kind: 'free_text', number: 'comment', pick: (t) => asList(t)[0]?.comment as string },
];

describe('every view shows each number by one rule for each role', () => {
  const cases = views.flatMap((view) => roles.map((role) => ({ view, role })));
  it.each(cases.map(({ view, role }) => [view.name, role, view] as const))('%s, to %s', async (_name, role, view) => {
    const response = await fetch(`${test.node.url}${view.path()}`, { headers: { authorization: `Bearer ${roleTokens[role]}` } });
    const answer = { status: response.status, text: await response.text() };
    if (!view.for.includes(role)) {
      expect(answer.status).toBe(403);
      return;
    }
    expect(answer.status, answer.text).toBe(200);
    const { whole, masked } = numbers[view.number];
    const [shown, hidden] = wholeTo[view.kind].includes(role) ? [whole, masked] : [masked, whole];
    const seen = view.pick(answer.text) ?? '';
    // A CSV cell doubles the quotes in it; the number itself has none.
    expect(seen.replaceAll('""', '"')).toContain(shown);
    expect(seen).not.toContain(hidden);
  });
});
