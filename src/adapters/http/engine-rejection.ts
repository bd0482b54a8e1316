// Turns a refusal from the engine into the API's error.

import { rejectionIn, type Command, type RejectionCode } from '../../core/commands.js';
import { ApiError } from './api-error.js';
import type { EngineApi } from './engine-api.js';

export function throwIfRejected(commands: readonly Command[], message?: string): void {
  const rejection = rejectionIn(commands);
  if (rejection) {
    const code = rejection.code === 'unknown_agent' || rejection.code === 'unknown_campaign' || rejection.code === 'unknown_call'
      ? 'not_found' : 'rejected_by_engine';
    throw new ApiError(code, message ?? rejection.message, { engineCode: rejection.code });
  }
}

/** How people know what the engine's refusals name by id: an agent by their display name, a
 * campaign by its name; null for one there is none of, which keeps its id. */
export interface RefusalNames {
  agent: (agentId: string) => Promise<string | null>;
  campaign: (campaignId: string) => Promise<string | null>;
}

/** As throwIfRejected, the colleagues and campaigns the engine's message names by id named as
 * people know them. */
export async function throwIfRejectedNaming(commands: readonly Command[], nameOf: RefusalNames): Promise<void> {
  const rejection = rejectionIn(commands);
  if (!rejection) return;
  const agents = await namesOf(rejection.agentIds ?? [], nameOf.agent);
  const campaigns = await namesOf(rejection.campaignIds ?? [], nameOf.campaign);
  // Agents first: a campaign's name may hold what reads as an agent's id, not the other way round.
  throwIfRejected(commands, campaignsNamed(messageNaming(rejection.message, agents), campaigns));
}

async function namesOf(ids: readonly string[], nameOf: (id: string) => Promise<string | null>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of ids) {
    const name = await nameOf(id);
    if (name !== null) names.set(id, name);
  }
  return names;
}

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The message with each agent id in `names` (standing alone, not within a longer id or number)
 * replaced by the name. */
export function messageNaming(message: string, names: ReadonlyMap<string, string>): string {
  let named = message;
  for (const [agentId, name] of names) {
    named = named.replace(new RegExp(`(?<![\\w.-])${escaped(agentId)}(?![\\w-]|\\.\\w)`, 'g'), () => name);
  }
  return named;
}

/** The message with each "campaign <id>" of an id in `names` written `campaign "<name>"`, as the
 * API's own messages name campaigns. */
export function campaignsNamed(message: string, names: ReadonlyMap<string, string>): string {
  let named = message;
  for (const [campaignId, name] of names) {
    named = named.replace(new RegExp(`\\bcampaign ${escaped(campaignId)}(?![\\w-])`, 'g'), () => `campaign "${name}"`);
  }
  return named;
}

/** True when the engine refused the input with this code. */
export function isRejected(commands: readonly Command[], code: RejectionCode): boolean {
  return commands.some((c) => c.type === 'input_rejected' && c.code === code);
}

/**
 * A campaign this node does not drive: with several nodes, say which one does (its agents log in
 * there), or that none does, rather than that the campaign is unknown.
 */
export async function refuseCampaignElsewhere(engine: Pick<EngineApi, 'campaignDriver' | 'nodeId' | 'nodeUrl'>, campaignId: string): Promise<never> {
  const driver = await engine.campaignDriver(campaignId);
  if (driver === engine.nodeId()) throw new ApiError('conflict', `campaign ${campaignId} is being taken on by this node: try again in a moment`);
  if (driver !== null) {
    const url = await engine.nodeUrl(driver);
    const where = url ? `, at ${url}` : '';
    throw new ApiError('conflict', `campaign ${campaignId} is driven by engine node ${driver}${where}: its agents log in on that node`, { node: driver, url });
  }
  throw new ApiError('conflict', `no engine node drives campaign ${campaignId}: it must be running or paused before agents log in`);
}
