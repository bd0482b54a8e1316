// Agents' nailed-up phone legs: one originated channel per logged-in agent, kept in the agent's
// own mixing bridge. A leg is registered before it is dialled; its answer (StasisStart) is handed
// to the executor, which puts it into the bridge and then reports agent_leg_up.

import type { Input } from '../../core/inputs.js';
import type { AriEvent } from './ari-events.js';
import { agentBridgeId, channelHalf } from './channel-ids.js';

export interface AgentLeg {
  agentId: string;
  channelId: string;
  bridgeId: string;
  /** Its originate was answered: from then on the PBX has its channel while it lasts (before, a
   * channel list may not show it yet without its being lost). */
  originated: boolean;
  answered: boolean;
  up: boolean;
  /** The last Dial status seen for it (BUSY, CONGESTION...): a Local channel's own end says cause
   * 0, so a busy or unreachable phone is told from one that rang out by this. */
  dialStatus: string;
  /** The bridge of the agent the leg is with for a consultation, away from its own; null: home. */
  visiting: string | null;
}

export interface AgentLegsOptions {
  emit: (input: Input) => void;
  onAnswered: (leg: AgentLeg) => void;
}

export class AgentLegs {
  private readonly byAgent = new Map<string, AgentLeg>();
  private readonly byChannel = new Map<string, AgentLeg>();

  constructor(private readonly options: AgentLegsOptions) {}

  register(agentId: string, channelId: string): AgentLeg {
    const leg: AgentLeg = { agentId, channelId, bridgeId: agentBridgeId(agentId), originated: false, answered: false, up: false, dialStatus: '', visiting: null };
    this.byAgent.set(agentId, leg);
    this.byChannel.set(channelId, leg);
    return leg;
  }

  /** A leg a crashed run left up, in the agent's bridge, taken up as it is (nothing is emitted). */
  adopt(agentId: string, channelId: string): AgentLeg {
    const leg = this.register(agentId, channelId);
    leg.originated = true;
    leg.answered = true;
    leg.up = true;
    return leg;
  }

  forAgent(agentId: string): AgentLeg | undefined {
    return this.byAgent.get(agentId);
  }

  all(): AgentLeg[] {
    return [...this.byAgent.values()];
  }

  markUp(leg: AgentLeg): void {
    if (leg.up || !this.isCurrent(leg)) return;
    leg.up = true;
    this.options.emit({ type: 'agent_leg_up', agentId: leg.agentId });
  }

  /** The leg is gone: forget it and, if it is the agent's current leg, report agent_leg_down. */
  end(leg: AgentLeg, cause: number): void {
    if (this.byChannel.get(leg.channelId) !== leg) return;
    this.byChannel.delete(leg.channelId);
    // A leg replaced by a newer dial for the same agent ends quietly: the agent is on the new one.
    if (!this.isCurrent(leg)) return;
    this.byAgent.delete(leg.agentId);
    this.options.emit({ type: 'agent_leg_down', agentId: leg.agentId, cause, ...(leg.dialStatus === '' ? {} : { dialStatus: leg.dialStatus }) });
  }

  handle(event: AriEvent): boolean {
    if (event.type === 'Dial') return this.onDial(event.peer.id, event.dialstatus);
    if (event.type !== 'StasisStart' && event.type !== 'ChannelDestroyed') {
      return 'channel' in event && this.byChannel.has(channelHalf(event.channel.id).baseId);
    }
    const { baseId, half } = channelHalf(event.channel.id);
    const leg = this.byChannel.get(baseId);
    if (!leg) return false;
    if (half === 2) return true;
    if (event.type === 'ChannelDestroyed') this.end(leg, event.cause);
    else if (!leg.answered) {
      leg.answered = true;
      this.options.onAnswered(leg);
    }
    return true;
  }

  private onDial(peerId: string, dialStatus: string): boolean {
    const leg = this.byChannel.get(channelHalf(peerId).baseId);
    if (!leg) return false;
    if (dialStatus !== '') leg.dialStatus = dialStatus;
    return true;
  }

  /** A leg as the PBX's channel list shows it after the events socket came back: one answered in
   * the gap (its StasisStart lost) is taken into its bridge as it would have been. */
  caughtUp(channel: { id: string; state: string }): void {
    const leg = this.byChannel.get(channel.id);
    if (!leg || leg.answered || channel.state !== 'Up') return;
    leg.answered = true;
    this.options.onAnswered(leg);
  }

  private isCurrent(leg: AgentLeg): boolean {
    return this.byAgent.get(leg.agentId) === leg;
  }
}
