// Keeps the engine's campaigns in step with the database: a campaign is driven by the node that
// holds its Redis lease; settings and status changes are fed to the core as inputs.

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CampaignSettings } from '../core/campaign-settings.js';
import type { Input } from '../core/inputs.js';
import { acquireCampaignLease, releaseCampaignLease, renewCampaignLease } from '../adapters/redis/campaign-lease.js';
import type { EngineStore, StoredCampaign } from './engine-store.js';

type EngineStatus = 'running' | 'paused' | 'stopped';

interface Known {
  settingsJson: string;
  status: EngineStatus;
}

export interface CampaignSyncDeps {
  store: EngineStore;
  redis: Redis;
  nodeId: string;
  leaseMs: number;
  submit: (input: Input) => void;
  logger: Logger;
}

export class CampaignSync {
  private readonly known = new Map<string, Known>();

  constructor(private readonly deps: CampaignSyncDeps) {}

  /** One pass: acquire or renew leases, push changes, stop what is no longer active. */
  async sync(): Promise<void> {
    const active = await this.deps.store.activeCampaigns();
    const seen = new Set<string>();
    for (const campaign of active) {
      if (!(await this.holdLease(campaign.id))) continue;
      seen.add(campaign.id);
      this.apply(campaign);
    }
    for (const [id, known] of this.known) {
      if (seen.has(id) || known.status === 'stopped') continue;
      this.deps.submit({ type: 'campaign_stopped', campaignId: id });
      known.status = 'stopped';
      await releaseCampaignLease(this.deps.redis, { campaignId: id, nodeId: this.deps.nodeId });
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

  private async holdLease(campaignId: string): Promise<boolean> {
    const request = { campaignId, nodeId: this.deps.nodeId, ttlMs: this.deps.leaseMs };
    const owned = this.known.has(campaignId) && this.known.get(campaignId)?.status !== 'stopped';
    const held = owned ? await renewCampaignLease(this.deps.redis, request) : await acquireCampaignLease(this.deps.redis, request);
    if (!held && owned) {
      this.deps.logger.warn({ campaignId }, 'campaign lease lost; another node drives it now');
      this.deps.submit({ type: 'campaign_paused', campaignId });
      this.known.delete(campaignId);
    }
    return held;
  }

  private apply(campaign: StoredCampaign): void {
    const settingsJson = JSON.stringify(campaign.settings);
    const status: EngineStatus = campaign.status === 'running' ? 'running' : 'paused';
    const known = this.known.get(campaign.id);
    if (!known || known.settingsJson !== settingsJson) this.configure(campaign.id, campaign.settings);
    if (!known || known.status !== status) {
      this.deps.submit({ type: status === 'running' ? 'campaign_started' : 'campaign_paused', campaignId: campaign.id });
      this.deps.logger.info({ campaignId: campaign.id, status }, 'campaign status applied');
    }
    this.known.set(campaign.id, { settingsJson, status });
  }

  private configure(campaignId: string, settings: CampaignSettings): void {
    this.deps.submit({ type: 'campaign_configured', campaignId, settings });
  }
}
