// Channels in our application that nothing tracks: a previous run's, after a crash, or one this
// run forgot. A person who answers into one hears silence, which is an abandoned call that nobody
// counts, so each is hung up unless it is in a conversation (a bridge with another channel): a
// customer talking to an agent when the engine went down is left to finish, and once one side
// of it leaves, the rest of it is hung up too, since nothing else would. The engine takes up the
// conversations it can (see conversation-adoption.ts in the core), and they stop being watched
// here. A customer the agent had put on hold waits alone in a holding bridge named after the
// agent's bridge, where the agent's leg waits alone: the two are one conversation too (a person who
// called back waits there on the channel they came in on). An agent
// whose phone is still in one it could not take up cannot be logged in until it ends: the login
// would ring the phone in the middle of the call. A colleague's leg in another agent's bridge (a
// consultation or conference the crash cut short) is hung up: the conversation left is the
// bridge's agent's with their customer, and the colleague, whose session ended with the crash,
// logs in again rather than hear that agent's next calls. So is a third party's line in an agent's
// bridge; a customer the agent had left with a third party talks on with them in a bridge of
// their own, a conversation like any other.

import type { Logger } from 'pino';
import { isAttemptChannelId } from '../../core/ids.js';
import type { AriEvent } from './ari-events.js';
import type { AriBridgeSnapshot } from './ari-port.js';
import { agentBridgeId, agentOfLegChannel, attemptOfHoldBridge, isThirdPartyChannel } from './channel-ids.js';

export interface LeftoverPlan {
  hangUp: string[];
  /** Untracked channels held in a conversation, each with the untracked channels it is held with. */
  talking: Map<string, string[]>;
  /** Customers of those conversations who are on hold. */
  held: Set<string>;
}

/** What to do with the untracked channels, given the application's bridges. */
export function planLeftovers(untracked: readonly string[], allBridges: readonly AriBridgeSnapshot[]): LeftoverPlan {
  const leftover = new Set(untracked);
  const plan: LeftoverPlan = { hangUp: [], talking: new Map(), held: new Set() };
  const bridges = withoutVisitingLegs(allBridges);
  for (const bridge of bridges) {
    if (bridge.channels.length < 2) continue;
    const ours = bridge.channels.filter((id) => leftover.has(id));
    for (const id of ours) plan.talking.set(id, ours.filter((other) => other !== id));
  }
  for (const { customer, leg } of heldConversations(bridges)) {
    if (!leftover.has(customer) || !leftover.has(leg) || plan.talking.has(leg)) continue;
    plan.talking.set(leg, [customer]);
    plan.talking.set(customer, [leg]);
    plan.held.add(customer);
  }
  plan.hangUp = untracked.filter((id) => !plan.talking.has(id));
  return plan;
}

/** The bridges with the legs of agents away from their own bridge (in a consultation), and third
 * parties' lines, taken out of agents' bridges. */
function withoutVisitingLegs(bridges: readonly AriBridgeSnapshot[]): AriBridgeSnapshot[] {
  return bridges.map((bridge) => {
    if (!bridge.id.startsWith(agentBridgeId(''))) return bridge;
    const channels = bridge.channels.filter((id) => {
      if (isThirdPartyChannel(id)) return false;
      const agentId = agentOfLegChannel(id);
      return agentId === null || agentBridgeId(agentId) === bridge.id;
    });
    return channels.length === bridge.channels.length ? bridge : { ...bridge, channels };
  });
}

/** Customers alone in their holding bridge, each with the agent leg alone in the bridge it names. */
function heldConversations(bridges: readonly AriBridgeSnapshot[]): Array<{ customer: string; leg: string }> {
  const byId = new Map(bridges.map((bridge) => [bridge.id, bridge]));
  const found: Array<{ customer: string; leg: string }> = [];
  for (const bridge of bridges) {
    const attemptId = attemptOfHoldBridge(bridge.id);
    const [customer, ...more] = bridge.channels;
    if (attemptId === null || customer === undefined || more.length > 0 || !customerOf(attemptId, customer)) continue;
    const agentBridge = bridge.name === undefined ? undefined : byId.get(bridge.name);
    const [leg, ...others] = agentBridge?.channels ?? [];
    const agentId = leg === undefined ? null : agentOfLegChannel(leg);
    if (others.length === 0 && leg !== undefined && agentId !== null && agentBridgeId(agentId) === agentBridge?.id) found.push({ customer, leg });
  }
  return found;
}

/** An agent's leg and a customer's channel, bridged together by a crashed run. */
export interface LeftoverConversation {
  agentId: string;
  legChannelId: string;
  /** The customer channel's id, which is its attempt's id. */
  customerChannelId: string;
  /** The customer is on hold, in their own holding bridge. */
  held: boolean;
}

export class LeftoverChannels {
  private talking = new Map<string, string[]>();
  private held = new Set<string>();
  /** When the conversations now watched were found. */
  private foundAtMs = 0;

  constructor(private readonly deps: { hangup: (channelId: string) => Promise<void>; logger: Logger; clock?: () => number }) {}

  /** Hangs up the untracked channels no conversation holds and watches the rest; what was
   * watched before and is not among them has ended. */
  async settle(untracked: readonly string[], bridges: readonly AriBridgeSnapshot[]): Promise<void> {
    const plan = planLeftovers(untracked, bridges);
    this.talking = plan.talking;
    this.held = plan.held;
    this.foundAtMs = (this.deps.clock ?? Date.now)();
    if (plan.hangUp.length > 0 || plan.talking.size > 0) {
      this.deps.logger.warn({ hangingUp: plan.hangUp, leftTalking: [...plan.talking.keys()] }, 'channels in our app that nothing tracks');
    }
    await Promise.all(plan.hangUp.map((id) => this.hangup(id)));
  }

  /** The watched conversations of an agent's leg with one customer: what a restart may take up. */
  agentConversations(): LeftoverConversation[] {
    const found: LeftoverConversation[] = [];
    for (const [channelId, peers] of this.talking) {
      const agentId = agentOfLegChannel(channelId);
      const customers = peers.filter((peer) => agentOfLegChannel(peer) === null);
      const [customerChannelId] = customers;
      if (agentId !== null && customerChannelId !== undefined && customers.length === 1) {
        found.push({ agentId, legChannelId: channelId, customerChannelId, held: this.held.has(customerChannelId) });
      }
    }
    return found;
  }

  /** Stops watching a conversation the engine takes up; false when it is no longer going on. */
  release(channelIds: readonly string[]): boolean {
    if (!channelIds.every((id) => this.talking.has(id))) return false;
    for (const id of channelIds) {
      this.talking.delete(id);
      this.held.delete(id);
    }
    return true;
  }

  /** The agents whose leg from before is held in a conversation left to finish, with when it was found. */
  heldAgents(): Map<string, number> {
    const held = new Map<string, number>();
    for (const channelId of this.talking.keys()) {
      const agentId = agentOfLegChannel(channelId);
      if (agentId !== null) held.set(agentId, this.foundAtMs);
    }
    return held;
  }

  /** A channel nothing tracks entered the app (a previous run's call answered just now). */
  async entered(channelId: string): Promise<void> {
    this.deps.logger.warn({ channelId }, 'unknown channel entered the app; hanging it up');
    await this.hangup(channelId);
  }

  /** True when the event was about a watched conversation: one side left, so the rest goes. */
  handle(event: AriEvent): boolean {
    if (event.type !== 'StasisEnd' && event.type !== 'ChannelDestroyed' && event.type !== 'ChannelLeftBridge') return false;
    const peers = this.talking.get(event.channel.id);
    if (!peers) return false;
    this.talking.delete(event.channel.id);
    this.held.delete(event.channel.id);
    for (const peer of peers) {
      this.held.delete(peer);
      if (!this.talking.delete(peer)) continue;
      void this.hangup(peer);
    }
    return true;
  }

  private async hangup(channelId: string): Promise<void> {
    try {
      await this.deps.hangup(channelId);
    } catch (error: unknown) {
      // Gone already is what we wanted; anything else is logged and left.
      this.deps.logger.debug({ channelId, err: error }, 'hang-up of a leftover channel failed');
    }
  }
}

/** The channel in an attempt's holding bridge is its customer: the attempt's own (named by its id),
 * or the one a person who called back came in on (named by the PBX, not after anything of ours). */
function customerOf(attemptId: string, channelId: string): boolean {
  if (channelId === attemptId) return true;
  return !isAttemptChannelId(channelId) && agentOfLegChannel(channelId) === null && !isThirdPartyChannel(channelId);
}
