import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings } from '../campaign-settings.js';
import { EngineDriver, ofType } from '../testing/engine-driver.js';
import { dialRulesFrom } from './dial-rules-policy.js';
import { evaluateLead } from './lead-eligibility.js';
import { registryStanding, staleRegistry } from './national-registries.js';

const DAY_MS = 86_400_000;
const start = 100 * DAY_MS;

describe('national registry freshness', () => {
  it('keeps a US load good for 31 days and a UK one for 28, and a registry never loaded stale', () => {
    expect(registryStanding({ registry: 'us_national', loadedAtMs: start }, start + 31 * DAY_MS - 1).stale).toBe(false);
    expect(registryStanding({ registry: 'us_national', loadedAtMs: start }, start + 31 * DAY_MS).stale).toBe(true);
    expect(registryStanding({ registry: 'uk_tps', loadedAtMs: start }, start + 28 * DAY_MS).stale).toBe(true);
    expect(staleRegistry([{ registry: 'uk_ctps', loadedAtMs: null }], start)?.registry).toBe('uk_ctps');
    expect(staleRegistry([], start)).toBeNull();
  });

  it("holds a lead of a campaign scrubbed against a stale registry, and says nothing of registries where it names none", () => {
    const policy = dialRulesFrom({ regime: 'us', timezone: 'UTC', settings: { nationalRegistries: ['us_national'] } });
    const facts = { status: 'new', listActive: true, nextDialAtMs: 0, leasedUntilMs: null, attempts: 0, recentAttemptsMs: [], timeZone: null, phones: [] };
    const stale = evaluateLead({ ...facts, registryLoads: { us_national: start - 40 * DAY_MS } }, policy, start).checks.find((c) => c.rule === 'national_registry');
    expect(stale).toMatchObject({ blocks: true, untilMs: null });
    const fresh = evaluateLead({ ...facts, registryLoads: { us_national: start - DAY_MS } }, policy, start).checks.find((c) => c.rule === 'national_registry');
    expect(fresh?.blocks).toBe(false);
    const none = dialRulesFrom({ regime: 'us', timezone: 'UTC', settings: {} });
    expect(evaluateLead(facts, none, start).checks.some((c) => c.rule === 'national_registry')).toBe(false);
  });

  it('stops the pacer asking for leads once the load grows too old, naming the registry as the binding limit', () => {
    const d = new EngineDriver(start);
    d.feed({ type: 'telephony_up' });
    d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: { ...defaultCampaignSettings, callerId: '+16505550100', nationalRegistries: [{ registry: 'us_national', loadedAtMs: start - 31 * DAY_MS + 1_000 }] } });
    d.feed({ type: 'campaign_started', campaignId: 'c1' });
    d.feed({ type: 'agent_login', agentId: 'ag1', campaignId: 'c1', endpoint: 'Local/ag1@sim-agent' });
    d.feed({ type: 'agent_leg_up', agentId: 'ag1' });
    d.feed({ type: 'agent_ready', agentId: 'ag1' });
    expect(ofType(d.advance(200), 'request_leads').length).toBe(1);
    d.feed({ type: 'leads_leased', campaignId: 'c1', requested: 1, leads: [] });
    let asked = 0;
    for (let t = 0; t < 10; t++) asked += ofType(d.advance(200), 'request_leads').length;
    expect(asked).toBe(0);
    expect(d.state.campaigns.get('c1')?.decisions.at(-1)?.binding).toBe('national_registry');
  });
});
