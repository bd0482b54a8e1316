// Messages on answering machines only for leads who consented to prerecorded messages, through a
// whole node (engine, simulated PBX in digit mode, Postgres): a campaign under US rules leaving its
// message after AMD reaches two machines (numbers ending in 9); the lead whose list gave consent
// gets the message, the other is hung up on as a plain machine, and its call says why, as a
// supervisor reads the lead's history and the evidence log.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { apiCall, createScenario, waitUntil, type Scenario } from '../../browser/browser-helpers.js';

let test: TestNode;
let scenario: Scenario;
const played: Array<{ target: string; media: string }> = [];

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1, sounds: { 'acme/vm': 2_000 } }, 'prerecorded-consent:');
  test.pbx.onEvent((_app, event) => {
    const playback = event.playback as { target_uri?: string; media_uri?: string } | undefined;
    if (event.type === 'PlaybackStarted' && playback) played.push({ target: playback.target_uri ?? '', media: playback.media_uri ?? '' });
  });
  scenario = await createScenario(test, {
    name: `Prerecorded consent ${Date.now()}`, agentId: 'pia', agentName: 'Pia Agent',
    campaign: { amdEnabled: true, machineAction: 'leave_message', machineMessageMedia: 'sound:acme/vm', recordingEnabled: false, regime: 'us' },
    leads: [
      { firstName: 'With', lastName: 'Consent', phones: ['+12125550129'], prerecordedConsent: true, prerecordedConsentOn: '2024-03-15' },
      { firstName: 'Without', lastName: 'Consent', phones: ['+12125550139'] },
    ],
  });
  await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/login`, { campaignId: scenario.campaignId }, scenario.agentToken);
  await waitUntil('agent paused', async () => test.node.runtime.state().agents.get(scenario.agentId)?.status === 'paused');
  await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/ready`, undefined, scenario.agentToken);
}, 60_000);

afterAll(async () => {
  await test?.close();
});

interface AttemptRow { id: string; outcome: string; message_played_at: Date | null; message_withheld: string | null }

describe('a message on an answering machine', () => {
  it('is left for the lead who consented, and withheld, with its reason on the call, for the one who did not', async () => {
    const attemptOf = (leadId: string | undefined) => waitUntil(`lead ${leadId}'s call closed`, async () => (await test.node.pool.query<AttemptRow>(
      'SELECT id, outcome, message_played_at, message_withheld FROM attempts WHERE lead_id = $1 AND ended_at IS NOT NULL', [leadId])).rows[0], 30_000);
    const consented = await attemptOf(scenario.leadIds[0]);
    const withheld = await attemptOf(scenario.leadIds[1]);

    expect(consented).toMatchObject({ outcome: 'machine', message_played_at: expect.any(Date), message_withheld: null });
    expect(withheld).toMatchObject({ outcome: 'machine', message_played_at: null, message_withheld: 'no_prerecorded_consent' });
    expect(played.filter((p) => p.media === 'sound:acme/vm').map((p) => p.target)).toEqual([`channel:${consented.id}`]);

    const history = await apiCall<{ calls: Array<{ attemptId: string; outcome: string; messageWithheld: string | null }> }>(
      test, 'GET', `/api/leads/${scenario.leadIds[1]}/history`, undefined, roleTokens.supervisor);
    expect(history.calls).toEqual([expect.objectContaining({ attemptId: withheld.id, outcome: 'machine', messageWithheld: 'no_prerecorded_consent' })]);
    // And on the evidence log, as the compliance page lists it.
    const evidence = await apiCall<{ entries: Array<{ kind: string; attemptId: string | null; payload: Record<string, unknown> }> }>(
      test, 'GET', `/api/campaigns/${scenario.campaignId}/evidence?kinds=message_withheld`, undefined, roleTokens.supervisor);
    expect(evidence.entries.map((e) => [e.kind, e.attemptId, e.payload])).toEqual([['message_withheld', withheld.id, { reason: 'no_prerecorded_consent' }]]);
  }, 60_000);
});
