// The order of a restart: closing what was left open, taking conversations up only once the
// campaigns are driven here, whenever the PBX answers. The store, PBX and adopter are stand-ins
// recording what they were asked; the database side is tested in the e2e crash test.

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { LeftoverConversation } from './conversation-adopter.js';
import { RestartRecovery } from './restart-recovery.js';

function harness(openConnected: string[], leftovers: LeftoverConversation[] = []) {
  const log: string[] = [];
  let carried = leftovers;
  const recovery = new RestartRecovery({
    nodeId: 'n1', nowMs: () => 1_000, logger: pino({ level: 'silent' }), agentIds: () => ['ann'],
    store: {
      closeOrphanedAttempts: async (_, keep, only) => {
        log.push(`close all but [${[...keep].join(',')}]${only ? ` of [${[...only].join(',')}]` : ''}`);
        return 0;
      },
      connectedAttemptsLeft: async () => new Set(openConnected),
      closeAgentSessionsOfNode: async (_, __, ___, except) => {
        log.push(`sessions but [${[...except].join(',')}]`);
        return [];
      },
    },
    telephony: { leftoverConversations: () => carried },
    adopter: {
      adopt: async (found) => {
        log.push(`adopt [${found.map((c) => c.customerChannelId).join(',')}]`);
        return new Set(found.map((c) => c.customerChannelId));
      },
    },
  });
  return { recovery, log, carry: (next: LeftoverConversation[]) => { carried = next; } };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('RestartRecovery', () => {
  it('with the PBX answering at start: keeps its conversations open, takes them up once the campaigns are driven', async () => {
    const { recovery, log } = harness(['a1', 'a2'], [{ agentId: 'ann', customerChannelId: 'a1', held: false }]);
    recovery.linkUp();
    await recovery.beforeCampaigns(null, true);
    expect(log).toEqual(['close all but [a1]', 'sessions but [ann]']);
    await recovery.afterCampaigns(null);
    expect(log.slice(2)).toEqual(['adopt [a1]', 'close all but [a1] of [a1]', 'sessions but [ann]']);
  });

  it('with the PBX silent: keeps the connected attempts open, and takes up what it carries once it answers', async () => {
    const { recovery, log, carry } = harness(['a1', 'a2']);
    await recovery.beforeCampaigns(null, false);
    expect(log).toEqual(['close all but [a1,a2]', 'sessions but []']);
    await recovery.afterCampaigns(null);
    expect(log).toHaveLength(2);
    carry([{ agentId: 'ann', customerChannelId: 'a2', held: false }]);
    recovery.linkUp();
    await settle();
    expect(log.slice(2)).toEqual(['adopt [a2]', 'close all but [a2] of [a1,a2]']);
    // Once only.
    recovery.linkUp();
    await settle();
    expect(log).toHaveLength(4);
  });

  it('with the PBX answering while the campaigns are synced: waits for them', async () => {
    const { recovery, log, carry } = harness(['a1']);
    await recovery.beforeCampaigns(null, false);
    carry([{ agentId: 'ann', customerChannelId: 'a1', held: false }]);
    recovery.linkUp();
    await settle();
    expect(log.some((line) => line.startsWith('adopt'))).toBe(false);
    await recovery.afterCampaigns(null);
    expect(log.slice(2)).toEqual(['adopt [a1]', 'close all but [a1] of [a1]', 'sessions but [ann]']);
  });
});
