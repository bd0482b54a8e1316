// The node's calls-per-second limit, kept up to date with its share of a trunk other nodes drive
// too: the node renews its membership of the trunk every so often with its demand (the calls a
// second its campaigns' pacing wants, trunkDemandOf in the core) and tells the engine its share. A
// share can only grow from one renewal to the next once the others have had a renewal to see why
// and take their smaller shares, so the node takes the smaller of what this renewal and the last
// one gave it: a node that just joined dials nothing until its next renewal, and one whose first
// agent just logged in while others dial renews at once and dials from the renewal after. A node
// alone on the trunk takes it at once. One that stops gives its share back, and one that dies
// gives it when its membership lapses.

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Input } from '../core/inputs.js';
import { nodeDialRateOf, trunkShareOf, type TrunkMember } from '../core/pacing/trunk-share.js';
import { leaveTrunk, renewTrunkMembership } from '../adapters/redis/trunk-members.js';

export type NodeDialRate = Extract<Input, { type: 'node_dial_rate' }>;

export interface TrunkShareOptions {
  nodeId: string;
  trunk: string;
  /** The trunk's limit over every node naming it; 0: none (nothing is shared). */
  trunkDialsPerSecond: number;
  /** The node's own limit; 0: none. */
  nodeDialsPerSecond: number;
  /** How long a membership lasts unrenewed; renewed three times in that. */
  membershipTtlMs: number;
}

export interface TrunkShareDeps {
  redis: Redis;
  submit: (input: NodeDialRate) => void;
  /** What the node asks of the trunk now (trunkDemandOf in the core). */
  demand: () => number;
  logger: Logger;
}

export class TrunkShareKeeper {
  private timer: NodeJS.Timeout | null = null;
  private share: number | null = null;
  /** The share the last renewal worked out; 0 before the first. */
  private lastWorkedOut = 0;
  /** The renewal under way, waited for on a stop so it cannot join the node again after it left. */
  private renewing: Promise<void> = Promise.resolve();
  /** What the node asked at its last renewal. */
  private lastDemand = 0;

  constructor(private readonly deps: TrunkShareDeps, private readonly options: TrunkShareOptions) {}

  /** Sets the node's limit: its own alone, or nothing at all until the trunk's members have seen it. */
  async start(): Promise<void> {
    if (this.options.trunkDialsPerSecond <= 0) {
      this.submit(null);
      return;
    }
    this.submit(0);
    await this.renewNow();
    this.renewEvery();
  }

  /** A node that asked nothing at its last renewal and now asks something (its first agent logged
   * in) says so at once rather than at its next renewal, which then comes a full period later:
   * every other node renews within that period, so by then all have seen the demand, as the
   * timer's own renewals assure. */
  async demandMayHaveRisen(): Promise<void> {
    if (this.timer === null || this.lastDemand > 0 || this.deps.demand() <= 0) return;
    await this.renewing;
    if (this.timer === null) return; // stopped meanwhile
    this.renewEvery();
    await this.renewNow();
  }

  /** Renews every third of the membership's lifetime, from now. */
  private renewEvery(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => { void this.renewNow(); }, Math.max(100, Math.floor(this.options.membershipTtlMs / 3)));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.options.trunkDialsPerSecond <= 0) return;
    await this.renewing;
    await leaveTrunk(this.deps.redis, this.options.trunk, this.options.nodeId)
      .catch((error: unknown) => { this.deps.logger.warn({ err: error }, 'leaving the trunk failed: the other nodes take its share when it lapses'); });
  }

  private renewNow(): Promise<void> {
    this.renewing = this.renew();
    return this.renewing;
  }

  private async renew(): Promise<void> {
    const { trunk, nodeId, trunkDialsPerSecond } = this.options;
    const demand = this.deps.demand();
    this.lastDemand = demand;
    let members: TrunkMember[];
    try {
      members = await renewTrunkMembership(this.deps.redis, { trunk, nodeId, ttlMs: this.options.membershipTtlMs, demand });
    } catch (error: unknown) {
      // The members are not known: the share stays as it was rather than guessing.
      this.deps.logger.warn({ err: error, trunk }, "renewing the node's trunk membership failed: its share stays as it was");
      return;
    }
    const workedOut = trunkShareOf(trunkDialsPerSecond, members, nodeId);
    // Alone, there is no one to wait for: a node that joins the same moment sees this one (the
    // membership is written before the members are read, in one transaction) and waits itself.
    const alone = members.every((member) => member.nodeId === nodeId);
    const share = alone ? workedOut : Math.min(workedOut, this.lastWorkedOut);
    this.lastWorkedOut = workedOut;
    if (share === this.share) return;
    this.deps.logger.info({ trunk, nodes: members.length, demand, share, trunkDialsPerSecond }, "the node's share of the trunk's calls a second changed");
    this.submit(share);
  }

  private submit(share: number | null): void {
    this.share = share;
    this.deps.submit({ type: 'node_dial_rate', perSecond: nodeDialRateOf(this.options.nodeDialsPerSecond, share) });
  }
}
