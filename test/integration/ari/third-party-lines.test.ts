// Third parties an agent calls about their customer, against the simulated PBX: the customer on
// hold while the line rings into the agent's bridge; the customer left with the third party in a
// bridge of their own, the recording going on there; a line that is busy, one the agent ends, and
// a handoff asked for as the third party hangs up.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelephonyCommand } from '../../../src/core/commands.js';
import { customerWith, startHarnessWithAgent, type Harness, ariAuth as auth } from './telephony-harness.js';

const thirdPartyCommand = (attemptId: string, lastDigit: number, holdCustomer = true): Extract<TelephonyCommand, { type: 'dial_third_party' }> => ({
  type: 'dial_third_party', campaignId: '1', attemptId, agentId: 'ag1', number: `+4420794601${lastDigit}`,
  callerId: '"Outpace" <+16505550100>', endpointTemplate: null, ringTimeoutMs: 20_000, holdCustomer,
});

describe('ARI telephony: third parties', () => {
  let h: Harness;
  const members = (bridgeId: string) => h.pbx.bridges().find((b) => b.id === bridgeId)?.channels;
  const lineOf = (attemptId: string) => h.pbx.channels().find((c) => c.id.startsWith('third-party-') && c.id.endsWith(attemptId) && !c.id.endsWith(';2'));

  beforeAll(async () => {
    h = await startHarnessWithAgent('ag1', 'Local/1001@sim-agent');
  });

  afterAll(async () => {
    await h.close();
  });

  const customerWithAg1 = (): Promise<string> => customerWith(h, 'ag1');

  it('rings the third party into the agent\'s bridge, then leaves the customer with it, the recording going on there', async () => {
    const attemptId = await customerWithAg1();
    await h.telephony.execute({ type: 'start_recording', attemptId, agentId: 'ag1' });
    await h.telephony.execute(thirdPartyCommand(attemptId, 0));
    expect(members(`hold-${attemptId}`)).toEqual([attemptId]);
    await h.waitFor('third_party_answered', (i) => i.attemptId === attemptId);
    const line = lineOf(attemptId);
    expect(line?.caller.number).toBe('+16505550100');
    expect(members('agent-bridge-ag1')).toHaveLength(2);
    expect(members('agent-bridge-ag1')).toContain(line?.id);

    await h.telephony.execute({ type: 'hand_off_third_party', campaignId: '1', attemptId, agentId: 'ag1', record: true });
    await h.waitFor('third_party_handed_off', (i) => i.attemptId === attemptId);
    expect([...(members(`third-party-${attemptId}`) ?? [])].sort()).toEqual([attemptId, line?.id].sort());
    expect(members('agent-bridge-ag1')).toHaveLength(1);
    expect(members(`hold-${attemptId}`)).toBeUndefined();
    expect(h.pbx.bridgeRecording(`third-party-${attemptId}`)).toBe(h.telephony.recordingName(attemptId));
    expect(h.pbx.bridgeRecording('agent-bridge-ag1')).toBeNull();

    // The customer hangs up: the core has the line hung up, and the bridge goes with the call.
    await h.telephony.execute({ type: 'hangup_call', attemptId, reason: 'test' });
    await h.waitFor('call_ended', (i) => i.attemptId === attemptId);
    await h.telephony.execute({ type: 'hang_up_third_party', attemptId });
    await h.waitFor('third_party_ended', (i) => i.attemptId === attemptId);
    expect(h.inputsFor(attemptId).filter((i) => i.type === 'third_party_ended')).toEqual([{ type: 'third_party_ended', attemptId, reason: 'hung up' }]);
    await waitFor(() => members(`third-party-${attemptId}`) === undefined && lineOf(attemptId) === undefined);
  });

  it('says why a third party did not answer, and ends a line the agent ends', async () => {
    const attemptId = await customerWithAg1();
    await h.telephony.execute(thirdPartyCommand(attemptId, 5));
    expect((await h.waitFor('third_party_ended', (i) => i.attemptId === attemptId)).reason).toBe('busy');

    await h.telephony.execute(thirdPartyCommand(attemptId, 0, false));
    await h.waitFor('third_party_answered', (i) => i.attemptId === attemptId);
    await h.telephony.execute({ type: 'hang_up_third_party', attemptId });
    await waitFor(() => h.inputsFor(attemptId).filter((i) => i.type === 'third_party_ended').length === 2);
    expect(members('agent-bridge-ag1')).toHaveLength(1);
    await h.telephony.execute({ type: 'hangup_call', attemptId, reason: 'test' });
    await h.waitFor('call_ended', (i) => i.attemptId === attemptId);
  });

  it('has the customer back with the agent when the third party is gone as the handoff is asked for', async () => {
    const attemptId = await customerWithAg1();
    await h.telephony.execute(thirdPartyCommand(attemptId, 0));
    await h.waitFor('third_party_answered', (i) => i.attemptId === attemptId);
    await fetch(`${h.pbx.url}/ari/channels/${lineOf(attemptId)?.id ?? ''}`, { method: 'DELETE', headers: auth });
    await h.waitFor('third_party_ended', (i) => i.attemptId === attemptId);
    await h.telephony.execute({ type: 'hand_off_third_party', campaignId: '1', attemptId, agentId: 'ag1', record: false });
    const failed = await h.waitFor('third_party_handoff_failed', (i) => i.attemptId === attemptId);
    expect(failed.reason).toContain('no longer on the line');
    expect(members('agent-bridge-ag1')).toContain(attemptId);
    expect(members(`hold-${attemptId}`)).toBeUndefined();
    expect(members(`third-party-${attemptId}`)).toBeUndefined();
    await h.telephony.execute({ type: 'hangup_call', attemptId, reason: 'test' });
    await h.waitFor('call_ended', (i) => i.attemptId === attemptId);
  });
});

async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
