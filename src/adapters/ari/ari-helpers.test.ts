// The small pure pieces of the ARI adapter: error codes, end causes, Stasis args, media lists,
// endpoint templates, backoff, the originate limiter and reconciliation.

import { describe, expect, it } from 'vitest';
import { amdVerdict, appArgs, parseStasisArgs } from './app-args.js';
import { toAriError } from './ari-errors.js';
import { parseAriEvent } from './ari-events.js';
import { agentLegChannelId, agentOfLegChannel, channelHalf } from './channel-ids.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { resolveEndCause } from './end-cause.js';
import { customerEndpoint } from './endpoint-template.js';
import { mediaList } from './media-list.js';
import { reconcileChannels } from './reconcile.js';
import { reconnectDelayMs } from './reconnect-backoff.js';

describe('toAriError', () => {
  it('reads the code from the bodies Asterisk sends (ari-client keeps only the body)', () => {
    expect(toAriError(new Error('{"message":"Channel not found"}'), 'hangup').code).toBe('ARI_NOT_FOUND');
    expect(toAriError(new Error('{"message":"Bridge not found"}'), 'addToBridge').code).toBe('ARI_NOT_FOUND');
    expect(toAriError(new Error('{"error":"Allocation failed"}'), 'originate').code).toBe('ARI_ALLOCATION_FAILED');
    expect(toAriError(new Error('{"message":"Endpoint must be specified"}'), 'originate').code).toBe('ARI_BAD_REQUEST');
    expect(toAriError(new Error('{"message":"Channel in invalid state"}'), 'play').code).toBe('ARI_INVALID_STATE');
    expect(toAriError(new Error('{"message":"Channel not in Stasis application"}'), 'addToBridge').code).toBe('ARI_NOT_IN_STASIS');
    expect(toAriError(new Error('{"message":"Bridge with the same bridgeId already exists"}'), 'createBridge').code).toBe('ARI_CONFLICT');
  });

  it("classifies by the status Asterisk answered first, the message choosing only among the refusals that status covers", () => {
    const refused = (status: number, message: string) => toAriError(new Error(JSON.stringify({ message })), 'originate', status);
    // Asterisk's 401 says "Authentication required": no missing parameter, and the operator is told what to check.
    const unauthorized = refused(401, 'Authentication required');
    expect(unauthorized.code).toBe('ARI_UNAUTHORIZED');
    expect(unauthorized.message).toBe("originate: the PBX refused the ARI user and its password (HTTP 401 Authentication required): check ARI_USER and ARI_PASSWORD (ari.user, ari.password) against the PBX's ari.conf");
    expect(toAriError(new Error('{"message":"Authentication required"}'), 'play').code).toBe('ARI_UNAUTHORIZED');
    expect(refused(403, 'Write access denied').message).toMatch(/is read-only in the PBX's ari.conf/);
    expect(refused(403, 'Could not create or update object').code).toBe('ARI_REQUEST_FAILED');
    // The texts of Asterisk's API description, by the status each comes with.
    expect(refused(400, 'Channel not found').code).toBe('ARI_NOT_FOUND'); // addChannel of a channel gone
    expect(refused(400, 'DTMF is required').code).toBe('ARI_BAD_REQUEST');
    expect(refused(404, 'Device name is missing').code).toBe('ARI_NOT_FOUND');
    expect(refused(409, 'Channel not in a Stasis application').code).toBe('ARI_NOT_IN_STASIS');
    expect(refused(409, 'Bridge not in Stasis application; Channel currently recording').code).toBe('ARI_NOT_IN_STASIS');
    expect(refused(409, "The operation cannot be performed in the playback's current state").code).toBe('ARI_INVALID_STATE');
    expect(refused(409, 'Recording not in session').code).toBe('ARI_CONFLICT');
    expect(refused(412, 'Channel in invalid state').code).toBe('ARI_INVALID_STATE');
    expect(refused(422, 'Channel not in Stasis application').code).toBe('ARI_NOT_IN_STASIS');
    expect(refused(422, 'Channel not in this bridge').code).toBe('ARI_REQUEST_FAILED');
    expect(refused(422, 'The format specified is unknown on this system').code).toBe('ARI_REQUEST_FAILED');
    expect(toAriError(new Error('{"error":"Allocation failed"}'), 'originate', 500).code).toBe('ARI_ALLOCATION_FAILED');
  });

  it('uses a surviving status, network codes, and keeps the text', () => {
    expect(toAriError({ status: 404, data: '' }, 'get').code).toBe('ARI_NOT_FOUND');
    expect(toAriError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'connect').code).toBe('ARI_UNREACHABLE');
    const error = toAriError(new Error('{"message":"Something odd"}'), 'play');
    expect(error.code).toBe('ARI_REQUEST_FAILED');
    expect(error.message).toBe('play: Something odd');
  });
});

describe('end cause', () => {
  it('takes the far cause only when our own is 0', () => {
    expect(resolveEndCause({ cause: 0, causeText: 'Unknown' }, { cause: 17, causeText: 'User busy' }))
      .toEqual({ cause: 17, causeText: 'Unknown (peer: User busy)' });
    expect(resolveEndCause({ cause: 19, causeText: 'User alerting, no answer' }, { cause: 16, causeText: 'Normal Clearing' }))
      .toEqual({ cause: 19, causeText: 'User alerting, no answer' });
    expect(resolveEndCause({ cause: 0, causeText: 'Unknown' }, null)).toEqual({ cause: 0, causeText: 'Unknown' });
  });
});

describe('ids and args', () => {
  it('splits Local halves', () => {
    expect(channelHalf('a-1;2')).toEqual({ baseId: 'a-1', half: 2 });
    expect(channelHalf('a-1')).toEqual({ baseId: 'a-1', half: 1 });
  });

  it('reads the agent back from a leg id, and nothing from other channels', () => {
    expect(agentOfLegChannel(agentLegChannelId('ann', 1764570000123))).toBe('ann');
    expect(agentOfLegChannel(agentLegChannelId('team-7', 3))).toBe('team-7');
    expect([agentOfLegChannel('att-12'), agentOfLegChannel('agent-bridge-ann'), agentOfLegChannel('agent-ann-1;2')]).toEqual([null, null, null]);
  });

  it('round-trips Stasis args and maps AMD statuses', () => {
    expect(parseStasisArgs(appArgs.customer('c1', 'a1').split(','))).toEqual({ kind: 'customer', campaignId: 'c1', attemptId: 'a1' });
    expect(parseStasisArgs(['amd', 'HUMAN', 'HUMAN-818-800'])).toEqual({ kind: 'amd', status: 'HUMAN', cause: 'HUMAN-818-800' });
    expect(parseStasisArgs(['amd', 'MACHINE'])).toEqual({ kind: 'amd', status: 'MACHINE', cause: '' });
    expect(parseStasisArgs(['snoop'])).toEqual({ kind: 'snoop', sessionId: '' });
    expect([amdVerdict('HUMAN'), amdVerdict('MACHINE'), amdVerdict('NOTSURE'), amdVerdict('')]).toEqual(['human', 'machine', 'notsure', 'notsure']);
  });

  it('reads a return call with the number dialled, as the return-call dialplan hands it over', () => {
    expect(parseStasisArgs(appArgs.returnCall('+12125550199').split(','))).toEqual({ kind: 'return', dialled: '+12125550199' });
    expect(parseStasisArgs(['return', '442079460999'])).toEqual({ kind: 'return', dialled: '442079460999' });
    expect(parseStasisArgs(['return'])).toEqual({ kind: 'return', dialled: '' });
  });

  it('fills endpoint templates', () => {
    expect(customerEndpoint('Local/{number}@sim-pstn', '+15550100003')).toBe('Local/15550100003@sim-pstn');
    expect(customerEndpoint('PJSIP/{e164}@carrier', '+44 20 7946 0000')).toBe('PJSIP/+442079460000@carrier');
  });

  it('refuses media a comma would break', () => {
    expect(mediaList('sound:outpace/sh')).toEqual(['sound:outpace/sh']);
    expect(mediaList('sound:a,sound:b')).toEqual(['sound:a', 'sound:b']);
    expect(() => mediaList('tone:425/500,0/500')).toThrow(/no scheme/);
  });
});

describe('events', () => {
  it('parses handled events, ignores others, flags malformed ones', () => {
    expect(parseAriEvent({ type: 'ChannelVarset', variable: 'X' })).toMatchObject({ ok: false, reason: 'ignored' });
    expect(parseAriEvent({ type: 'StasisStart' })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseAriEvent('nope')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseAriEvent({ type: 'ChannelDestroyed', cause: 17, cause_txt: 'User busy', channel: { id: 'x;2', name: 'n', state: 'Busy' } }))
      .toMatchObject({ ok: true, event: { type: 'ChannelDestroyed', cause: 17 } });
  });
});

describe('reconnect backoff', () => {
  it('doubles from the minimum up to the maximum, jitter only downwards', () => {
    expect(reconnectDelayMs(0, 500, 30_000, () => 0)).toBe(500);
    expect(reconnectDelayMs(3, 500, 30_000, () => 0)).toBe(4000);
    expect(reconnectDelayMs(20, 500, 30_000, () => 0)).toBe(30_000);
    expect(reconnectDelayMs(20, 500, 30_000, () => 1)).toBe(24_000);
  });
});

describe('ConcurrencyLimiter', () => {
  it('never runs more than the limit at once', async () => {
    const limiter = new ConcurrencyLimiter(3);
    let running = 0;
    let peak = 0;
    await Promise.all(Array.from({ length: 20 }, (_, n) => limiter.run(async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, n % 3));
      running--;
    })));
    expect(peak).toBe(3);
    expect(limiter.active).toBe(0);
  });
});

describe('reconcileChannels', () => {
  it('sorts tracked channels into gone, kept and unsubscribed', () => {
    const report = reconcileChannels(
      [{ owner: 'a1', channelId: 'a1' }, { owner: 'a2', channelId: 'a2' }, { owner: 'agent 7', channelId: 'agent-7-1' }],
      [{ id: 'a2', name: '', state: 'Up' }, { id: 'a2;2', name: '', state: 'Up' }, { id: 'agent-7-1', name: '', state: 'Up' }, { id: 'x', name: '', state: 'Up' }],
      { name: 'dialer', channelIds: ['a2', 'a2;2', 'x'], bridgeIds: [] },
    );
    expect(report.gone.map((e) => e.owner)).toEqual(['a1']);
    expect(report.kept.map((e) => e.owner)).toEqual(['a2']);
    expect(report.unsubscribed.map((e) => e.owner)).toEqual(['agent 7']);
    expect(report.untracked).toEqual(['x']);
  });

  it('takes a channel whose originate is on its way for neither lost nor a previous run\'s', () => {
    const report = reconcileChannels([], [{ id: 'a3', name: '', state: 'Ring' }, { id: 'x', name: '', state: 'Up' }],
      { name: 'dialer', channelIds: ['a3', 'x'], bridgeIds: [] }, ['a3', 'a4']);
    expect(report).toEqual({ gone: [], kept: [], unsubscribed: [], untracked: ['x'] });
  });
});
