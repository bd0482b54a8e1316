// Creates the demo's campaign, list, leads and agents with their tokens.

import { randomBytes } from 'node:crypto';
import { upsertAgent } from '../adapters/pg/agent-repository.js';
import { issueToken } from '../adapters/pg/api-token-repository.js';
import { createCampaign, type Campaign } from '../adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../adapters/pg/lead-repository.js';
import { markLaboratory, readLaboratoryMarker } from '../adapters/pg/laboratory-marker.js';
import type { Pool } from '../adapters/pg/pool.js';
import { hashToken } from '../adapters/http/authenticate.js';
import type { PacingMode } from '../core/campaign-settings.js';
import { roundTheClockWindow } from './round-the-clock.js';
import { industries, syntheticLeads } from './synthetic-leads.js';

export interface DemoSeedOptions {
  leads: number;
  agents: number;
  seed: number;
  mode: PacingMode;
  amd: boolean;
  wrapUpMs: number;
  dialLevel: number;
  /** Campaign settings beyond the defaults (tests shorten retries, for example). */
  settings?: Record<string, unknown>;
}

export interface DemoSeed {
  campaign: Campaign;
  agents: { id: string; token: string; groups: string[] }[];
}

/** What the demo campaign is to reach: shown on the wallboard and the results page. */
const demoTargets = [{ measure: 'appointment', count: 10, per: 'day' }, { measure: 'success', count: 25, per: 'day' }];

const SCRIPT = 'Hello {first_name}, this is {agent_name} calling about {company}. Do you have a minute?';

/** The campaign's own numbers in a few of the synthetic leads' areas (fictional 555-01xx). */
/** The verification desk the demo's agents call about some customers (the simulated PBX answers it). */
export const demoVerificationDesk = { name: 'Verification desk', number: '+442079460123' };

const demoLocalNumbers = ['+12125550199', '+13155550199', '+14045550199', '+16175550199', '+13055550199', '+12155550199'];

export async function seedDemo(pool: Pool, options: DemoSeedOptions): Promise<DemoSeed> {
  // The demo dials its simulated PBX round the clock: custom hours that stand only in a laboratory.
  if (!(await readLaboratoryMarker(pool)).laboratory) await markLaboratory(pool, { laboratory: true, by: 'demo' });
  // Campaign names are unique: two demos started in the same second must not collide.
  const stamp = `${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(2).toString('hex')}`;
  const campaign = await createCampaign(pool, {
    // With AMD, machines get the campaign's message once their greeting is over.
    name: `Demo ${stamp} ${Math.floor(options.seed)}`, mode: options.mode, amdEnabled: options.amd, machineAction: 'leave_message',
    wrapUpMs: options.wrapUpMs, dialLevel: options.dialLevel, ringTimeoutMs: 20_000, callerId: '"Outpace" <+16505550100>', script: SCRIPT,
    faq: [{ question: 'Why are you calling?', answer: 'You asked about our offer on our website.' }],
    // Calls go first to a bot that knows the lead's industry: each bot is given two of them.
    // Leads of the first areas are shown a number of their own area (local presence).
    settings: { callingWindow: roundTheClockWindow, targets: demoTargets, distributeBy: 'industry', callerIdPool: demoLocalNumbers, thirdParties: [demoVerificationDesk], ...options.settings },
  });
  const list = await createList(pool, { campaignId: campaign.id, name: 'demo list', defaultRegion: 'US' });
  await insertLeads(pool, list.id, syntheticLeads(options.leads, options.seed));
  const agents: DemoSeed['agents'] = [];
  for (let i = 1; i <= options.agents; i++) {
    const id = `bot-${String(i).padStart(2, '0')}`;
    const groups = [0, 1].map((k) => industries[(2 * (i - 1) + k) % industries.length] ?? '');
    await upsertAgent(pool, { id, name: `Bot ${i}`, endpoint: null, groups });
    const { token } = await issueToken(pool, { role: 'agent', name: `Bot ${i}`, agentId: id }, hashToken);
    agents.push({ id, token, groups });
  }
  return { campaign, agents };
}
