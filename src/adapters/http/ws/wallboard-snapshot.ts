// What the supervisor wallboard shows, in one object: every agent with state and time in state,
// and per campaign the live figures from the engine (dial level, calls ringing and connected,
// abandonment against its budget) next to figures read from Postgres (contact rate over the
// last day's dials as the results count them, leads remaining, target progress). The database
// figures are refreshed in the background at most every few seconds, so however many wallboards
// are open, they cost one set of queries.
// With several nodes, each shares its own part through Redis every second and the wallboard on
// any node shows every node's agents and campaigns, each marked with the node that has it.

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { markWallboardWanted, otherWallboardParts, publishWallboardPart, wallboardWanted, withdrawWallboardPart } from '../../redis/wallboard-parts.js';
import { byAgentName, keepsPlace, mergeWallboardParts } from './wallboard-merge.js';
import { listAgents } from '../../pg/agent-repository.js';
import { dialsAndConnected, leadsRemaining, ratioOrNull } from '../../pg/campaign-stats.js';
import { countUndispositionedCalls } from '../../pg/undispositioned-calls.js';
import { campaignTargetProgress } from '../campaign-targets.js';
import { listCampaigns } from '../../pg/campaign-repository.js';
import type { Pool } from '../../pg/pool.js';
import { campaignSnapshot } from '../../metrics/campaign-snapshot.js';
import type { EngineApi } from '../engine-api.js';
import type { BindingLimit } from '../../../core/pacing/pacing-decision.js';
import { callLeadOf, waitingForOf, type CallStatus } from '../../../core/call.js';
import { liveCallFigures } from './live-call-figures.js';
import { pauseAllowedUntilMs } from '../../../core/pause-limit.js';
import { wrapUpEndsAtMs } from '../../../core/wrap-up-end.js';
import { staffMovesOf } from '../acting-staff.js';
import type { StaffShown } from '../../../core/acting-staff.js';
import { consultPartnerOf } from '../../../core/engine/call-transfer.js';

export interface WallboardAgent {
  id: string;
  name: string;
  campaignId: string;
  status: string;
  sinceMs: number;
  secondsInState: number;
  pauseReason: string | null;
  /** Paused for a reason with an allowance: when it runs out (null otherwise). */
  pauseAllowedUntilMs: number | null;
  /** In a wrap-up that ends by itself, when the engine ends it (null otherwise, as for a manual one). */
  wrapUpEndsAtMs: number | null;
  callId: string | null;
  /** The lead of their call (the wallboard links to it) and its group; null when none. */
  leadId: string | null;
  leadGroup: string | null;
  pendingPause: string | null;
  /** Logging out once their call ends. */
  pendingLogout: boolean;
  /** The staff member who paused them, or asked for the pause or logout to come (absent or null: not staff). */
  pausedBy?: StaffShown | null;
  pendingPauseBy?: StaffShown | null;
  pendingLogoutBy?: StaffShown | null;
  /** The lead groups (regions, industries...) the agent is given first; empty: any call. */
  groups: readonly string[];
  /** The node the agent is logged in on: supervisors listen in through that node. */
  nodeId: string;
  /** Their call's recording is paused (card details). */
  recordingPaused: boolean;
  /** Their customer is on hold since then; null when not. */
  heldSinceMs: number | null;
  /** The other agent in a consultation about their call; null when none. */
  consultWith: string | null;
  /** The campaign's third party they called about their call (a verification desk); null when none. */
  thirdParty: string | null;
  /** The group whose next agent to come free their customer waits on hold for; null when none, or
   * when they wait for anyone of another campaign's team. */
  waitingForGroup: string | null;
  /** The other campaign whose team (or group, `waitingForGroup`) their customer waits for; null
   * when none, or when it is the agent's own. */
  waitingForCampaign: string | null;
  /** The agent's microphone is off in their conversation. */
  muted: boolean;
}

/** The wallboard's status for an agent whose phone is still in a call a crashed run left: not
 * logged in here, and busy until that call ends (see leftover-channels.ts). */
export const heldOverStatus = 'held_over';

export interface WallboardCampaign {
  id: string;
  name: string;
  status: string;
  mode: string;
  /** Calls in progress per staffed agent now. */
  dialLevel: number;
  /** The pacer's last target, when it decided anything. */
  targetDialLevel: number | null;
  /** What bound the pacer's last decision (see the decision log), when it decided anything. */
  binding: BindingLimit | null;
  ringing: number;
  waiting: number;
  /** Answered calls hearing a message instead of an agent: the safe-harbor message, or one left
   * on an answering machine. */
  onMessage: number;
  /** Calls the engine is hanging up, until their channel is gone. */
  hangingUp: number;
  /** Calls by state, as `outpace_calls` counts them: the figures above add up to their total. */
  calls: Record<CallStatus, number>;
  /** Customers, of any campaign, on hold for the next agent of this campaign's team to come free. */
  handoversWaiting: number;
  /** Agents paused past their pause reason's allowance. */
  overPauseLimit: number;
  /** Calls with an agent, being put through to one, or handed off to the campaign's third party. */
  connected: number;
  agents: Record<string, number>;
  abandonRate: number;
  abandonBudget: number;
  liveAnswers: number;
  abandoned: number;
  /** Dials in the last 24 h (counted-calls.ts: none blocked by the last check or closed before
   * its dial went out), and the share put through to an agent. */
  attempts24h: number;
  contactRate: number | null;
  leadsRemaining: number | null;
  leadsDue: number | null;
  /** The campaign's daily and weekly targets with what is reached so far. */
  targets: WallboardTarget[];
  /** Calls of the last day put through to an agent that ended over 5 minutes ago without a disposition. */
  undispositioned: number | null;
  /** The node that drives the campaign. */
  nodeId: string;
}

export interface WallboardTarget {
  measure: string;
  per: string;
  count: number;
  reached: number;
}

export interface WallboardSnapshot {
  atMs: number;
  /** The node that served the snapshot. */
  nodeId: string;
  /** Where the other nodes in it are reached (those that said), for their own wallboards. */
  nodeUrls: Record<string, string>;
  agents: WallboardAgent[];
  campaigns: WallboardCampaign[];
}


interface StoredFigures {
  names: Map<string, string>;
  agentNames: Map<string, string>;
  modes: Map<string, string>;
  dials: Map<string, { dials: number; connected: number }>;
  leads: Map<string, { workable: number; due: number }>;
  targets: Map<string, WallboardTarget[]>;
  /** Null until the first load has read them. */
  undispositioned: Map<string, number> | null;
}

const REFRESH_MS = 5_000;
const SHARE_EVERY_MS = 1_000;
const DAY_MS = 86_400_000;

export class WallboardSource {
  private figures: StoredFigures = {
    names: new Map(), agentNames: new Map(), modes: new Map(), dials: new Map(), leads: new Map(), targets: new Map(), undispositioned: null,
  };
  private refreshedAtMs = 0;
  private refreshing: Promise<void> | null = null;
  private shareTimer: NodeJS.Timeout | null = null;
  private readonly waitedFor = new Set<string>();

  constructor(private readonly deps: { pool: Pool; engine: EngineApi; redis: Redis; logger: Logger; refreshMs?: number }) {}

  /** The wallboard now, this node's part and the other nodes' as they last shared them (this
   * node's alone while Redis cannot be read). */
  async snapshot(): Promise<WallboardSnapshot> {
    const own = await this.ownSnapshot();
    const { redis } = this.deps;
    const others = await markWallboardWanted(redis).then(() => otherWallboardParts(redis, own.nodeId)).catch((error: unknown) => {
      this.deps.logger.warn({ err: error }, 'other nodes\' wallboard parts could not be read');
      return new Map<string, unknown>();
    });
    const urls = await Promise.all([...others.keys()].map(async (nodeId) => [nodeId, await this.deps.engine.nodeUrl(nodeId).catch(() => null)] as const));
    const nodeUrls = Object.fromEntries(urls.filter((entry): entry is readonly [string, string] => entry[1] !== null));
    const { snapshot, unreadable } = mergeWallboardParts(own, others, { agents: this.figures.agentNames, campaigns: this.figures.names });
    if (unreadable.length > 0) this.deps.logger.warn({ nodes: unreadable }, 'other nodes shared wallboard parts this node cannot read');
    return { ...snapshot, nodeUrls };
  }

  /** This node's part; waits for the database figures the first time, and when an agent or a
   * campaign has come into the engine since they were read (its name would be missing). */
  async ownSnapshot(): Promise<WallboardSnapshot> {
    const stale = Date.now() - this.refreshedAtMs > (this.deps.refreshMs ?? REFRESH_MS);
    const unnamed = this.newlyUnnamed();
    if (stale || unnamed) {
      const refresh = this.refresh();
      if (this.refreshedAtMs === 0 || unnamed) await refresh;
    }
    return this.live();
  }

  /** True when the engine has an agent or campaign the figures have no name for and that has
   * not already been waited for once (one the database does not know is not asked for again). */
  private newlyUnnamed(): boolean {
    const state = this.deps.engine.state();
    const missing = [
      ...[...state.agents.keys()].filter((id) => !this.figures.agentNames.has(id)).map((id) => `agent ${id}`),
      ...[...state.campaigns.keys()].filter((id) => !this.figures.names.has(id)).map((id) => `campaign ${id}`),
    ].filter((key) => !this.waitedFor.has(key));
    for (const key of missing) this.waitedFor.add(key);
    return missing.length > 0;
  }

  /** Shares this node's part every second while a wallboard is open on any node. */
  startSharing(everyMs = SHARE_EVERY_MS): void {
    if (this.shareTimer) return;
    const share = async (): Promise<void> => {
      try {
        if (!(await wallboardWanted(this.deps.redis))) return;
        const part = await this.ownSnapshot();
        // A share that was under way when sharing stopped must not put the part back up.
        if (this.shareTimer) await publishWallboardPart(this.deps.redis, this.deps.engine.nodeId(), part);
      } catch (error) {
        this.deps.logger.warn({ err: error }, 'wallboard part could not be shared');
      }
    };
    void share();
    this.shareTimer = setInterval(() => { void share(); }, everyMs);
  }

  /** Stops sharing and takes this node's part down. */
  async stopSharing(): Promise<void> {
    if (!this.shareTimer) return;
    clearInterval(this.shareTimer);
    this.shareTimer = null;
    await withdrawWallboardPart(this.deps.redis, this.deps.engine.nodeId()).catch((error: unknown) => {
      this.deps.logger.warn({ err: error }, 'wallboard part could not be withdrawn');
    });
  }

  /** The engine's part now, with whatever database figures are known. */
  live(): WallboardSnapshot {
    const state = this.deps.engine.state();
    const nowMs = this.deps.engine.nowMs();
    const nodeId = this.deps.engine.nodeId();
    const secondsSince = (sinceMs: number): number => Math.max(0, Math.round((nowMs - sinceMs) / 1000));
    const byId = new Map<string, WallboardAgent>();
    for (const a of state.agents.values()) {
      if (a.status === 'logged_out' && nowMs - a.sinceMs >= 60_000) continue;
      const call = a.callId === null ? undefined : state.calls.get(a.callId);
      const settings = state.campaigns.get(a.campaignId)?.settings;
      byId.set(a.id, {
        id: a.id, name: this.figures.agentNames.get(a.id) ?? a.id, campaignId: a.campaignId, status: a.status, sinceMs: a.sinceMs,
        secondsInState: secondsSince(a.sinceMs), pauseReason: a.pauseReason, pauseAllowedUntilMs: pauseAllowedUntilMs(a, settings),
        wrapUpEndsAtMs: wrapUpEndsAtMs(a, settings), callId: a.callId, pendingPause: a.pendingPause, pendingLogout: a.pendingLogout, groups: a.groups, nodeId,
        recordingPaused: call !== undefined && call.recordingPausedAtMs !== null, heldSinceMs: call?.heldAtMs ?? null,
        consultWith: consultPartnerOf(call, a.id), thirdParty: call?.agentId === a.id ? call.thirdParty?.name ?? null : null, muted: a.muted,
        ...waitingForOf(call, a), ...callLeadOf(call), ...staffMovesOf(a),
      });
    }
    for (const [id, sinceMs] of this.deps.engine.agentsHeldOver()) {
      const heldOver: WallboardAgent = {
        id, name: this.figures.agentNames.get(id) ?? id, campaignId: '', status: heldOverStatus, sinceMs,
        secondsInState: secondsSince(sinceMs), pauseReason: null, pauseAllowedUntilMs: null, wrapUpEndsAtMs: null, callId: null, leadId: null, leadGroup: null, pendingPause: null, pendingLogout: false, groups: [], nodeId, recordingPaused: false, heldSinceMs: null,
        consultWith: null, thirdParty: null, muted: false, waitingForGroup: null, waitingForCampaign: null,
      };
      if (!keepsPlace(byId.get(id), heldOver)) byId.set(id, heldOver);
    }
    const agents = [...byId.values()].sort(byAgentName);
    const campaigns = [...state.campaigns.values()].map((campaign): WallboardCampaign => {
      const snap = campaignSnapshot(state, campaign, nowMs);
      const dials = this.figures.dials.get(campaign.id);
      const leads = this.figures.leads.get(campaign.id);
      return {
        id: campaign.id, name: this.figures.names.get(campaign.id) ?? `#${campaign.id}`, status: campaign.status,
        mode: campaign.settings.mode, dialLevel: snap.dialLevel, targetDialLevel: campaign.decisions.at(-1)?.dialLevel ?? null,
        binding: campaign.decisions.at(-1)?.binding ?? null,
        ...liveCallFigures(snap.calls), handoversWaiting: snap.handoversWaiting, overPauseLimit: snap.overPauseLimit, agents: { ...snap.agents },
        // Terms that divide to the rate: UK and strict count the estimated AMD false positives in both.
        abandonRate: snap.abandon.rate, abandonBudget: snap.abandonBudget,
        liveAnswers: snap.abandon.countedLiveAnswers, abandoned: snap.abandon.countedAbandoned,
        attempts24h: dials?.dials ?? 0,
        contactRate: dials ? ratioOrNull(dials.connected, dials.dials) : null,
        leadsRemaining: leads?.workable ?? null, leadsDue: leads?.due ?? null,
        targets: this.figures.targets.get(campaign.id) ?? [],
        undispositioned: this.figures.undispositioned ? this.figures.undispositioned.get(campaign.id) ?? 0 : null,
        nodeId,
      };
    });
    return { atMs: nowMs, nodeId, nodeUrls: {}, agents, campaigns };
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.load()
      .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'wallboard figures could not be read'))
      .finally(() => { this.refreshing = null; this.refreshedAtMs = Date.now(); });
    return this.refreshing;
  }

  private async load(): Promise<void> {
    const { pool, engine } = this.deps;
    const now = new Date(engine.nowMs());
    const [campaigns, agents] = await Promise.all([listCampaigns(pool), listAgents(pool)]);
    const live = campaigns.filter((c) => engine.state().campaigns.has(c.id));
    const figures: StoredFigures = {
      names: new Map(campaigns.map((c) => [c.id, c.name])),
      agentNames: new Map(agents.map((a) => [a.id, a.name])),
      modes: new Map(campaigns.map((c) => [c.id, c.mode])),
      dials: new Map(), leads: new Map(), targets: new Map(),
      undispositioned: await countUndispositionedCalls(pool, live.map((c) => c.id), now),
    };
    for (const campaign of live) {
      const [dials, leads, targets] = await Promise.all([
        dialsAndConnected(pool, { campaignId: campaign.id, from: new Date(now.getTime() - DAY_MS), to: now }),
        leadsRemaining(pool, campaign.id, now),
        campaignTargetProgress(pool, campaign, now.getTime()),
      ]);
      figures.targets.set(campaign.id, targets.map((t) => ({ measure: t.measure, per: t.per, count: t.count, reached: t.reached })));
      figures.dials.set(campaign.id, dials);
      figures.leads.set(campaign.id, { workable: leads.workable, due: leads.dueNow });
    }
    this.figures = figures;
  }
}
