// Reading metric values back in tests, and driving the engine through common call flows.

import { defaultCampaignSettings, type CampaignSettings } from '../../core/campaign-settings.js';
import { EngineDriver, ofType } from '../../core/testing/engine-driver.js';
import type { LeadDial } from '../../core/inputs.js';
import type { Metrics } from './metrics.js';

/** The value of one series (labels must match exactly the given ones), or undefined. */
export async function valueOf(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const base = name.replace(/_(count|sum|bucket)$/, '');
  const metric = metrics.registry.getSingleMetric(name) ?? metrics.registry.getSingleMetric(base);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const wanted = Object.entries(labels);
  const match = values.find((v) => {
    if ((v as { metricName?: string }).metricName !== undefined && (v as { metricName?: string }).metricName !== name) return false;
    const own = v.labels as Record<string, string | number | undefined>;
    return wanted.every(([k, value]) => String(own[k]) === value)
      && Object.keys(own).filter((k) => k !== 'le').length === wanted.length;
  });
  return match?.value;
}

export function runningDriver(settings: Partial<CampaignSettings> = {}, campaignId = 'c1'): EngineDriver {
  const d = new EngineDriver(1_000_000);
  d.feed({ type: 'telephony_up' });
  d.feed({ type: 'campaign_configured', campaignId, settings: { ...defaultCampaignSettings, ...settings } });
  d.feed({ type: 'campaign_started', campaignId });
  return d;
}

export function readyAgent(d: EngineDriver, agentId: string, campaignId = 'c1'): void {
  d.feed({ type: 'agent_login', agentId, campaignId, endpoint: `Local/${agentId}@sim-agent` });
  d.feed({ type: 'agent_leg_up', agentId });
  d.feed({ type: 'agent_ready', agentId });
}

/** Lets the pacer ask for leads and leases one; the dial is then in progress. */
export function dialOne(d: EngineDriver, attemptId: string, leadId: string, campaignId = 'c1', phone = '+15550100001', lead: Partial<LeadDial> = {}): void {
  const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
  d.feed({ type: 'leads_leased', campaignId, requested, leads: [{ attemptId, leadId, phone, ...lead }] });
}

/** A dial whose only agent, `agentId`, goes on a break as it rings: answered with nobody free,
 * it is given the safe-harbor message. */
export function inSafeHarbor(d: EngineDriver, agentId: string, attemptId: string, leadId: string, phone?: string): void {
  dialOne(d, attemptId, leadId, 'c1', phone);
  d.feed({ type: 'agent_pause', agentId, reason: 'break' });
  d.feed({ type: 'call_answered', attemptId });
  d.advance(1_000);
  d.advance(600);
}

/** The same, and then over: abandoned. */
export function abandonedCall(d: EngineDriver, agentId: string, attemptId: string, leadId: string, phone?: string): void {
  inSafeHarbor(d, agentId, attemptId, leadId, phone);
  d.feed({ type: 'call_ended', attemptId, cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
}
