// Keeps the engine's campaigns in step with the database: a campaign is driven by the node that
// holds its Redis lease; settings and status changes are fed to the core as inputs. A campaign
// this node takes on (at start-up, or from a node that went away) first has the calls a vanished
// node left open in it closed, then is given its saved pacing model and its abandon history
// before it may start: the regime's window is days long and the budget may be spent already.
// A node that cannot renew a lease (Redis away, or cut off from it) stops dialling the campaign
// before the lease can lapse, since another node may take it on then: one driver at a time.
// A campaign that hands customers to another (or takes them from one) is taken on only by the
// node that drives its partners, when one does, and one driven here while a partner is driven
// elsewhere is given up as soon as it is idle, for the partner's node to take: handovers stay
// within a node. A campaign no longer driven here (stopped, or its lease lost or given up) leaves
// the engine once nothing of it is left on the node (see `release`): its figures stop being
// exported here, and taken on again it is taken on afresh, its abandon history read again.

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CampaignSettings } from '../core/campaign-settings.js';
import type { Input } from '../core/inputs.js';
import { parseSavedPacingModel } from '../core/pacing/saved-pacing-model.js';
import { handoverPartnersOf } from '../core/handover-partners.js';
import { acquireCampaignLease, campaignLeaseHolder, releaseCampaignLease, renewCampaignLease } from '../adapters/redis/campaign-lease.js';
import { nodeLastSeen, presenceTtlMs, presentNodes } from '../adapters/redis/node-presence.js';
import type { EngineStore, StoredCampaign } from './engine-store.js';

type EngineStatus = 'running' | 'paused' | 'stopped';

interface Known {
  settingsJson: string;
  regime: CampaignSettings['regime'];
  status: EngineStatus;
  /** Until when the lease is surely ours, on the lease clock: its last renewal's start plus the lease. */
  heldUntilMs: number;
  /** Its dial caps of 0 as last warned about ('' when none). */
  zeroCaps: string;
  /** Its caller ID's problems as last warned about ('' when none). */
  callerIdProblems: string;
}

/** A running campaign whose caller ID, stored by an older version, would not be accepted now (a
 * national form, which no check could judge) is said once; its status lists it too, and it is not
 * started again until changed. */
const callerIdWarning = 'campaign is running with a caller ID that would be refused now (not in E.164 form, or not a number to call back); change it on the campaigns page';

/** A running campaign that dials nothing for a dial cap of 0 it stored before such caps were
 * refused is said once (its status lists the caps too): the stored value is the manager's to change. */
const zeroCapsWarning = 'campaign is running but dials no lead: a dial cap of 0 stops every dial; set it to 1 or more, or clear it for the default, in its dial rules';

/** Share of the lease before its end at which a node that could not renew it stops dialling. */
const fenceShare = 0.2;

/** Time elapsed on this node, for the leases: Redis lets one lapse after so much real time, whatever
 * the engine's clock says. A wall clock stepped on (an NTP correction, a clock set by hand) fenced
 * every campaign at once; stepped back, it would have kept dialling one whose lease had lapsed. */
const leaseClockMs = (): number => performance.now();

export interface CampaignSyncDeps {
  store: EngineStore;
  redis: Redis;
  nodeId: string;
  leaseMs: number;
  submit: (input: Input) => void;
  /** The engine's clock: history is read up to the moment the core's own counting starts. */
  nowMs: () => number;
  /** True when the campaign has nobody logged in, no call and no lead asked for here. */
  isIdle: (campaignId: string) => boolean;
  logger: Logger;
}

export class CampaignSync {
  private readonly known = new Map<string, Known>();
  /** Campaigns left to the node that drives their handover partners, and that node: said once. */
  private readonly leftToPartners = new Map<string, string>();
  /** Campaigns no longer driven here and still in the engine: each leaves it once nothing of it
   * is left on the node (no agent logged in to it, no call, no lead asked for). */
  private readonly leaving = new Set<string>();
  /** Set when the node starts stopping: its campaigns are handed back, none is taken on again. */
  private halted = false;

  constructor(private readonly deps: CampaignSyncDeps) {}

  /** From now on a pass does nothing, and one under way takes nothing more on: the node stops. */
  halt(): void {
    this.halted = true;
  }

  /** One pass: acquire or renew leases, push changes, stop what is no longer active. */
  async sync(): Promise<void> {
    if (this.halted) return;
    try {
      await this.syncActive();
    } finally {
      this.fenceLapsingLeases();
    }
  }

  private async syncActive(): Promise<void> {
    let active: StoredCampaign[];
    try {
      active = await this.deps.store.activeCampaigns();
    } catch (error) {
      // The database away (a failover): the campaigns driven here stay this node's, their leases
      // being Redis's; what they should be is read again once it answers. Left to lapse, they
      // went to whichever node asked first, away from their agents logged in here.
      await this.renewDriven();
      throw error;
    }
    const seen = new Set<string>();
    for (const campaign of active) {
      if (this.halted) return;
      const askedAtMs = leaseClockMs();
      const drives = this.drives(campaign.id);
      // Most campaigns have no partners: no idleness to work out, no lease to read.
      const partners = handoverPartnersOf(campaign.id, active);
      if (drives && partners.length > 0 && this.deps.isIdle(campaign.id) && await this.partnersDrivenElsewhere(campaign.id, partners)) {
        await this.giveUp(campaign.id);
        continue;
      }
      const leftToPartners = !drives && await this.partnersDrivenElsewhere(campaign.id, partners);
      if (leftToPartners || !(await this.holdLease(campaign.id))) {
        // Stopped here and started again on another node: what it learns is that node's now.
        if (this.known.get(campaign.id)?.status === 'stopped') this.known.delete(campaign.id);
        continue;
      }
      if (this.halted) {
        // Acquired as the stop began: handed back at once (one renewed goes with the others).
        if (!drives) await releaseCampaignLease(this.deps.redis, { campaignId: campaign.id, nodeId: this.deps.nodeId });
        return;
      }
      seen.add(campaign.id);
      await this.apply(campaign, askedAtMs + this.deps.leaseMs);
    }
    for (const [id, known] of this.known) {
      if (seen.has(id) || known.status === 'stopped') continue;
      this.deps.submit({ type: 'campaign_stopped', campaignId: id });
      known.status = 'stopped';
      this.leaving.add(id);
      await releaseCampaignLease(this.deps.redis, { campaignId: id, nodeId: this.deps.nodeId });
    }
  }

  /** Renews the lease of every campaign driven here, as it stands. */
  private async renewDriven(): Promise<void> {
    for (const [id, known] of this.known) {
      if (this.halted) return;
      if (known.status === 'stopped') continue;
      const askedAtMs = leaseClockMs();
      if (await this.holdLease(id)) known.heldUntilMs = askedAtMs + this.deps.leaseMs;
    }
  }

  /** Campaigns this node drives, or stopped and no other node has taken on since: their calls
   * may still be finishing here, and what they learn is this node's to keep. */
  campaignsKeptHere(): string[] {
    return [...this.known.keys()];
  }

  /** The campaigns no longer driven here with nothing of theirs left on the node. */
  drainedCampaigns(): string[] {
    return [...this.leaving].filter((id) => this.deps.isIdle(id));
  }

  /**
   * Takes these campaigns out of the engine, each still not driven here (none taken on again
   * since) and with nothing of it left on the node, as the core checks again in its turn. One
   * that has something back (an agent logged in to it meanwhile) is asked about at the next pass.
   */
  release(campaignIds: readonly string[]): void {
    for (const id of campaignIds) {
      if (!this.leaving.has(id)) continue;
      this.deps.submit({ type: 'campaign_released', campaignId: id });
      // The core forgets the campaign exactly when it is idle: idle now, it is gone.
      if (!this.deps.isIdle(id)) continue;
      this.leaving.delete(id);
      if (this.known.get(id)?.status === 'stopped') this.known.delete(id);
    }
  }

  ownedCampaigns(): string[] {
    return [...this.known].filter(([, k]) => k.status !== 'stopped').map(([id]) => id);
  }

  async releaseAll(): Promise<void> {
    for (const id of this.known.keys()) {
      await releaseCampaignLease(this.deps.redis, { campaignId: id, nodeId: this.deps.nodeId }).catch(() => false);
    }
  }

  private drives(campaignId: string): boolean {
    return this.known.has(campaignId) && this.known.get(campaignId)?.status !== 'stopped';
  }

  /** True when another node drives one of the campaign's handover partners: that node takes it on. */
  private async partnersDrivenElsewhere(campaignId: string, partners: readonly string[]): Promise<boolean> {
    for (const partner of partners) {
      const holder = await campaignLeaseHolder(this.deps.redis, partner);
      if (holder === null || holder === this.deps.nodeId) continue;
      if (this.leftToPartners.get(campaignId) !== holder) {
        this.leftToPartners.set(campaignId, holder);
        this.deps.logger.info({ campaignId, partner, node: holder }, 'campaign left to the node that drives a campaign it hands customers to or takes them from');
      }
      return true;
    }
    this.leftToPartners.delete(campaignId);
    return false;
  }

  private async holdLease(campaignId: string): Promise<boolean> {
    const request = { campaignId, nodeId: this.deps.nodeId, ttlMs: this.deps.leaseMs };
    const owned = this.drives(campaignId);
    const held = owned ? await renewCampaignLease(this.deps.redis, request) : await acquireCampaignLease(this.deps.redis, request);
    if (!held && owned) {
      this.deps.logger.warn({ campaignId }, 'campaign lease lost; another node drives it now');
      this.letGo(campaignId);
    }
    return held;
  }

  /**
   * Campaigns whose lease this node could not renew in time (the renewals failed) are paused here
   * and forgotten before the lease can lapse: another node may take them on then. Taken on afresh
   * at the first pass that holds the lease again.
   */
  fenceLapsingLeases(): void {
    const nowMs = leaseClockMs();
    for (const [id, known] of this.known) {
      if (known.status === 'stopped' || nowMs < known.heldUntilMs - this.deps.leaseMs * fenceShare) continue;
      this.deps.logger.error({ campaignId: id }, 'campaign lease not renewed in time (Redis unreachable?); stopped dialling it until the lease is held again');
      this.letGo(id);
    }
  }

  private async apply(campaign: StoredCampaign, heldUntilMs: number): Promise<void> {
    const settingsJson = JSON.stringify(campaign.settings);
    const { regime } = campaign.settings;
    const status: EngineStatus = campaign.status === 'running' ? 'running' : 'paused';
    const known = this.known.get(campaign.id);
    // Taken on afresh: new here, or stopped here and started again (another node may have
    // driven it in between).
    const takingOn = !known || known.status === 'stopped';
    // Not to be released from here on (one that left the engine is no longer known: configured anew).
    if (takingOn) this.leaving.delete(campaign.id);
    if (!known || known.settingsJson !== settingsJson) this.configure(campaign.id, campaign.settings);
    if (takingOn && !(await this.settleGoneNodes(campaign.id))) return;
    if (takingOn) await this.restoreModel(campaign.id);
    // The core starts a fresh ledger for a new campaign and on a change of regime.
    if ((takingOn || known.regime !== regime) && !(await this.loadHistory(campaign.id, regime))) return;
    if (!known || known.status !== status) {
      this.deps.submit({ type: status === 'running' ? 'campaign_started' : 'campaign_paused', campaignId: campaign.id });
      this.deps.logger.info({ campaignId: campaign.id, status }, 'campaign status applied');
    }
    const running = status === 'running';
    const said = takingOn ? null : known;
    const zeroCaps = this.warnOnce(campaign.id, running ? campaign.zeroDialCapProblems : [], said?.zeroCaps, zeroCapsWarning);
    const callerIdProblems = this.warnOnce(campaign.id, running ? campaign.callerIdProblems : [], said?.callerIdProblems, callerIdWarning);
    this.known.set(campaign.id, { settingsJson, regime, status, heldUntilMs, zeroCaps, callerIdProblems });
  }

  /** Says a running campaign's stored problems once: when it is taken on (`before` undefined) or
   * started, or when they change. Returns them as remembered ('' when none). */
  private warnOnce(campaignId: string, problems: readonly string[], before: string | undefined, message: string): string {
    const now = problems.join('; ');
    if (now !== '' && now !== before) this.deps.logger.warn({ campaignId, problems }, message);
    return now;
  }

  /**
   * Closes the calls a node that went away (crashed, and not back under its id) left open in this
   * campaign, before the history is read: a customer it had put through to an agent is not
   * dialled again in minutes, and one it left unanswered counts as the abandon it was. Its agents'
   * sessions in the campaign close at when it was last seen, calls or none: a node that died idle
   * (or restarts under another id) would otherwise leave them counting as logged in until each
   * agent's next login. A node that is still present (draining after handing the campaign on)
   * finishes its own calls.
   * False when the database could not be asked: taken on afresh at the next pass.
   */
  private async settleGoneNodes(campaignId: string): Promise<boolean> {
    try {
      const gone = await this.goneNodes(campaignId);
      if (gone.length === 0) return true;
      const now = new Date(this.deps.nowMs());
      const closed = await this.deps.store.closeAttemptsOfGoneNodes(campaignId, gone, now);
      for (const node of gone) {
        const at = (await nodeLastSeen(this.deps.redis, node)) ?? now;
        const agents = await this.deps.store.closeAgentSessionsOfNode(node, campaignId, at, new Set());
        if (agents.length > 0) this.deps.logger.warn({ campaignId, node, agents, at }, 'closed the sessions of agents on an engine node that went away');
      }
      if (closed > 0) this.deps.logger.warn({ campaignId, nodes: gone, closed }, 'closed the calls of engine nodes that went away');
      return true;
    } catch (error: unknown) {
      return this.holdForNextPass(campaignId, error, 'settling the calls of engine nodes that went away failed');
    }
  }

  /** Other nodes that left calls or agent sessions of the campaign open and are not present: no
   * mark in Redis, and no word in the database for as long as a mark lasts. One cut off from
   * Redis alone still works its calls and writes their ends: they are its to close. */
  private async goneNodes(campaignId: string): Promise<string[]> {
    const { store } = this.deps;
    const [withCalls, withAgents] = await Promise.all([store.nodesWithOpenAttempts(campaignId), store.nodesWithOpenSessions(campaignId)]);
    const nodes = [...new Set([...withCalls, ...withAgents])];
    const present = await presentNodes(this.deps.redis, nodes);
    const absent = nodes.filter((node) => !present.has(node));
    const working = await store.nodesAliveWithin(absent, presenceTtlMs(this.deps.leaseMs));
    for (const node of working) this.deps.logger.warn({ campaignId, node }, 'an engine node gone from Redis still works its calls; they are left to it');
    return absent.filter((node) => !working.has(node));
  }

  /** A model that cannot be read or is not one this version wrote costs a cold start, no more. */
  private async restoreModel(campaignId: string): Promise<void> {
    try {
      const stored = await this.deps.store.loadPacingModel(campaignId);
      if (!stored) return;
      const model = parseSavedPacingModel(stored.model);
      if (!model) {
        this.deps.logger.warn({ campaignId, savedAt: stored.savedAt }, 'saved pacing model is not in this version\'s format; learning from the priors');
        return;
      }
      this.deps.submit({ type: 'pacing_model_restored', campaignId, model, savedAtMs: stored.savedAt.getTime() });
    } catch (error: unknown) {
      this.deps.logger.warn({ err: error, campaignId }, 'reading the saved pacing model failed; learning from the priors');
    }
  }

  /** False when the history could not be read: the campaign is held paused and taken on afresh
   * at the next pass, rather than dialled against a budget it cannot see. */
  private async loadHistory(campaignId: string, regime: CampaignSettings['regime']): Promise<boolean> {
    try {
      const buckets = await this.deps.store.abandonHistory(campaignId, regime, new Date(this.deps.nowMs()));
      this.deps.submit({ type: 'abandon_history_loaded', campaignId, buckets });
      return true;
    } catch (error: unknown) {
      return this.holdForNextPass(campaignId, error, 'reading the abandon history failed');
    }
  }

  /** A take-on step failed: the campaign is held paused and taken on afresh at the next pass. */
  private holdForNextPass(campaignId: string, error: unknown, what: string): false {
    this.deps.logger.error({ err: error, campaignId }, `${what}; the campaign waits for the next pass`);
    this.letGo(campaignId);
    return false;
  }

  /** An idle campaign whose partner another node drives: that node takes it at its next pass. */
  private async giveUp(campaignId: string): Promise<void> {
    this.deps.logger.info({ campaignId }, 'idle campaign given up for the node that drives a campaign it hands customers to or takes them from');
    this.letGo(campaignId);
    await releaseCampaignLease(this.deps.redis, { campaignId, nodeId: this.deps.nodeId });
  }

  /** Stops dialling the campaign here and forgets it: the next pass that holds its lease takes it
   * on afresh; meanwhile it leaves the engine once nothing of it is left here. */
  private letGo(campaignId: string): void {
    this.deps.submit({ type: 'campaign_paused', campaignId });
    this.known.delete(campaignId);
    this.leaving.add(campaignId);
  }

  private configure(campaignId: string, settings: CampaignSettings): void {
    this.deps.submit({ type: 'campaign_configured', campaignId, settings });
  }
}
